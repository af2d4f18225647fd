import { AuditService, DomainError, Principal } from '@app/core';
import { ApprovalOptions } from '../approval.options';
import { ApplicationRepository } from '../application/application.repository';
import { ApprovalClock } from '../clock';
import { CalendarRepository } from '../supervision/calendar.repository';
import { WorkingDayCalendar } from '../supervision/working-day-calendar';
import { DisclosureRepository, NewRound, RoundRow } from './disclosure.repository';
import { DisclosureService, entryResult, tallyOutcome } from './disclosure.service';

/** The service's decisions, on an in-memory stand-in for its repository (the SQL has its integration suites). */
const ITEM = '0190a000-0000-7000-8000-000000000001';
const editor = (departmentCode: string, role: Principal['role'] = 'dept_reviewer'): Principal =>
  ({ id: 'u1', username: 'e', displayName: '编辑', role, departmentCode, enterpriseId: null });

class MemoryRounds {
  approved: Array<{ id: string; item_name: string; department_code: string }> = [];
  owner: string | null = null;
  inserted: NewRound[] = [];
  rows: RoundRow[] = [];
  transaction<T>(work: (m: never) => Promise<T>): Promise<T> { return work({} as never); }
  approvedForDisclosure = async () => this.approved;
  itemDepartment = async () => this.owner;
  insertRound = async (_m: unknown, r: NewRound): Promise<RoundRow> => {
    this.inserted.push(r);
    return { id: r.id, item_id: r.itemId, item_name: r.itemName, department_code: r.departmentCode, working_days: r.workingDays, opened_at: r.openedAt, ends_at: r.endsAt, entries: r.entries };
  };
  liveRound = async (id: string) => this.rows.find((r) => r.id === id) ?? null;
  endedRound = async () => null;
}

function setup(now = new Date('2026-05-18T02:00:00Z')) {
  const rounds = new MemoryRounds();
  const moved: string[][] = [];
  const audits: unknown[] = [];
  const apps = { transitionMany: async (_m: unknown, ids: string[]) => { moved.push(ids); return ids.map((id) => ({ id })); } } as unknown as ApplicationRepository;
  const calendar = { calendar: async () => new WorkingDayCalendar(new Set(['2026-05-20'])) } as unknown as CalendarRepository;
  const clock = { now: () => now } as ApprovalClock;
  const audit = { record: async (e: unknown) => { audits.push(e); } } as unknown as AuditService;
  const service = new DisclosureService(rounds as unknown as DisclosureRepository, apps, calendar, clock, audit, { disclosureWorkingDays: 5 } as ApprovalOptions);
  return { service, rounds, moved, audits };
}

const code = async (p: Promise<unknown>): Promise<string> => p.then(() => 'resolved', (e: unknown) => (e instanceof DomainError ? e.code : String(e)));

describe('DisclosureService.openRound', () => {
  it('opens a round over the item\'s approved applications, ending after N working days (holidays skipped) at the end of the China day', async () => {
    const { service, rounds, moved, audits } = setup();
    rounds.owner = 'kjj';
    rounds.approved = [{ id: 'a1', item_name: '研发补贴', department_code: 'kjj' }, { id: 'a2', item_name: '研发补贴', department_code: 'kjj' }];
    const view = await service.openRound(editor('kjj'), ITEM);
    // Mon 18 May + 5 working days, Wed 20 May a holiday → Tue 26 May, 23:59:59.999 in China
    expect(view.endsAt).toBe('2026-05-26T15:59:59.999Z');
    expect(view).toMatchObject({ itemName: '研发补贴', departmentCode: 'kjj', workingDays: 5, entries: 2 });
    expect(moved).toEqual([['a1', 'a2']]);
    expect(audits).toHaveLength(1);
  });

  it('takes the working days asked for instead of the default', async () => {
    const { service, rounds } = setup();
    rounds.owner = 'kjj';
    rounds.approved = [{ id: 'a1', item_name: '研发补贴', department_code: 'kjj' }];
    expect((await service.openRound(editor('kjj'), ITEM, 1)).endsAt).toBe('2026-05-19T15:59:59.999Z');
  });

  it('hides another department\'s item (as not found) and writes nothing', async () => {
    const { service, rounds, moved } = setup();
    rounds.owner = 'kjj';
    rounds.approved = [{ id: 'a1', item_name: '研发补贴', department_code: 'kjj' }];
    expect(await code(service.openRound(editor('gxj'), ITEM))).toBe('ITEM.NOT_FOUND');
    expect(rounds.inserted).toEqual([]);
    expect(moved).toEqual([]);
  });

  it('lets an administrator open any department\'s round', async () => {
    const { service, rounds } = setup();
    rounds.owner = 'kjj';
    rounds.approved = [{ id: 'a1', item_name: '研发补贴', department_code: 'kjj' }];
    expect(await code(service.openRound(editor('', 'admin'), ITEM))).toBe('resolved');
  });

  it('refuses an item with no applications at all, and one with none approved', async () => {
    const { service, rounds } = setup();
    expect(await code(service.openRound(editor('kjj'), ITEM))).toBe('ITEM.NOT_FOUND');
    rounds.owner = 'kjj';
    expect(await code(service.openRound(editor('kjj'), ITEM))).toBe('DISCLOSURE.NOTHING_TO_DISCLOSE');
    expect(rounds.inserted).toEqual([]);
  });
});

describe('DisclosureService public reads', () => {
  it('answers DISCLOSURE.NOT_FOUND for a round not on display and for an ended round not found', async () => {
    const { service } = setup();
    expect(await code(service.liveRound('nope'))).toBe('DISCLOSURE.NOT_FOUND');
    expect(await code(service.endedRound(ITEM))).toBe('DISCLOSURE.NOT_FOUND');
  });
});

describe('tallyOutcome', () => {
  it('sorts every listed firm into exactly one outcome and counts only examined objections by status', () => {
    const o = tallyOutcome(
      [{ state: 'paid', n: 3 }, { state: 'confirmed', n: 1 }, { state: 'payout_failed', n: 1 }, { state: 'rejected', n: 2 },
        { state: 'lapsed', n: 1 }, { state: 'withdrawn', n: 1 }, { state: 'in_disclosure', n: 4 }, { state: 'objection_raised', n: 1 }],
      [{ status: 'upheld', n: 2 }, { status: 'dismissed', n: 1 }, { status: 'open', n: 1 }],
    );
    expect(o).toEqual({ paid: 3, confirmed: 2, rejected: 2, lapsed: 2, waiting: 5, objections: 4, upheld: 2, dismissed: 1, openObjections: 1 });
  });

  it('is all zeros for a round nobody was listed in', () => {
    expect(Object.values(tallyOutcome([], [])).every((n) => n === 0)).toBe(true);
  });
});

describe('entryResult', () => {
  it('tells the public what became of a listed firm, in Chinese', () => {
    expect(entryResult('paid')).toBe('已兑付');
    expect(entryResult('rejected')).toBe('异议成立，不予兑现');
    expect(entryResult('expired')).toBe('逾期未确认');
  });
});
