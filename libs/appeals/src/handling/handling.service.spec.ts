import type { EntityManager } from 'typeorm';
import { CalendarRepository, WorkingDayCalendar } from '@app/approvals';
import type { AppealRepository } from '../appeal/appeal.repository';
import type { AppealDirectory } from '../appeal/appeal-directory.service';
import type { AppealViews } from '../appeal/appeal-views.service';
import type { AppealRow } from '../appeal/appeal.types';
import { AppealNoticeService, CITY_SUPERVISION } from '../notices/notice.service';
import { appealRow, codeOf, FixedClock, MemoryAppeals, person, recorders, TX, workflowOver } from '../testing/unit-kit';
import type { TriageService } from '../triage/triage.service';
import type { ExtensionsRepository, ExtRow, NewExtension } from './extensions.repository';
import { HandlingService } from './handling.service';

/** ExtensionsRepository's contract in memory: one pending request per appeal, decided once. */
class MemoryExtensions {
  readonly rows: ExtRow[] = [];
  async transaction<T>(work: (m: EntityManager) => Promise<T>) {
    return work(TX);
  }
  async insert(_m: unknown, e: NewExtension) {
    if (this.rows.some((r) => r.appeal_id === e.appealId && r.status === 'pending')) return false;
    this.rows.push({ id: e.id, appeal_id: e.appealId, department_code: e.departmentCode!, working_days: e.workingDays, reason: e.reason, status: 'pending',
      requested_at: e.requestedAt, decision_comment: null, decided_at: null });
    return true;
  }
  async decide(_m: unknown, id: string, appealId: string, d: { status: 'approved' | 'rejected'; comment: string; at: Date }) {
    const r = this.rows.find((x) => x.id === id && x.appeal_id === appealId && x.status === 'pending');
    if (!r) return null;
    Object.assign(r, { status: d.status, decision_comment: d.comment, decided_at: d.at });
    return { ...r };
  }
  async ofAppeal(appealId: string) {
    return this.rows.filter((r) => r.appeal_id === appealId);
  }
}

// Thursday 2026-12-03 in China.
const NOW = new Date('2026-12-03T02:00:00Z');

function setup() {
  const appeals = new MemoryAppeals();
  const extensions = new MemoryExtensions();
  const rec = recorders();
  const answered: string[] = [];
  const views = { afterCommit: async (change: (m: EntityManager) => Promise<AppealRow>) => change(TX) };
  const directory = { category: async () => ({ code: 'land', dispatch_days: 2, accept_days: 1, answer_days: 15, second_days: 5 }) };
  const triage = { notifyFirmAnswered: async (_m: unknown, a: AppealRow) => { answered.push(a.id); } };
  const svc = new HandlingService(extensions as unknown as ExtensionsRepository, appeals as unknown as AppealRepository, workflowOver(appeals, rec), views as unknown as AppealViews,
    directory as unknown as AppealDirectory, { calendar: async () => new WorkingDayCalendar() } as unknown as CalendarRepository, rec.notices as unknown as AppealNoticeService,
    triage as unknown as TriageService, new FixedClock(NOW));
  return { svc, appeals, extensions, rec, answered };
}

const lead = person('dept_editor', { departmentCode: 'zrzyj', id: 'lead-user' });
const co = person('dept_editor', { departmentCode: 'fgw', id: 'co-user' });
const supervisor = person('supervisor');
const inProgress = (o: Partial<AppealRow> = {}) => appealRow({ state: 'in_progress', lead_department: 'zrzyj', co_departments: ['fgw'], answer_due: '2026-12-10', ...o });

