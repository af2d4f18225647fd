import type { EntityManager } from 'typeorm';
import { CalendarRepository, WorkingDayCalendar } from '@app/approvals';
import type { AppealRepository } from '../appeal/appeal.repository';
import type { AppealViews } from '../appeal/appeal-views.service';
import type { AppealRow, DueKind } from '../appeal/appeal.types';
import { DEFAULT_APPEAL_OPTIONS } from '../appeal.options';
import { AppealNoticeService, CITY_SUPERVISION } from '../notices/notice.service';
import { appealRow, codeOf, FixedClock, MemoryAppeals, person, recorders, TX, workflowOver } from '../testing/unit-kit';
import type { LetterService } from './letter.service';
import type { NewEscalation, SupervisionRepository } from './supervision.repository';
import { AppealSupervisionService, isoWeek } from './supervision.service';

/** SupervisionRepository's contract over the in-memory appeals: overdue = open with a deadline before today. */
class MemorySupervision {
  readonly escalations: NewEscalation[] = [];
  readonly reminders = new Set<string>();
  lastPage?: { clause: string; params: unknown[] };
  constructor(private readonly appeals: MemoryAppeals) {}

  async transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return work(TX);
  }
  private open() {
    return [...this.appeals.rows.values()].filter((a) => ['submitted', 'assigned', 'in_progress', 'second_supervision'].includes(a.state));
  }
  async overduePage(clause: string, params: unknown[], page: number, pageSize: number) {
    this.lastPage = { clause, params };
    const all = this.open().filter((a) => a.due_on && a.due_on < (params[0] as string)).sort((x, y) => x.due_on!.localeCompare(y.due_on!));
    return { rows: all.slice((page - 1) * pageSize, page * pageSize), total: all.length };
  }
  async overdueOpen(today: string) {
    return this.open().filter((a) => a.due_on && a.due_on < today).map((a) => ({ id: a.id, due_on: a.due_on! }));
  }
  async escalationsTaken(_m: unknown, appealId: string, dueKind: DueKind | null, dueOn: string) {
    return this.escalations.filter((e) => e.appealId === appealId && e.dueKind === dueKind && e.dueOn === dueOn).length;
  }
  async insertEscalation(_m: unknown, e: NewEscalation) {
    this.escalations.push(e);
  }
  async dueWeeklyReminder(week: string) {
    return [...this.appeals.rows.values()]
      .filter((a) => ['assigned', 'in_progress', 'second_supervision'].includes(a.state) && a.lead_department && !this.reminders.has(`${a.id}|${week}`))
      .map((a) => ({ id: a.id }));
  }
  async claimWeeklyReminder(_m: unknown, appealId: string, week: string) {
    if (this.reminders.has(`${appealId}|${week}`)) return false;
    this.reminders.add(`${appealId}|${week}`);
    return true;
  }
}

// Thursday 2026-12-03 in China.
const NOW = new Date('2026-12-03T02:00:00Z');

function setup(interval = 2) {
  const appeals = new MemoryAppeals();
  const supervision = new MemorySupervision(appeals);
  const rec = recorders();
  const workflow = workflowOver(appeals, rec);
  const issued: Array<{ id: string; kind: string; reason?: string | null }> = [];
  const letters = {
    issue: async (m: EntityManager, a: AppealRow, kind: string, actor: never, o: { reason?: string | null }) => {
      issued.push({ id: a.id, kind, reason: o.reason });
      const appeal = await workflow.note(m, a, 'letter', { actor, at: NOW, outcome: kind });
      return { appeal, letter: { id: `letter-${issued.length}`, appealId: a.id, kind } };
    },
  };
  const views = { many: async (rows: AppealRow[]) => rows.map((r) => ({ id: r.id, number: r.number })) };
  const calendar = { calendar: async () => new WorkingDayCalendar() };
  const svc = new AppealSupervisionService(supervision as unknown as SupervisionRepository, appeals as unknown as AppealRepository, workflow,
    views as unknown as AppealViews, letters as unknown as LetterService, rec.notices as unknown as AppealNoticeService, calendar as unknown as CalendarRepository,
    new FixedClock(NOW), { ...DEFAULT_APPEAL_OPTIONS, escalationIntervalWorkingDays: interval });
  return { svc, appeals, supervision, rec, issued };
}

const supervisor = person('supervisor');

