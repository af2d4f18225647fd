import type { EntityManager } from 'typeorm';
import { CalendarRepository, WorkingDayCalendar } from '@app/approvals';
import type { AppealRepository } from '../appeal/appeal.repository';
import type { AppealDirectory } from '../appeal/appeal-directory.service';
import type { AppealViews } from '../appeal/appeal-views.service';
import type { AppealRow } from '../appeal/appeal.types';
import { DEFAULT_APPEAL_OPTIONS } from '../appeal.options';
import { AppealNoticeService, CITY_SUPERVISION } from '../notices/notice.service';
import { appealRow, codeOf, FixedClock, MemoryAppeals, person, recorders, TX, uuid, workflowOver } from '../testing/unit-kit';
import type { FeedbackRepository, FollowUpDone, NewFeedbackRow } from './feedback.repository';
import { FeedbackService } from './feedback.service';

/** FeedbackRepository's contract in memory: one rating per (appeal, round), follow-ups by id. */
class MemoryFeedback {
  readonly ratings: NewFeedbackRow[] = [];
  readonly tasks: Array<{ id: string; appealId: string; closeRound: number; dueOn: string; status: 'pending' | 'done'; finding?: string }> = [];
  async rated(_m: unknown, appealId: string, round: number) {
    return this.ratings.some((r) => r.appealId === appealId && r.round === round);
  }
  async insertFeedback(_m: unknown, f: NewFeedbackRow) {
    if (this.ratings.some((r) => r.appealId === f.appealId && r.round === f.round)) return false;
    this.ratings.push(f);
    return true;
  }
  async followUpCount(_m: unknown, appealId: string) {
    return this.tasks.filter((f) => f.appealId === appealId).length;
  }
  async insertFollowUp(_m: unknown, f: { id: string; appealId: string; closeRound: number; dueOn: string }) {
    this.tasks.push({ ...f, status: 'pending' });
  }
  async followUps() {
    return { rows: [], total: 0 };
  }
  async completeFollowUp(_m: unknown, d: FollowUpDone) {
    const f = this.tasks.find((x) => x.id === d.followUpId && x.appealId === d.appealId && x.status === 'pending');
    if (!f) return false;
    Object.assign(f, { status: 'done', finding: d.finding });
    return true;
  }
}

// Thursday 2026-12-03 in China.
const NOW = new Date('2026-12-03T02:00:00Z');
const FIRM = uuid(801);

function setup() {
  const appeals = new MemoryAppeals();
  const feedback = new MemoryFeedback();
  const rec = recorders();
  const views = { afterCommit: async (change: (m: EntityManager) => Promise<AppealRow>) => change(TX) };
  const directory = { category: async () => ({ code: 'land', name: '用地规划', second_days: 5 }) };
  const calendar = { calendar: async () => new WorkingDayCalendar() };
  const svc = new FeedbackService(feedback as unknown as FeedbackRepository, appeals as unknown as AppealRepository, workflowOver(appeals, rec), views as unknown as AppealViews,
    directory as unknown as AppealDirectory, calendar as unknown as CalendarRepository, rec.notices as unknown as AppealNoticeService, new FixedClock(NOW),
    { ...DEFAULT_APPEAL_OPTIONS, followUpWorkingDays: 10 });
  return { svc, appeals, feedback, rec };
}

const firm = person('enterprise', { enterpriseId: FIRM });
const supervisor = person('supervisor');
const answered = (o: Partial<AppealRow> = {}) => appealRow({ enterprise_id: FIRM, state: 'answered', answer_round: 1, lead_department: 'zrzyj', ...o });

