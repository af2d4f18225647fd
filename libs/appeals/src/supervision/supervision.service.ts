import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, Page, Principal } from '@app/core';
import { CalendarRepository, chinaDate } from '@app/approvals';
import { assertSupervisor, loadScoped, scopeSql } from '../appeal/appeal-access';
import { AppealClock } from '../appeal/appeal.clock';
import { OPEN_APPEAL_STATES } from '../appeal/appeal.states';
import { actorOf, AppealLevel, AppealRow, APPEAL_COLUMNS, DUE_KIND_LABELS, levelAbove, LEVEL_LABELS, SYSTEM_ACTOR } from '../appeal/appeal.types';
import { AppealRepository } from '../appeal/appeal.repository';
import { AppealViews } from '../appeal/appeal-views.service';
import { AppealWorkflow } from '../appeal/appeal-workflow.service';
import { APPEAL_OPTIONS, AppealOptions } from '../appeal.options';
import { CITY_SUPERVISION, AppealNoticeService } from '../notices/notice.service';
import { LetterService } from './letter.service';
import { LetterView, OverdueEntry } from './supervision.views';

const OPEN = OPEN_APPEAL_STATES.map((s) => `'${s}'`).join(',');

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
    private readonly dataSource: DataSource,
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
    const clause = where.join(' AND ');
    // One pass over the covering index: the page's ids with the total, then the page's rows.
    const page: Array<{ id: string; total: number }> = await this.dataSource.query(
      `SELECT a.id, count(*) OVER ()::int AS total FROM appeal.appeals a WHERE ${clause} ORDER BY a.due_on, a.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, f.pageSize, (f.page - 1) * f.pageSize],
    );
    const total = page[0]?.total ?? (f.page > 1 ? (await this.dataSource.query(`SELECT count(*)::int AS n FROM appeal.appeals a WHERE ${clause}`, params))[0].n : 0);
    const rows: AppealRow[] = page.length
      ? await this.dataSource.query(`SELECT ${APPEAL_COLUMNS} FROM appeal.appeals WHERE id = ANY($1::uuid[]) ORDER BY due_on, id`, [page.map((r) => r.id)])
      : [];
    const cal = await this.calendar.calendar();
    const views = await this.views.many(rows);
    return { items: views.map((v, i) => ({ ...v, overdueWorkingDays: cal.workingDaysBetween(rows[i].due_on!, today) })), total, page: f.page, pageSize: f.pageSize };
  }

  /** 提示函 (quality low, the firm raised it again) or 督办函 (overdue), issued by a supervisor with a reason. */
  async issueLetter(p: Principal, id: string, kind: 'reminder' | 'supervision', reason: string): Promise<LetterView> {
    assertSupervisor(p);
    return this.dataSource.transaction(async (m) => {
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
    const due: Array<{ id: string; due_on: string }> = await this.dataSource.query(
      `SELECT id, due_on::text AS due_on FROM appeal.appeals WHERE due_on IS NOT NULL AND due_on < $1 AND state IN (${OPEN}) ORDER BY due_on`, [today]);
    let steps = 0;
    for (const d of due) {
      const overdueDays = cal.workingDaysBetween(d.due_on, today);
      if (overdueDays < 1) continue;
      const target = 1 + Math.floor((overdueDays - 1) / this.options.escalationIntervalWorkingDays);
      steps += await this.dataSource.transaction(async (m) => {
        const a = await this.repo.get(d.id, m, true);
        if (!a || !a.due_on || a.due_on !== d.due_on || !OPEN_APPEAL_STATES.includes(a.state)) return 0;
        const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM appeal.escalations WHERE appeal_id = $1 AND due_kind = $2 AND due_on = $3`, [a.id, a.due_kind, a.due_on]);
        let row = a;
        let taken = 0;
        for (let step = n; step < target; step++) {
          const up = levelAbove(row.level);
          if (!up) break;
          await m.query(`INSERT INTO appeal.escalations (appeal_id, due_kind, due_on, step, from_level, to_level, at) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
            [a.id, a.due_kind, a.due_on, step, row.level, up, now.toISOString()]);
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
    const open: Array<{ id: string }> = await this.dataSource.query(
      `SELECT a.id FROM appeal.appeals a WHERE a.state IN ('assigned','in_progress','second_supervision') AND a.lead_department IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM appeal.weekly_reminders w WHERE w.appeal_id = a.id AND w.week = $1)`, [week]);
    let sent = 0;
    for (const { id } of open) {
      sent += await this.dataSource.transaction(async (m) => {
        const fresh: unknown[] = await m.query(`INSERT INTO appeal.weekly_reminders (appeal_id, week, at) VALUES ($1,$2,$3) ON CONFLICT DO NOTHING RETURNING appeal_id`, [id, week, now.toISOString()]);
        if (fresh.length === 0) return 0;
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