describe('HandlingService (over an in-memory repository)', () => {
  it('only the lead unit signs for it; the first signature records whether it was on time', async () => {
    const { svc, appeals } = setup();
    const [a] = appeals.add(appealRow({ state: 'assigned', lead_department: 'zrzyj', co_departments: ['fgw'], accept_due: '2026-12-02' }));
    expect(await codeOf(svc.accept(co, a.id, null))).toBe('APPEAL.NOT_LEAD');
    await svc.accept(lead, a.id, null);
    expect(appeals.row(a.id)).toMatchObject({ state: 'in_progress', first_accepted_at: NOW, accepted_on_time: false });
  });

  it('re-dispatch goes only to a co-unit, the first unit becoming a co-unit', async () => {
    const { svc, appeals, rec } = setup();
    const [a] = appeals.add(inProgress());
    expect(await codeOf(svc.redispatch(lead, a.id, 'jrj', '不是我们的事'))).toBe('APPEAL.REDISPATCH_INVALID');
    await svc.redispatch(lead, a.id, 'fgw', '发改委牵头更合适');
    expect(appeals.row(a.id)).toMatchObject({ state: 'assigned', lead_department: 'fgw', co_departments: ['zrzyj'], accept_due: '2026-12-04' });
    expect(rec.notices.sent.map((n) => n.recipient.id)).toEqual(['fgw']);
  });

  it('an extension: the lead asks while handling, once at a time; supervisors are told', async () => {
    const { svc, appeals, extensions, rec } = setup();
    const [a, answeredOne] = appeals.add(inProgress(), inProgress({ state: 'answered' }));
    expect(await codeOf(svc.requestExtension(co, a.id, 5, '需要协调'))).toBe('APPEAL.NOT_LEAD');
    expect(await codeOf(svc.requestExtension(lead, answeredOne.id, 5, '需要协调'))).toBe('APPEAL.INVALID_STATE');
    expect(await svc.requestExtension(lead, a.id, 5, '需要协调多个部门')).toMatchObject({ status: 'pending', statusLabel: '待审批', workingDays: 5 });
    expect(await codeOf(svc.requestExtension(lead, a.id, 3, '再申请一次'))).toBe('EXTENSION.PENDING_EXISTS');
    expect(extensions.rows).toHaveLength(1);
    expect(rec.notices.sent.map((n) => [n.kind, n.recipient.id])).toEqual([['extension', CITY_SUPERVISION]]);
  });

  it('approving moves the answer deadline (and the second one under second supervision) by the working days asked', async () => {
    const { svc, appeals } = setup();
    const [a, second] = appeals.add(inProgress(), inProgress({ state: 'second_supervision', second_due: '2026-12-07' }));
    const ext = await svc.requestExtension(lead, a.id, 5, '需要协调多个部门');
    expect(await codeOf(svc.decideExtension(lead, a.id, ext.id, true, '同意'))).toBe('AUTH.FORBIDDEN');
    expect(await svc.decideExtension(supervisor, a.id, ext.id, true, '同意延期')).toMatchObject({ status: 'approved', decisionComment: '同意延期' });
    expect(appeals.row(a.id)).toMatchObject({ answer_due: '2026-12-17', extension_days: 5 });
    expect(await codeOf(svc.decideExtension(supervisor, a.id, ext.id, false, '再审一次'))).toBe('EXTENSION.NOT_FOUND');
    const ext2 = await svc.requestExtension(lead, second.id, 2, '二次督办需协调');
    await svc.decideExtension(supervisor, second.id, ext2.id, true, '同意');
    expect(appeals.row(second.id)).toMatchObject({ answer_due: '2026-12-14', second_due: '2026-12-09', due_on: '2026-12-09' });
  });

  it('refusing keeps every deadline', async () => {
    const { svc, appeals } = setup();
    const [a] = appeals.add(inProgress());
    const ext = await svc.requestExtension(lead, a.id, 5, '需要协调多个部门');
    await svc.decideExtension(supervisor, a.id, ext.id, false, '理由不充分');
    expect(appeals.row(a.id)).toMatchObject({ answer_due: '2026-12-10', extension_days: 0 });
    expect((await svc.extensions(lead, a.id)).map((e) => e.statusLabel)).toEqual(['未同意']);
  });

  it('progress by the lead meets the progress limit; a co-unit\'s note is an opinion', async () => {
    const { svc, appeals } = setup();
    const [a] = appeals.add(inProgress({ progress_due: '2026-12-05', due_kind: 'progress', due_on: '2026-12-05' }));
    await svc.progress(co, a.id, '协办意见：同意');
    expect(appeals.row(a.id).last_progress_at).toBeNull();
    await svc.progress(lead, a.id, '已现场踏勘');
    expect(appeals.row(a.id)).toMatchObject({ last_progress_at: NOW, due_kind: 'answer', due_on: '2026-12-10' });
    expect(appeals.commands(a.id)).toEqual(['co_opinion', 'progress']);
  });

  it('the lead answers: on time or not, the working days it took, and the firm is told', async () => {
    const { svc, appeals, answered } = setup();
    const [a, late, unassigned] = appeals.add(
      inProgress({ first_assigned_at: new Date('2026-11-30T02:00:00Z') }),
      inProgress({ answer_due: '2026-12-02' }),
      appealRow({ state: 'second_supervision', lead_department: null }),
    );
    expect(await codeOf(svc.answer(supervisor, unassigned.id, 'resolved', '已解决'))).toBe('APPEAL.NOT_ASSIGNED');
    expect(await codeOf(svc.answer(co, a.id, 'resolved', '已解决'))).toBe('APPEAL.NOT_LEAD');
    await svc.answer(lead, a.id, 'resolved', '已协调解决');
    expect(appeals.row(a.id)).toMatchObject({ state: 'answered', answer_round: 1, answered_on_time: true, handling_working_days: 3, answer_kind: 'resolved' });
    await svc.answer(lead, late.id, 'explained', '暂难解决，已解释');
    expect(appeals.row(late.id)).toMatchObject({ answered_on_time: false, handling_working_days: null });
    expect(answered).toEqual([a.id, late.id]);
  });
});
