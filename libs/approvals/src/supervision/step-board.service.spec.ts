import type { ModuleRef } from '@nestjs/core';
import type { AppConfig } from '@app/core';
import type { PayoutProgress } from '@app/contracts';
import { DEFAULT_APPROVAL_OPTIONS } from '../approval.options';
import type { ApprovalClock } from '../clock';
import type { CalendarRepository } from './calendar.repository';
import type {
  ConfirmationPassageRow, PaidByItemRow, PendingVerificationRow, ReleasedApplicationRow, StatePassageRow, StepBoardRepository, VerificationPassageRow,
  WaitingApplicationRow,
} from './step-board.repository';
import { combineTimeToMoney, CompletedSteps, StepBoardService } from './step-board.service';
import { WorkingDayCalendar } from './working-day-calendar';

/** The repository's contract in memory: canned rows per query, and the department each was asked for. */
class MemoryBoard {
  waiting: WaitingApplicationRow[] = [];
  pending: PendingVerificationRow[] = [];
  states: StatePassageRow[] = [];
  confirms: ConfirmationPassageRow[] = [];
  verified: VerificationPassageRow[] = [];
  released: ReleasedApplicationRow[] = [];
  paid: PaidByItemRow[] = [];
  asked: Array<string | null> = [];
  private ask<T>(d: string | null, rows: T[]): Promise<T[]> {
    this.asked.push(d);
    return Promise.resolve(rows);
  }
  waitingApplications = (d: string | null) => this.ask(d, this.waiting);
  pendingVerifications = (d: string | null) => this.ask(d, this.pending);
  statePassages = (d: string | null) => this.ask(d, this.states);
  confirmationPassages = (d: string | null) => this.ask(d, this.confirms);
  verificationPassages = (d: string | null) => this.ask(d, this.verified);
  releasedApplications = (d: string | null) => this.ask(d, this.released);
  paidByItem = (d: string | null) => this.ask(d, this.paid);
}

// Monday 18 May 2026 … Friday 22 May 2026, 10:00 in China
const NOW = new Date('2026-05-22T02:00:00Z');
const at = (day: string) => new Date(`${day}T02:00:00Z`);

function setup(opts: { holidays?: string[]; progress?: PayoutProgress[] } = {}) {
  const repo = new MemoryBoard();
  const calendar = { calendar: async () => new WorkingDayCalendar(new Set(opts.holidays ?? [])) } as unknown as CalendarRepository;
  const clock = { now: () => NOW, shift: (d: Date) => d } as unknown as ApprovalClock;
  const moduleRef = {
    get: () => {
      if (!opts.progress) throw new Error('no payout center');
      return { progressOf: async (ids: string[]) => opts.progress!.filter((p) => ids.includes(p.applicationId)) };
    },
  } as unknown as ModuleRef;
  const config = { fulfilment: { confirmWorkingDays: 5, commitmentVerifyWorkingDays: 10 } } as AppConfig;
  const service = new StepBoardService(repo as unknown as StepBoardRepository, calendar, clock, moduleRef, DEFAULT_APPROVAL_OPTIONS, config);
  return { repo, service };
}

const waiting = (over: Partial<WaitingApplicationRow>): WaitingApplicationRow => ({
  id: 'a1', enterprise_name: '甲公司', item_name: '研发补贴', department_code: 'kjj', state: 'submitted', mode: 'application', state_since: at('2026-05-18'),
  confirm_opened_at: null, confirm_by: null, round_ends_at: null, ...over,
});

