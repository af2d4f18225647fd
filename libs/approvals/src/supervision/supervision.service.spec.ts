import type { ModuleRef } from '@nestjs/core';
import type { EntityManager } from 'typeorm';
import { AppConfig, AuditService, DomainError, Principal, UsersService } from '@app/core';
import { DEFAULT_APPROVAL_OPTIONS } from '../approval.options';
import type { ApplicationRepository, NodeInfo } from '../application/application.repository';
import type { ApplicationRow } from '../application/application.types';
import type { ApprovalClock } from '../clock';
import type { CalendarRepository } from './calendar.repository';
import type { NewStaffAlert, StaffAlertsService } from './staff-alerts.service';
import { OpenStepItem, StepBoardService, TimeToMoneyByItem } from './step-board.service';
import type { StepBoardRepository } from './step-board.repository';
import { STEPS, StepKey } from './steps';
import type { DecisionSpanRow, DepartmentCountsRow, NewRating, RatingsRow, ReminderToSend, SupervisionRepository } from './supervision.repository';
import { SupervisionService } from './supervision.service';
import { WorkingDayCalendar } from './working-day-calendar';

/** SupervisionRepository in memory: the reminder ledger keeps each (application, node) once, ratings once per application. */
class MemorySupervision {
  reminders = new Set<string>();
  ratings = new Map<string, NewRating>();
  counts: DepartmentCountsRow[] = [];
  spans: DecisionSpanRow[] = [];
  ratingRows: RatingsRow[] = [];
  finance = { received: 0, paid: 0 };
  transactions = 0;
  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    this.transactions++;
    return work({} as EntityManager);
  }
  async recordReminders(_m: EntityManager, due: ReminderToSend[]) {
    const fresh = due.filter((d) => !this.reminders.has(`${d.applicationId}|${d.node}`));
    fresh.forEach((d) => this.reminders.add(`${d.applicationId}|${d.node}`));
    return fresh.map((d) => ({ application_id: d.applicationId, node: d.node }));
  }
  departmentCounts = async () => this.counts;
  decisionSpans = async () => this.spans;
  ratingsByDepartment = async () => this.ratingRows;
  financeCounts = async () => this.finance;
  async insertRating(_m: EntityManager, r: NewRating) {
    if (this.ratings.has(r.applicationId)) return false;
    this.ratings.set(r.applicationId, r);
    return true;
  }
}

// Friday 22 May 2026, 10:00 in China
const NOW = new Date('2026-05-22T02:00:00Z');
const person = (role: Principal['role'], departmentCode: string | null = null, enterpriseId: string | null = null): Principal =>
  ({ id: `${role}-1`, username: role, displayName: role, role, departmentCode, enterpriseId });

const open = (id: string, step: StepKey, over: Partial<OpenStepItem> = {}): OpenStepItem => ({
  applicationId: id, enterpriseName: `企业${id}`, itemName: '研发补贴', departmentCode: 'kjj', step, stepLabel: STEPS[step].label, party: STEPS[step].party,
  ownerRole: STEPS[step].ownerRole, ownerLabel: STEPS[step].ownerLabel, since: '2026-05-18', dueOn: '2026-05-25', limitWorkingDays: 3, elapsedWorkingDays: 4,
  overdue: false, overdueWorkingDays: 0, ...over,
});