describe('AppealSupervisionService (over in-memory repositories)', () => {
  it('the overdue list counts the working days past each deadline and filters within the caller\'s scope', async () => {
    const { svc, appeals, supervision } = setup();
    appeals.add(
      appealRow({ state: 'assigned', lead_department: 'zrzyj', due_kind: 'accept', due_on: '2026-11-26' }),
      appealRow({ state: 'in_progress', lead_department: 'zrzyj', due_kind: 'answer', due_on: '2026-12-02' }),
      appealRow({ state: 'in_progress', lead_department: 'zrzyj', due_kind: 'answer', due_on: '2026-12-03' }),
    );
    const page = await svc.overdue(person('supervisor', { departmentCode: '410102' }), { department: 'zrzyj', page: 1, pageSize: 20 });
    expect(page.total).toBe(2);
    // Fri 11-27, Mon 11-30 … Thu 12-03: five working days; the weekend does not count.
    expect(page.items.map((i) => i.overdueWorkingDays)).toEqual([5, 1]);
    expect(supervision.lastPage!.params).toEqual(['2026-12-03', '410102', 'zrzyj']);
    expect(supervision.lastPage!.clause).toContain('a.district_code');
  });

  it('letters: only supervisors; a 督办函 only when overdue; never on a finished appeal', async () => {
    const { svc, appeals, issued } = setup();
    const [due, late, closed] = appeals.add(
      appealRow({ state: 'in_progress', lead_department: 'zrzyj', due_kind: 'answer', due_on: '2026-12-05' }),
      appealRow({ state: 'in_progress', lead_department: 'zrzyj', due_kind: 'answer', due_on: '2026-12-01' }),
      appealRow({ state: 'closed', lead_department: 'zrzyj' }),
    );
    expect(await codeOf(svc.issueLetter(person('dept_editor', { departmentCode: 'zrzyj' }), late.id, 'supervision', '超期'))).toBe('AUTH.FORBIDDEN');
    expect(await codeOf(svc.issueLetter(supervisor, due.id, 'supervision', '催办'))).toBe('LETTER.NOT_OVERDUE');
    expect(await codeOf(svc.issueLetter(supervisor, closed.id, 'reminder', '提示'))).toBe('APPEAL.INVALID_STATE');
    expect(issued).toEqual([]);
    expect(await codeOf(svc.issueLetter(supervisor, due.id, 'reminder', '质量不高'))).toBe('ok');
    expect(await codeOf(svc.issueLetter(supervisor, late.id, 'supervision', '已超期'))).toBe('ok');
    expect(issued.map((i) => [i.id, i.kind])).toEqual([[due.id, 'reminder'], [late.id, 'supervision']]);
  });

  it('escalates one level at the first overdue working day and one more per interval, each step once', async () => {
    const { svc, appeals, supervision, rec, issued } = setup(2);
    // Five working days overdue with an interval of 2: steps 1 + floor(4 / 2) = 3.
    const [a] = appeals.add(appealRow({ state: 'in_progress', level: 'department', lead_department: 'zrzyj', district_code: '410102', due_kind: 'answer', due_on: '2026-11-26' }));
    expect(await svc.escalateOverdue()).toBe(3);
    expect(appeals.row(a.id).level).toBe('leading_group');
    expect(supervision.escalations.map((e) => [e.step, e.fromLevel, e.toLevel])).toEqual([[0, 'department', 'district'], [1, 'district', 'city'], [2, 'city', 'leading_group']]);
    // A 督办函 with the first step only.
    expect(issued.map((i) => i.kind)).toEqual(['supervision']);
    expect(rec.notices.sent.filter((n) => n.kind === 'escalated').map((n) => n.recipient.id)).toEqual(['410102', CITY_SUPERVISION, CITY_SUPERVISION]);
    expect(appeals.commands(a.id)).toEqual(['escalate', 'letter', 'escalate', 'escalate']);
    // Run again the same day: nothing more.
    expect(await svc.escalateOverdue()).toBe(0);
    expect(supervision.escalations).toHaveLength(3);
  });

  it('stops at the top level and sends no letter without a lead unit', async () => {
    const { svc, appeals, issued } = setup(1);
    const [top, noLead] = appeals.add(
      appealRow({ state: 'assigned', level: 'leading_group', lead_department: 'zrzyj', due_kind: 'accept', due_on: '2026-12-01' }),
      appealRow({ state: 'submitted', level: 'officer', due_kind: 'dispatch', due_on: '2026-12-02' }),
    );
    expect(await svc.escalateOverdue()).toBe(1);
    expect(appeals.row(top.id).level).toBe('leading_group');
    expect(appeals.row(noLead.id).level).toBe('department');
    expect(issued).toEqual([]);
  });

  it('weekly reminders: one per appeal the lead unit still owes, per ISO week', async () => {
    const { svc, appeals, rec } = setup();
    const [owed] = appeals.add(
      appealRow({ state: 'in_progress', lead_department: 'zrzyj', due_kind: 'answer', due_on: '2026-12-10' }),
      appealRow({ state: 'answered', lead_department: 'zrzyj' }),
      appealRow({ state: 'submitted' }),
    );
    expect(isoWeek('2026-12-03')).toBe('2026-W49');
    expect(await svc.weeklyReminders()).toBe(1);
    expect(rec.notices.sent).toEqual([expect.objectContaining({ appealId: owed.id, kind: 'weekly_reminder', recipient: { kind: 'department', id: 'zrzyj' } })]);
    expect(appeals.commands(owed.id)).toEqual(['weekly_reminder']);
    expect(await svc.weeklyReminders()).toBe(0);
  });
});