describe('StepBoardService.openItems', () => {
  it('dates a waiting step from the China day it began plus its limit in working days, and counts the overrun in working days', async () => {
    const { repo, service } = setup();
    repo.waiting = [waiting({})];
    const [item] = await service.openItems('kjj');
    expect(repo.asked).toEqual(['kjj', 'kjj']);
    // 受理 within 3 working days: Thu 21 May; on Fri 22 May it is one working day late
    expect(item).toMatchObject({
      applicationId: 'a1', step: 'accept', stepLabel: '受理', party: 'department', ownerRole: 'dept_reviewer', since: '2026-05-18', dueOn: '2026-05-21',
      limitWorkingDays: 3, elapsedWorkingDays: 4, overdue: true, overdueWorkingDays: 1,
    });
  });

  it('moves the due date past a holiday', async () => {
    const { repo, service } = setup({ holidays: ['2026-05-20'] });
    repo.waiting = [waiting({})];
    expect((await service.openItems(null))[0]).toMatchObject({ dueOn: '2026-05-22', overdue: false, overdueWorkingDays: 0, elapsedWorkingDays: 3 });
  });

  it('holds the firm to its own confirm-by date and a verification to its due date; a round still on display waits on nobody', async () => {
    const { repo, service } = setup();
    repo.waiting = [
      waiting({ id: 'c1', state: 'approved', mode: 'instant', state_since: at('2026-05-18'), confirm_opened_at: at('2026-05-19'), confirm_by: '2026-05-20' }),
      waiting({ id: 'd1', state: 'in_disclosure', round_ends_at: new Date('2026-05-30T00:00:00Z') }),
    ];
    repo.pending = [{ application_id: 'v1', enterprise_name: '乙公司', item_name: '承诺补贴', department_code: 'kjj', created_at: at('2026-05-18'), due_on: '2026-06-01' }];
    const items = await service.openItems(null);
    expect(items.map((i) => i.applicationId)).toEqual(['c1', 'v1']);
    expect(items[0]).toMatchObject({ step: 'confirmation', party: 'enterprise', since: '2026-05-19', dueOn: '2026-05-20', overdue: true, overdueWorkingDays: 2 });
    expect(items[1]).toMatchObject({ step: 'verification', dueOn: '2026-06-01', limitWorkingDays: 10, overdue: false });
  });

  it('places an application released for payment in the payout center\'s step, from its timestamps', async () => {
    const { repo, service } = setup({ progress: [{ applicationId: 'p1', batchedAt: '2026-05-19T01:00:00Z', checkedAt: '2026-05-20T01:00:00Z', settledAt: null }] });
    repo.waiting = [waiting({ id: 'p1', state: 'ready_for_payout' }), waiting({ id: 'p2', state: 'ready_for_payout' })];
    const items = await service.openItems(null);
    expect(items.map((i) => [i.applicationId, i.step, i.since])).toEqual([['p1', 'paying', '2026-05-20'], ['p2', 'batching', '2026-05-18']]);
  });
});

describe('StepBoardService.completed', () => {
  it('names the step each passage went through, clamps a finish before its start and marks a lapsed confirmation as failed', async () => {
    const { repo, service } = setup();
    repo.states = [
      { department_code: 'kjj', state: 'submitted', next_command: 'accept', start: '2026-05-18', finish: '2026-05-19', n: 2 },
      { department_code: 'kjj', state: 'approved', next_command: 'open_disclosure', start: '2026-05-18', finish: '2026-05-20', n: 1 },
      { department_code: 'kjj', state: 'approved', next_command: 'confirm', start: '2026-05-18', finish: '2026-05-20', n: 4 },
      { department_code: 'kjj', state: 'draft', next_command: 'submit', start: '2026-05-18', finish: '2026-05-18', n: 9 },
    ];
    repo.confirms = [
      { department_code: 'kjj', start: '2026-05-19', finish: '2026-05-18', confirm_by: '2026-05-22', confirmed: true, n: 1 },
      { department_code: 'kjj', start: '2026-05-19', finish: '2026-05-27', confirm_by: '2026-05-26', confirmed: false, n: 3 },
    ];
    repo.verified = [{ department_code: 'kjj', start: '2026-05-18', finish: '2026-05-21', due_on: '2026-06-01', n: 1 }];
    const out = await service.completed('kjj');
    expect(out).toEqual([
      { departmentCode: 'kjj', step: 'accept', start: '2026-05-18', finish: '2026-05-19', dueOn: null, failed: false, n: 2 },
      { departmentCode: 'kjj', step: 'disclosure', start: '2026-05-18', finish: '2026-05-20', dueOn: null, failed: false, n: 1 },
      { departmentCode: 'kjj', step: 'confirmation', start: '2026-05-19', finish: '2026-05-19', dueOn: '2026-05-22', failed: false, n: 1 },
      { departmentCode: 'kjj', step: 'confirmation', start: '2026-05-19', finish: '2026-05-27', dueOn: '2026-05-26', failed: true, n: 3 },
      { departmentCode: 'kjj', step: 'verification', start: '2026-05-18', finish: '2026-05-21', dueOn: '2026-06-01', failed: false, n: 1 },
    ]);
  });

  it('without a payout center, times release to money as one step and groups equal passages', async () => {
    const { repo, service } = setup();
    repo.released = [
      { id: 'r1', department_code: 'kjj', paid_at: at('2026-05-21'), released_at: at('2026-05-19') },
      { id: 'r2', department_code: 'kjj', paid_at: at('2026-05-21'), released_at: at('2026-05-19') },
      { id: 'r3', department_code: 'kjj', paid_at: null, released_at: at('2026-05-19') },
    ];
    expect(await service.completed(null)).toEqual([{ departmentCode: 'kjj', step: 'batching', start: '2026-05-19', finish: '2026-05-21', dueOn: null, failed: false, n: 2 }]);
  });

  it('with the payout center, splits it into 组批, 复核 and 到账', async () => {
    const { repo, service } = setup({ progress: [{ applicationId: 'r1', batchedAt: '2026-05-19T03:00:00Z', checkedAt: '2026-05-20T03:00:00Z', settledAt: null }] });
    repo.released = [{ id: 'r1', department_code: 'kjj', paid_at: at('2026-05-21'), released_at: at('2026-05-18') }];
    const out = await service.completed(null);
    expect(out.map((c) => [c.step, c.start, c.finish])).toEqual([
      ['batching', '2026-05-18', '2026-05-19'], ['checking', '2026-05-19', '2026-05-20'], ['paying', '2026-05-20', '2026-05-21'],
    ]);
  });
});