function setup() {
  const db = new MemorySupervision();
  const notes: Array<{ id: string; node: NodeInfo }> = [];
  const apps = new Map<string, ApplicationRow>();
  const repo = {
    get: async (id: string) => apps.get(id) ?? null,
    note: async (_m: unknown, id: string, node: NodeInfo) => { notes.push({ id, node }); },
    noteMany: async (_m: unknown, ids: string[], nodeOf: (id: string) => NodeInfo) => { ids.forEach((id) => notes.push({ id, node: nodeOf(id) })); },
  } as unknown as ApplicationRepository;
  const calendar = { calendar: async () => new WorkingDayCalendar() } as unknown as CalendarRepository;
  const clock = { now: () => NOW, shift: (d: Date) => d } as unknown as ApprovalClock;
  const audits: unknown[] = [];
  const audit = { record: async (e: unknown) => { audits.push(e); } } as unknown as AuditService;
  // the step measurements come from the board's own service; only its database reads are replaced
  const board = new StepBoardService({} as StepBoardRepository, calendar, clock, {} as ModuleRef, DEFAULT_APPROVAL_OPTIONS,
    { fulfilment: { confirmWorkingDays: 5, commitmentVerifyWorkingDays: 10 } } as AppConfig);
  let openItems: OpenStepItem[] = [];
  let byItem: TimeToMoneyByItem[] = [];
  const asked: Array<string | null> = [];
  Object.assign(board, {
    openItems: async (d: string | null) => { asked.push(d); return openItems.filter((o) => d === null || o.departmentCode === d); },
    completed: async () => [],
    timeToMoney: async (d: string | null) => byItem.filter((i) => d === null || i.departmentCode === d),
  });
  const alerts: NewStaffAlert[][] = [];
  const staffAlerts = { record: async (_m: unknown, a: NewStaffAlert[]) => { alerts.push(a); } } as unknown as StaffAlertsService;
  const users = { listDepartments: async () => [{ code: 'kjj', name: '科技局' }] } as unknown as UsersService;
  const service = new SupervisionService(db as unknown as SupervisionRepository, repo, calendar, clock, audit, board, staffAlerts, users);
  return {
    service, db, notes, apps, audits, alerts, asked,
    setOpen: (o: OpenStepItem[]) => { openItems = o; },
    setTimeToMoney: (t: TimeToMoneyByItem[]) => { byItem = t; },
  };
}

const code = async (p: Promise<unknown>): Promise<string> => p.then(() => 'resolved', (e: unknown) => (e instanceof DomainError ? e.code : String(e)));

describe('SupervisionService.overdue', () => {
  it('shows a department reviewer its own department\'s overdue steps only, longest overdue first', async () => {
    const t = setup();
    t.setOpen([
      open('a1', 'accept', { overdue: true, overdueWorkingDays: 1 }),
      open('a2', 'decide', { overdue: true, overdueWorkingDays: 4 }),
      open('a3', 'accept'),
      open('b1', 'accept', { departmentCode: 'gxj', overdue: true, overdueWorkingDays: 9 }),
      open('f1', 'batching', { overdue: true, overdueWorkingDays: 2 }),
    ]);
    const list = await t.service.overdue(person('dept_reviewer', 'kjj'));
    expect(t.asked).toEqual(['kjj']);
    expect(list.map((o) => [o.applicationId, o.node, o.overdueWorkingDays])).toEqual([['a2', 'decide', 4], ['a1', 'accept', 1]]);
  });

  it('shows finance only the finance steps, and a supervisor everything', async () => {
    const t = setup();
    t.setOpen([open('a1', 'accept', { overdue: true, overdueWorkingDays: 1 }), open('f1', 'batching', { overdue: true, overdueWorkingDays: 2 })]);
    expect((await t.service.overdue(person('finance_checker'))).map((o) => o.applicationId)).toEqual(['f1']);
    expect((await t.service.overdue(person('leader'))).map((o) => o.applicationId)).toEqual(['f1', 'a1']);
  });
});

describe('SupervisionService.sendReminders', () => {
  it('reminds the owners of steps due within a working day, escalates overdue ones onto the timeline, and leaves the firm\'s own step alone', async () => {
    const t = setup();
    t.setOpen([
      open('a1', 'accept', { dueOn: '2026-05-25' }), // next working day: reminder
      open('a2', 'decide', { dueOn: '2026-05-27' }), // three working days off: nothing yet
      open('a3', 'objection', { overdue: true, overdueWorkingDays: 2, dueOn: '2026-05-20' }),
      open('c1', 'confirmation', { overdue: true, overdueWorkingDays: 5 }),
    ]);
    expect(await t.service.sendReminders()).toBe(2);
    expect([...t.db.reminders].sort()).toEqual(['a1|remind:accept', 'a3|escalate:objection']);
    expect(t.notes.map((n) => [n.id, n.node.outcome])).toEqual([['a3', 'reminder']]);
    expect(t.notes[0].node.comment).toContain('已超期 2 个工作日');
    const sent = t.alerts[0];
    expect(sent.map((a) => [a.recipientRole, a.departmentCode, a.kind, a.step])).toEqual(
      expect.arrayContaining([['dept_reviewer', 'kjj', 'reminder', 'accept'], ['dept_reviewer', 'kjj', 'escalation', 'objection'], ['leader', null, 'escalation', 'objection']]),
    );
    expect(sent).toHaveLength(3);
  });

  it('sends each reminder once per step visit', async () => {
    const t = setup();
    t.setOpen([open('a1', 'accept', { overdue: true, overdueWorkingDays: 1 })]);
    expect(await t.service.sendReminders()).toBe(1);
    expect(await t.service.sendReminders()).toBe(0);
    expect(t.notes).toHaveLength(1);
    expect(t.alerts[1]).toEqual([]);
  });

  it('opens no transaction when nothing is due', async () => {
    const t = setup();
    t.setOpen([open('a2', 'decide', { dueOn: '2026-05-29' })]);
    expect(await t.service.sendReminders()).toBe(0);
    expect(t.db.transactions).toBe(0);
  });
});

