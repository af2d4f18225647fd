import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError, Page, Principal } from '@app/core';
import { CalendarRepository, chinaDate } from '@app/approvals';
import { assertSupervisor, loadScoped, scopeSql } from '../appeal/appeal-access';
import { AppealClock } from '../appeal/appeal.clock';
import { OPEN_APPEAL_STATES } from '../appeal/appeal.states';
import { actorOf, AppealLevel, DUE_KIND_LABELS, levelAbove, LEVEL_LABELS, SYSTEM_ACTOR } from '../appeal/appeal.types';
import { AppealRepository } from '../appeal/appeal.repository';
import { AppealViews } from '../appeal/appeal-views.service';
import { AppealWorkflow } from '../appeal/appeal-workflow.service';
import { APPEAL_OPTIONS, AppealOptions } from '../appeal.options';
import { CITY_SUPERVISION, AppealNoticeService } from '../notices/notice.service';
import { LetterService } from './letter.service';
import { SupervisionRepository } from './supervision.repository';
import { LetterView, OverdueEntry } from './supervision.views';

/** ISO week of a China-time date (2026-W48): one weekly reminder per appeal per week. */
export function isoWeek(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const day = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - day + 3);
  const firstThursday = new Date(Date.UTC(d.getUTCFullYear(), 0, 4));
  const week = 1 + Math.round(((d.getTime() - firstThursday.getTime()) / 86_400_000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/**
 * 督办: the overdue list (the current deadline of every open appeal is a column kept in step with its
 * state, so the list is one indexed query), the two letters (提示函 on request, 督办函 when overdue),
 * escalation one level up when a deadline passes (包联干部 → 部门 → 区县 → 市 → 领导小组) and again every
 * few working days it stays overdue, and the weekly reminder (每周电话提醒) to the units still handling.
 */
@Injectable()
export class AppealSupervisionService {
  private readonly logger = new Logger('AppealSupervision');

  constructor(
    private readonly supervision: SupervisionRepository,
    private readonly repo: AppealRepository,
    private readonly workflow: AppealWorkflow,
    private readonly views: AppealViews,
    private readonly letters: LetterService,
    private readonly notices: AppealNoticeService,
    private readonly calendar: CalendarRepository,
    private readonly clock: AppealClock,
    @Inject(APPEAL_OPTIONS) private readonly options: AppealOptions,
  ) {}

  async overdue(p: Principal, f: { department?: string; level?: AppealLevel; page: number; pageSize: number }): Promise<Page<OverdueEntry>> {
    const today = chinaDate(this.clock.now());
    const params: unknown[] = [today];
    // Only open appeals carry a deadline (CHK_appeals_due_open): no state filter, the covering index answers it.
    const where = [`a.due_on IS NOT NULL AND a.due_on < $1`, scopeSql(p, params)];
    if (f.department) where.push(`a.lead_department = $${params.push(f.department)}`);
    if (f.level) where.push(`a.level = $${params.push(f.level)}`);
    const { rows, total } = await this.supervision.overduePage(where.join(' AND '), params, f.page, f.pageSize);
    const cal = await this.calendar.calendar();
    const views = await this.views.many(rows);
    return { items: views.map((v, i) => ({ ...v, overdueWorkingDays: cal.workingDaysBetween(rows[i].due_on!, today) })), total, page: f.page, pageSize: f.pageSize };
  }

  /** 提示函 (quality low, the firm raised it again) or 督办函 (overdue), issued by a supervisor with a reason. */
  async issueLetter(p: Principal, id: string, kind: 'reminder' | 'supervision', reason: string): Promise<LetterView> {
    assertSupervisor(p);
    return this.supervision.transaction(async (m) => {
      const a = await loadScoped(this.repo, p, id, m, true);
      if (!OPEN_APPEAL_STATES.includes(a.state) && a.state !== 'answered') throw new DomainError('APPEAL.INVALID_STATE', '已办结的诉求不再发函', { state: a.state });
      if (kind === 'supervision' && !(a.due_on && a.due_on < chinaDate(this.clock.now()))) {
        throw new DomainError('LETTER.NOT_OVERDUE', '督办函用于超期诉求；未超期的请发提示函', { dueOn: a.due_on });
      }
      return (await this.letters.issue(m, a, kind, actorOf(p), { reason })).letter;
    });
  }

  /**
   * Escalation (daily job): every open appeal whose current deadline has passed goes one level up at
   * the first overdue working day and one more every `escalationIntervalWorkingDays` after, each step
   * once (keyed by appeal, deadline and step), with a 督办函 to the lead unit on the first step.
   * Returns the number of escalation steps taken.
   */
  async escalateOverdue(): Promise<number> {
    const now = this.clock.now();
    const today = chinaDate(now);
    const cal = await this.calendar.calendar();
    const due = await this.supervision.overdueOpen(today);
    let steps = 0;
    for (const d of due) {
      const overdueDays = cal.workingDaysBetween(d.due_on, today);
      if (overdueDays < 1) continue;
      const target = 1 + Math.floor((overdueDays - 1) / this.options.escalationIntervalWorkingDays);
      steps += await this.supervision.transaction(async (m) => {
        const a = await this.repo.get(d.id, m, true);
        if (!a || !a.due_on || a.due_on !== d.due_on || !OPEN_APPEAL_STATES.includes(a.state)) return 0;
        const n = await this.supervision.escalationsTaken(m, a.id, a.due_kind, a.due_on);
        let row = a;
        let taken = 0;
        for (let step = n; step < target; step++) {
          const up = levelAbove(row.level);
          if (!up) break;
          await this.supervision.insertEscalation(m, { appealId: a.id, dueKind: a.due_kind, dueOn: a.due_on, step, fromLevel: row.level, toLevel: up, at: now });
          row = await this.workflow.note(m, row, 'escalate', {
            actor: SYSTEM_ACTOR, at: now, outcome: 'escalated',
            comment: `${DUE_KIND_LABELS[a.due_kind!]}（${a.due_on}）已超期 ${overdueDays} 个工作日，由「${LEVEL_LABELS[row.level]}」上报「${LEVEL_LABELS[up]}」`,
            details: { from: row.level, to: up, dueKind: a.due_kind, dueOn: a.due_on, overdueWorkingDays: overdueDays },
          }, { level: up });
          if (step === 0 && row.lead_department) row = (await this.letters.issue(m, row, 'supervision', SYSTEM_ACTOR, { reason: `${DUE_KIND_LABELS[a.due_kind!]} ${a.due_on} 已过` })).appeal;
          await this.notices.record(m, [{ appealId: a.id, kind: 'escalated', recipient: { kind: 'department', id: up === 'district' && a.district_code ? a.district_code : CITY_SUPERVISION },
            title: `诉求上报 ${a.number}`, text: `「${a.title}」${DUE_KIND_LABELS[a.due_kind!]}已超期，上报至${LEVEL_LABELS[up]}协调解决。` }]);
          taken++;
        }
        return taken;
      });
    }
    if (steps) this.logger.log(`${steps} escalation step(s)`);
    return steps;
  }

  /**
   * 每周提醒 (weekly job, run daily: one per appeal per ISO week): every appeal a unit still owes an
   * answer gets a timeline note and a notice to its lead unit with the deadline.
   */
  async weeklyReminders(): Promise<number> {
    const now = this.clock.now();
    const week = isoWeek(chinaDate(now));
    const open = await this.supervision.dueWeeklyReminder(week);
    let sent = 0;
    for (const { id } of open) {
      sent += await this.supervision.transaction(async (m) => {
        if (!(await this.supervision.claimWeeklyReminder(m, id, week, now))) return 0;
        const a = await this.repo.get(id, m, true);
        if (!a || !a.lead_department) return 0;
        const text = `「${a.title}」（${a.number}）${a.due_kind ? `${DUE_KIND_LABELS[a.due_kind]} ${a.due_on}` : ''}，请抓紧办理并及时报送进展。`;
        await this.workflow.note(m, a, 'weekly_reminder', { actor: SYSTEM_ACTOR, at: now, outcome: 'reminded', comment: `每周提醒（${week}）：${text}` });
        await this.notices.record(m, [{ appealId: a.id, kind: 'weekly_reminder', recipient: { kind: 'department', id: a.lead_department }, title: `每周提醒 ${a.number}`, text }]);
        return 1;
      });
    }
    if (sent) this.logger.log(`${sent} weekly reminder(s)`);
    return sent;
  }
}
