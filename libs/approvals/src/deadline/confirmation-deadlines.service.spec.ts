import type { EntityManager } from 'typeorm';
import { AppConfig, DomainError, Principal } from '@app/core';
import type { ApplicationRepository, ColumnSet, NodeInfo } from '../application/application.repository';
import type { ApplicationCommand, ApplicationState } from '../application/application.states';
import type { ApplicationRow } from '../application/application.types';
import type { ApplicationWorkflow } from '../application/application-workflow.service';
import type { ApprovalClock } from '../clock';
import type { FirmNotifier, NoticeKind } from '../notice/firm-notifier';
import type { CalendarRepository } from '../supervision/calendar.repository';
import { WorkingDayCalendar } from '../supervision/working-day-calendar';
import { makeApplicationRow } from '../testing/make-application-row';
import type { ConfirmationDeadlinesRepository, ConfirmationWindow, ConfirmingRow, EndedWindowRow } from './confirmation-deadlines.repository';
import { ConfirmationDeadlines } from './confirmation-deadlines.service';

/** The repository in memory: canned rows for the scans, and what was written. */
class MemoryDeadlines {
  windows: ConfirmationWindow[] = [];
  ended: EndedWindowRow[] = [];
  confirmingRows: ConfirmingRow[] = [];
  overdue: ApplicationRow[] = [];
  pastGrace: string[] = [];
  roundsClosedAt: Date[] = [];
  transactions = 0;
  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    this.transactions++;
    return work({} as EntityManager);
  }
  async setWindows(_m: EntityManager, w: ConfirmationWindow[]) {
    this.windows.push(...w);
  }
  async lockEndedWindows() {
    const rows = this.ended;
    this.ended = [];
    return rows;
  }
  async closeEndedRounds(_m: EntityManager, now: Date) {
    this.roundsClosedAt.push(now);
  }
  confirming = async () => this.confirmingRows;
  async lockOverdue() {
    const rows = this.overdue;
    this.overdue = [];
    return rows;
  }
  lapsedPastGrace = async () => this.pastGrace;
}

interface Sent { kind: NoticeKind; id: string; key: string | null; body: string }

// Tuesday 16 March 2027, 10:00 in China
const NOW = new Date('2027-03-16T02:00:00Z');
const firm = (enterpriseId = 'e1'): Principal => ({ id: 'u-firm', username: 'f', displayName: '企业', role: 'enterprise', departmentCode: null, enterpriseId });
const reviewer = (departmentCode = 'kjj'): Principal => ({ id: 'u-rev', username: 'r', displayName: '审核', role: 'dept_reviewer', departmentCode, enterpriseId: null });

function setup(fulfilment: Partial<AppConfig['fulfilment']> = {}) {
  const db = new MemoryDeadlines();
  const apps = new Map<string, ApplicationRow>();
  const applied: Array<{ id: string; command: ApplicationCommand; node: Omit<NodeInfo, 'command'>; set: ColumnSet }> = [];
  const transitions: Array<{ ids: string[]; from: ApplicationState; to: ApplicationState }> = [];
  const next: Partial<Record<ApplicationCommand, ApplicationState>> = {
    lapse: 'lapsed', request_reopen: 'reopen_requested', accept_reopen: 'approved', reject_reopen: 'expired',
  };
  const workflow = {
    apply: async (_m: unknown, app: ApplicationRow, command: ApplicationCommand, node: Omit<NodeInfo, 'command'>, set: ColumnSet = {}) => {
      applied.push({ id: app.id, command, node, set });
      const row = { ...app, ...set, state: next[command] ?? app.state, version: app.version + 1 } as ApplicationRow;
      apps.set(row.id, row);
      return row;
    },
  } as unknown as ApplicationWorkflow;
  const repo = {
    get: async (id: string) => apps.get(id) ?? null,
    transitionMany: async (_m: unknown, ids: string[], from: ApplicationState, to: ApplicationState) => {
      transitions.push({ ids, from, to });
      return ids.map((id) => ({ id }));
    },
  } as unknown as ApplicationRepository;
  const calendar = { calendar: async () => new WorkingDayCalendar() } as unknown as CalendarRepository;
  const clock = { now: () => NOW } as ApprovalClock;
  const sent: Sent[] = [];
  const notifier = {
    notify: async <A extends { id: string }>(_m: unknown, list: A[], n: { kind: NoticeKind; key?: (a: A) => string; body: (a: A) => string }) => {
      for (const a of list) sent.push({ kind: n.kind, id: a.id, key: n.key ? n.key(a) : null, body: n.body(a) });
      return list.length;
    },
  } as unknown as FirmNotifier;
  const config = { fulfilment: { confirmWorkingDays: 10, reminderDaysBefore: [5, 1], reopenGraceWorkingDays: 10, ...fulfilment } } as AppConfig;
  const service = new ConfirmationDeadlines(db as unknown as ConfirmationDeadlinesRepository, repo, workflow, calendar, clock, notifier, config);
  return { service, db, apps, applied, transitions, sent };
}