describe('SupervisionService.board', () => {
  it('gives each department its closure rate, average handling days and rating, and finance its paid share', async () => {
    const t = setup();
    t.db.counts = [{ department_code: 'kjj', received: 3, in_progress: 1, closed: 2 }];
    // decided in 1 and 4 working days
    t.db.spans = [{ department_code: 'kjj', start: '2026-05-18', finish: '2026-05-19', n: 1 }, { department_code: 'kjj', start: '2026-05-18', finish: '2026-05-22', n: 1 }];
    t.db.ratingRows = [{ department_code: 'kjj', avg: '4.66666', n: 3 }];
    t.db.finance = { received: 4, paid: 3 };
    t.setOpen([open('a1', 'accept', { overdue: true, overdueWorkingDays: 1 }), open('f1', 'batching')]);
    const [dept, finance] = await t.service.board(person('admin'));
    expect(dept).toMatchObject({
      departmentCode: 'kjj', name: '科技局', party: 'department', received: 3, inProgress: 1, overdue: 1, averageHandlingWorkingDays: 2.5,
      closureRate: 0.6667, ratingAverage: 4.67, ratings: 3,
    });
    expect(dept.slowest.map((o) => o.applicationId)).toEqual(['a1']);
    expect(finance).toMatchObject({ departmentCode: 'finance', party: 'finance', received: 4, inProgress: 1, overdue: 0, closureRate: 0.75 });
  });

  it('shows a department reviewer no finance row, and finance no department rows', async () => {
    const t = setup();
    t.db.counts = [{ department_code: 'kjj', received: 0, in_progress: 0, closed: 0 }];
    expect((await t.service.board(person('dept_reviewer', 'kjj'))).map((r) => r.party)).toEqual(['department']);
    expect((await t.service.board(person('finance_maker'))).map((r) => r.party)).toEqual(['finance']);
  });
});

describe('SupervisionService.rate', () => {
  const paid = { id: 'a1', enterprise_id: 'e1', department_code: 'kjj', state: 'paid' } as ApplicationRow;

  it('records one rating of a paid application by its firm, with a timeline note and an audit entry', async () => {
    const t = setup();
    t.apps.set('a1', paid);
    expect(await t.service.rate(person('enterprise', null, 'e1'), 'a1', 5, '很快')).toEqual({ score: 5 });
    expect(t.db.ratings.get('a1')).toEqual({ applicationId: 'a1', departmentCode: 'kjj', score: 5, comment: '很快', ratedBy: 'enterprise-1' });
    expect(t.notes[0].node).toMatchObject({ outcome: 'rated', comment: '服务评价：5 星，很快' });
    expect(t.audits).toHaveLength(1);
    expect(await code(t.service.rate(person('enterprise', null, 'e1'), 'a1', 1, null))).toBe('RATING.ALREADY_EXISTS');
    expect(t.db.ratings.get('a1')?.score).toBe(5);
  });

  it('refuses staff, an application not yet paid, and another firm\'s application, writing nothing', async () => {
    const t = setup();
    t.apps.set('a1', paid);
    t.apps.set('a2', { ...paid, id: 'a2', state: 'confirmed' } as ApplicationRow);
    expect(await code(t.service.rate(person('dept_reviewer', 'kjj'), 'a1', 5, null))).toBe('AUTH.FORBIDDEN');
    expect(await code(t.service.rate(person('enterprise', null, 'e1'), 'a2', 5, null))).toBe('RATING.INVALID_STATE');
    expect(await code(t.service.rate(person('enterprise', null, 'e2'), 'a1', 5, null))).not.toBe('resolved');
    expect(t.db.ratings.size).toBe(0);
    expect(t.notes).toEqual([]);
  });
});