describe('FeedbackService (over an in-memory repository)', () => {
  it('满意 closes the appeal and opens a follow-up due ten working days later', async () => {
    const { svc, appeals, feedback, rec } = setup();
    const [a] = appeals.add(answered());
    await svc.rate(firm, a.id, 'satisfied', null);
    expect(appeals.row(a.id)).toMatchObject({ state: 'closed', rating: 'satisfied', closed_at: NOW });
    expect(feedback.ratings).toEqual([expect.objectContaining({ appealId: a.id, round: 1, rating: 'satisfied', onBehalf: false })]);
    expect(feedback.tasks).toEqual([expect.objectContaining({ appealId: a.id, closeRound: 1, dueOn: '2026-12-17', status: 'pending' })]);
    expect(rec.notices.sent.map((n) => [n.kind, n.recipient.id])).toEqual([['follow_up', CITY_SUPERVISION]]);
  });

  it('不满意 needs a reason and sends the appeal to second supervision with a new deadline', async () => {
    const { svc, appeals, feedback, rec } = setup();
    const [a] = appeals.add(answered());
    expect(await codeOf(svc.rate(firm, a.id, 'unsatisfied', '  '))).toBe('FEEDBACK.COMMENT_REQUIRED');
    expect(feedback.ratings).toEqual([]);
    await svc.rate(firm, a.id, 'unsatisfied', '没有解决');
    expect(appeals.row(a.id)).toMatchObject({ state: 'second_supervision', second_supervision_count: 1, second_due: '2026-12-10', due_kind: 'second', due_on: '2026-12-10' });
    expect(rec.notices.sent.map((n) => [n.kind, n.recipient.id])).toEqual([['second_supervision', 'zrzyj'], ['second_supervision', CITY_SUPERVISION]]);
    expect(feedback.tasks).toEqual([]);
  });

  it('an answer is rated once; an appeal not answered cannot be rated', async () => {
    const { svc, appeals } = setup();
    const [a, open] = appeals.add(answered(), appealRow({ enterprise_id: FIRM, state: 'in_progress', lead_department: 'zrzyj' }));
    await svc.rate(firm, a.id, 'basically_satisfied', null);
    expect(await codeOf(svc.rate(firm, a.id, 'satisfied', null))).toBe('FEEDBACK.ALREADY_GIVEN');
    expect(await codeOf(svc.rate(firm, open.id, 'satisfied', null))).toBe('APPEAL.INVALID_STATE');
  });

  it('only the firm itself or a supervisor (on its behalf, marked so) rates', async () => {
    const { svc, appeals, feedback } = setup();
    const [a] = appeals.add(answered());
    expect(await codeOf(svc.rate(person('enterprise', { enterpriseId: uuid(802) }), a.id, 'satisfied', null))).toBe('APPEAL.NOT_FOUND');
    expect(await codeOf(svc.rate(person('dept_editor', { departmentCode: 'zrzyj' }), a.id, 'satisfied', null))).toBe('AUTH.FORBIDDEN');
    await svc.rate(supervisor, a.id, 'satisfied', '电话回访');
    expect(feedback.ratings[0]).toMatchObject({ onBehalf: true, givenRole: 'supervisor' });
  });

  it('closing without the firm needs a supervisor and a reason of at least ten characters', async () => {
    const { svc, appeals, feedback } = setup();
    const [a] = appeals.add(answered());
    expect(await codeOf(svc.overrideClose(supervisor, a.id, '太短'))).toBe('APPEAL.CLOSE_REASON_REQUIRED');
    expect(await codeOf(svc.overrideClose(firm, a.id, '企业长期联系不上，按规定督办销号'))).toBe('AUTH.FORBIDDEN');
    await svc.overrideClose(supervisor, a.id, '  企业长期联系不上，按规定督办销号  ');
    expect(appeals.row(a.id)).toMatchObject({ state: 'closed', close_reason: '企业长期联系不上，按规定督办销号' });
    expect(feedback.tasks).toHaveLength(1);
  });

  it('a follow-up confirms, or reopens the appeal under second supervision; each task is done once', async () => {
    const { svc, appeals, feedback, rec } = setup();
    const [a, b] = appeals.add(answered(), answered());
    await svc.rate(firm, a.id, 'satisfied', null);
    await svc.rate(firm, b.id, 'satisfied', null);
    const [fa, fb] = feedback.tasks.map((f) => f.id);
    await svc.recordFollowUp(supervisor, a.id, fa, 'confirmed', '企业确认已解决');
    expect(appeals.row(a.id).state).toBe('closed');
    expect(await codeOf(svc.recordFollowUp(supervisor, a.id, fa, 'confirmed', '再次'))).toBe('FOLLOW_UP.NOT_FOUND');
    expect(await codeOf(svc.recordFollowUp(supervisor, a.id, fb, 'confirmed', '别人的任务'))).toBe('FOLLOW_UP.NOT_FOUND');
    rec.notices.sent.length = 0;
    await svc.recordFollowUp(supervisor, b.id, fb, 'reopen', '问题依旧');
    expect(appeals.row(b.id)).toMatchObject({ state: 'second_supervision', reopened_count: 1, closed_at: null, second_due: '2026-12-10' });
    expect(rec.notices.sent.map((n) => [n.kind, n.recipient.id])).toEqual([['follow_up', 'zrzyj']]);
  });

  it('only the firm withdraws its appeal', async () => {
    const { svc, appeals } = setup();
    const [a] = appeals.add(appealRow({ enterprise_id: FIRM, state: 'submitted' }));
    expect(await codeOf(svc.withdraw(supervisor, a.id, null))).toBe('AUTH.FORBIDDEN');
    await svc.withdraw(firm, a.id, null);
    expect(appeals.row(a.id).state).toBe('withdrawn');
  });
});