const code = async (p: Promise<unknown>): Promise<string> => p.then(() => 'resolved', (e: unknown) => (e instanceof DomainError ? e.code : String(e)));

describe('ConfirmationDeadlines.announceApproval', () => {
  it('opens the window at once for 即申即享 and 承诺兑现, N working days from today, and tells the others 公示 comes first', async () => {
    const t = setup();
    const instant = makeApplicationRow({ id: 'a1', mode: 'instant' });
    const commitment = makeApplicationRow({ id: 'a2', mode: 'commitment' });
    const normal = makeApplicationRow({ id: 'a3', mode: 'application' });
    await t.service.announceApproval({} as EntityManager, [instant, commitment, normal]);
    // Tue 16 March + 10 working days = Tue 30 March
    expect(t.db.windows).toEqual([{ id: 'a1', openedAt: NOW, confirmBy: '2027-03-30' }, { id: 'a2', openedAt: NOW, confirmBy: '2027-03-30' }]);
    expect(t.sent.map((s) => [s.id, s.kind, s.key])).toEqual([['a1', 'approved', '2027-03-30'], ['a2', 'approved', '2027-03-30'], ['a3', 'approved', null]]);
    expect(t.sent[0].body).toContain('请于 2027-03-30 前登录平台确认收款账户');
    expect(t.sent[1].body).toContain('依据您的信用承诺先行兑现');
    expect(t.sent[2].body).toContain('将按规定进行公示');
  });

  it('writes nothing for no applications', async () => {
    const t = setup();
    await t.service.open({} as EntityManager, [], () => NOW, { kind: 'confirm_account', lead: () => '' });
    expect(t.db.windows).toEqual([]);
    expect(t.sent).toEqual([]);
  });
});

describe('ConfirmationDeadlines.run', () => {
  it('opens windows of ended 公示 from the later of the round\'s end and the state change, and closes the ended rounds', async () => {
    const t = setup();
    t.db.ended = [
      { ...makeApplicationRow({ id: 'd1', state: 'in_disclosure', disclosure_round_id: 'r1', state_since: new Date('2027-03-01T02:00:00Z') }), round_ends_at: new Date('2027-03-15T15:59:59Z') },
      { ...makeApplicationRow({ id: 'd2', mode: 'instant', state_since: new Date('2027-03-12T02:00:00Z') }), round_ends_at: null },
    ];
    const out = await t.service.run();
    expect(out.opened).toBe(2);
    expect(t.db.windows.map((w) => [w.id, w.confirmBy])).toEqual([['d1', '2027-03-29'], ['d2', '2027-03-26']]);
    expect(t.db.roundsClosedAt).toEqual([NOW]);
    expect(t.sent.find((s) => s.id === 'd1')?.body).toMatch(/^您的兑现申请公示期已满，/);
    expect(t.sent.find((s) => s.id === 'd2')?.body).toMatch(/^您的兑现申请已审核通过，/);
  });

  it('reminds at 5 and at 1 working days left, keyed by deadline and reminder, and no one else', async () => {
    const t = setup();
    t.db.confirmingRows = [
      { id: 'r5', enterprise_id: 'e1', item_id: 'i1', item_name: '研发补贴', confirm_by: '2027-03-23' },
      { id: 'r10', enterprise_id: 'e1', item_id: 'i1', item_name: '研发补贴', confirm_by: '2027-03-30' },
      { id: 'r1', enterprise_id: 'e1', item_id: 'i1', item_name: '研发补贴', confirm_by: '2027-03-17' },
    ];
    expect((await t.service.run()).reminded).toBe(2);
    expect(t.sent.map((s) => [s.id, s.kind, s.key])).toEqual([['r5', 'confirm_reminder', '2027-03-23:5'], ['r1', 'confirm_reminder', '2027-03-17:1']]);
    expect(t.sent[1].body).toContain('还剩 1 个工作日');
  });

  it('sends no reminders when none are configured', async () => {
    const t = setup({ reminderDaysBefore: [] });
    t.db.confirmingRows = [{ id: 'r1', enterprise_id: 'e1', item_id: 'i1', item_name: '研发补贴', confirm_by: '2027-03-17' }];
    expect((await t.service.run()).reminded).toBe(0);
    expect(t.sent).toEqual([]);
  });

  it('lapses an overdue application, releasing its reservation and giving it the grace period to ask to reopen; expires lapsed ones past it', async () => {
    const t = setup();
    t.db.overdue = [makeApplicationRow({ id: 'l1', confirm_by: '2027-03-15', reserved_fen: 500_000 })];
    t.db.pastGrace = ['x1'];
    const out = await t.service.run();
    expect(out).toEqual({ opened: 0, reminded: 0, lapsed: 1, expired: 1 });
    expect(t.applied).toEqual([expect.objectContaining({ id: 'l1', command: 'lapse', set: { lapsed_at: NOW, reopen_until: '2027-03-30' } })]);
    expect(t.applied[0].node.details).toEqual({ confirmBy: '2027-03-15', releasedFen: 500_000, reopenUntil: '2027-03-30' });
    expect(t.sent).toEqual([expect.objectContaining({ id: 'l1', kind: 'lapsed' })]);
    expect(t.sent[0].body).toContain('可于 2027-03-30 前在平台申请恢复办理');
    expect(t.transitions).toEqual([{ ids: ['x1'], from: 'lapsed', to: 'expired' }]);
  });

  it('does not offer reopening when there is no grace period', async () => {
    const t = setup({ reopenGraceWorkingDays: 0 });
    t.db.overdue = [makeApplicationRow({ id: 'l1', confirm_by: '2027-03-15' })];
    await t.service.run();
    expect(t.sent[0].body).not.toContain('恢复办理');
  });
});