describe('StepBoardService.stats', () => {
  it('counts a passage in time when it finished by its due date and did not fail, and averages the working days it took', () => {
    const { service } = setup();
    const cal = new WorkingDayCalendar();
    const completed: CompletedSteps[] = [
      { departmentCode: 'kjj', step: 'accept', start: '2026-05-18', finish: '2026-05-19', dueOn: null, failed: false, n: 2 },
      { departmentCode: 'kjj', step: 'accept', start: '2026-05-18', finish: '2026-05-26', dueOn: null, failed: false, n: 1 },
      { departmentCode: 'kjj', step: 'confirmation', start: '2026-05-19', finish: '2026-05-20', dueOn: '2026-05-22', failed: true, n: 1 },
    ];
    const [accept, confirmation, decide] = service.stats(cal, ['accept', 'confirmation', 'decide'], completed, []);
    expect(accept).toMatchObject({ completed: 3, onTime: 2, onTimeRate: 0.6667, averageWorkingDays: 2.67, limitWorkingDays: 3, open: 0, overdue: 0 });
    expect(confirmation).toMatchObject({ completed: 1, onTime: 0, onTimeRate: 0 });
    expect(decide).toMatchObject({ completed: 0, onTime: 0, onTimeRate: null, averageWorkingDays: null });
  });
});

describe('StepBoardService.timeToMoney', () => {
  it('averages calendar and working days per item weighted by payments, ordered by department and item', async () => {
    const { repo, service } = setup();
    repo.paid = [
      { item_id: 'i1', item_name: '研发补贴', department_code: 'kjj', start: '2026-05-18', paid_on: '2026-05-20', n: 2, seconds: 2 * 5 * 43_200 },
      { item_id: 'i1', item_name: '研发补贴', department_code: 'kjj', start: '2026-05-18', paid_on: '2026-05-25', n: 1, seconds: 7 * 86_400 },
      { item_id: 'i2', item_name: '稳岗补贴', department_code: 'fgw', start: '2026-05-18', paid_on: '2026-05-19', n: 1, seconds: 86_400 },
    ];
    const items = await service.timeToMoney('kjj');
    expect(repo.asked).toEqual(['kjj']);
    expect(items).toEqual([
      { itemId: 'i2', itemName: '稳岗补贴', departmentCode: 'fgw', paid: 1, averageDays: 1, averageWorkingDays: 1 },
      // (2 × 2.5 + 7) / 3 = 4 days; (2 × 2 + 5) / 3 = 3 working days
      { itemId: 'i1', itemName: '研发补贴', departmentCode: 'kjj', paid: 3, averageDays: 4, averageWorkingDays: 3 },
    ]);
    expect(combineTimeToMoney(items)).toEqual({ paid: 4, averageDays: 3.3, averageWorkingDays: 2.5 });
  });
});