describe('ConfirmationDeadlines reopening', () => {
  it('lets the firm ask within the grace period, and refuses after it with APPLICATION.REOPEN_PERIOD_OVER', async () => {
    const t = setup();
    t.apps.set('l1', makeApplicationRow({ id: 'l1', state: 'lapsed', reopen_until: '2027-03-16' }));
    t.apps.set('l2', makeApplicationRow({ id: 'l2', state: 'lapsed', reopen_until: '2027-03-15' }));
    expect((await t.service.requestReopen(firm(), 'l1', '系统故障')).state).toBe('reopen_requested');
    expect(t.applied[0]).toMatchObject({ command: 'request_reopen', node: { comment: '申请恢复办理：系统故障' } });
    expect(await code(t.service.requestReopen(firm(), 'l2', '晚了'))).toBe('APPLICATION.REOPEN_PERIOD_OVER');
    expect(await code(t.service.requestReopen(reviewer(), 'l1', 'x'))).toBe('AUTH.FORBIDDEN');
    expect(t.applied).toHaveLength(1);
  });

  it('requires a reason to refuse, before touching anything', async () => {
    const t = setup();
    t.apps.set('q1', makeApplicationRow({ id: 'q1', state: 'reopen_requested' }));
    expect(await code(t.service.decideReopen(reviewer(), 'q1', 'reject', '  '))).toBe('REVIEW.COMMENT_REQUIRED');
    expect(t.db.transactions).toBe(0);
    expect(t.applied).toEqual([]);
  });

  it('accepting clears the old window and opens a new one from today; refusing tells the firm why', async () => {
    const t = setup();
    t.apps.set('q1', makeApplicationRow({ id: 'q1', state: 'reopen_requested', confirm_by: '2027-03-01' }));
    t.apps.set('q2', makeApplicationRow({ id: 'q2', state: 'reopen_requested' }));
    await t.service.decideReopen(reviewer(), 'q1', 'accept', null);
    expect(t.applied[0]).toMatchObject({ command: 'accept_reopen', set: { confirm_by: null, confirm_opened_at: null, lapsed_at: null, reopen_until: null } });
    expect(t.db.windows).toEqual([{ id: 'q1', openedAt: NOW, confirmBy: '2027-03-30' }]);
    expect(t.sent[0]).toMatchObject({ id: 'q1', kind: 'reopen_accepted' });
    await t.service.decideReopen(reviewer(), 'q2', 'reject', '理由不成立');
    expect(t.sent[1]).toMatchObject({ id: 'q2', kind: 'reopen_rejected', body: '「研发补贴」的恢复办理申请未获同意：理由不成立' });
  });

  it('keeps another department\'s reviewer out', async () => {
    const t = setup();
    t.apps.set('q1', makeApplicationRow({ id: 'q1', state: 'reopen_requested' }));
    expect(await code(t.service.decideReopen(reviewer('gxj'), 'q1', 'accept', null))).not.toBe('resolved');
    expect(t.applied).toEqual([]);
  });
});
