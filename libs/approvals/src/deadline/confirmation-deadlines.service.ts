import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig, DomainError, formatMoney, Principal } from '@app/core';
import { ApprovalClock, chinaDate } from '../clock';
import { ApplicationRepository } from '../application/application.repository';
import { actorOf, ApplicationRow, ApplicationView, SYSTEM_ACTOR, toApplicationView } from '../application/application.types';
import { assertReviewer, enterpriseOf, loadScoped } from '../application/application-access';
import { ApplicationWorkflow } from '../application/application-workflow.service';
import { FirmNotifier, NoticeKind } from '../notice/firm-notifier';
import { CalendarRepository } from '../supervision/calendar.repository';
import { WorkingDayCalendar } from '../supervision/working-day-calendar';
import { ConfirmationDeadlinesRepository, WindowSubject } from './confirmation-deadlines.repository';

export type { WindowSubject } from './confirmation-deadlines.repository';

/** Rows handled per transaction by the deadline run. */
const CHUNK = 2000;

export interface DeadlineRun {
  opened: number;
  reminded: number;
  lapsed: number;
  expired: number;
}

/**
 * The reminder due on `today` for a deadline: the smallest configured "days before" that the
 * remaining working days have reached (5 and 1 → at 5 left, then at 1 left; a run that missed the
 * 5-day one sends only the 1-day one). Null when none is due or the deadline has passed.
 */
export function reminderDue(cal: WorkingDayCalendar, today: string, confirmBy: string, daysBefore: readonly number[]): number | null {
  if (today > confirmBy) return null;
  const left = cal.workingDaysBetween(today, confirmBy);
  const due = daysBefore.filter((d) => left <= d);
  return due.length ? Math.min(...due) : null;
}

/**
 * 确认期 (issue 14 §1): once the firm may confirm its account (公示 ended, or approved without
 * 公示) it has CONFIRM_WORKING_DAYS working days, is reminded CONFIRM_REMINDER_DAYS before the
 * deadline, and after it the application lapses: the fund-pool reservation is released (audited)
 * and the firm may ask to reopen within REOPEN_GRACE_WORKING_DAYS; the department decides. Past the
 * grace period a lapsed application expires. `run()` is idempotent (the worker calls it hourly).
 */
@Injectable()
export class ConfirmationDeadlines {
  private readonly logger = new Logger('ConfirmationDeadlines');

  constructor(
    private readonly db: ConfirmationDeadlinesRepository,
    private readonly repo: ApplicationRepository,
    private readonly workflow: ApplicationWorkflow,
    private readonly calendar: CalendarRepository,
    private readonly clock: ApprovalClock,
    private readonly notifier: FirmNotifier,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get days() {
    return this.config.fulfilment;
  }

  /**
   * Opens the confirmation window of applications that may now be confirmed (in the caller's
   * transaction): confirm_by = N working days after `from`, and a notice saying by when.
   */
  async open<A extends WindowSubject>(m: EntityManager, apps: A[], from: (a: A) => Date, notice: { kind: NoticeKind; lead: (a: A) => string }): Promise<void> {
    if (apps.length === 0) return;
    const cal = await this.calendar.calendar(m);
    const opened = new Map(apps.map((a) => [a.id, from(a)]));
    const by = new Map(apps.map((a) => [a.id, cal.addWorkingDays(chinaDate(opened.get(a.id)!), this.days.confirmWorkingDays)]));
    await this.db.setWindows(m, apps.map((a) => ({ id: a.id, openedAt: opened.get(a.id)!, confirmBy: by.get(a.id)! })), this.clock.now());
    await this.notifier.notify(m, apps, {
      kind: notice.kind,
      key: (a) => by.get(a.id)!,
      body: (a) => `${notice.lead(a)}请于 ${by.get(a.id)} 前登录平台确认收款账户（「${a.item_name}」${formatMoney(Number(a.amount_fen))}），逾期未确认的申请将失效。`,
    });
  }

  /**
   * Tells firms their applications were approved (in the caller's transaction). 即申即享 and 承诺兑现
   * may be confirmed at once: their window opens now; the others are told that 公示 comes first.
   */
  async announceApproval(m: EntityManager, apps: WindowSubject[]): Promise<void> {
    const lead = (a: WindowSubject) => `您申请的「${a.item_name}」已审核通过，核定金额 ${formatMoney(Number(a.amount_fen))}。`;
    const now = this.clock.now();
    const direct = apps.filter((a) => a.mode === 'instant' || a.mode === 'commitment');
    await this.open(m, direct, () => now, {
      kind: 'approved',
      lead: (a) => `${lead(a)}${a.mode === 'commitment' ? '依据您的信用承诺先行兑现，资金到账后由主管部门事后核查。' : ''}`,
    });
    await this.notifier.notify(m, apps.filter((a) => !direct.includes(a)), {
      kind: 'approved', body: (a) => `${lead(a)}将按规定进行公示，公示期满后平台将通知您确认收款账户。`,
    });
  }

  /** One pass: open windows of ended 公示, send due reminders, lapse overdue applications, expire lapsed ones past the grace period. */
  async run(): Promise<DeadlineRun> {
    const out: DeadlineRun = { opened: await this.openEnded(), reminded: await this.remind(), lapsed: await this.lapseOverdue(), expired: await this.expireLapsed() };
    if (out.opened + out.reminded + out.lapsed + out.expired > 0) this.logger.log(`confirmation deadlines: ${JSON.stringify(out)}`);
    return out;
  }

  private today(): string {
    return chinaDate(this.clock.now());
  }

  /** 公示期满 (or approved without 公示, or back in 公示 after an objection was dismissed): the window opens. */
  private async openEnded(): Promise<number> {
    let n = 0;
    for (;;) {
      const moved = await this.db.transaction(async (m) => {
        const now = this.clock.now();
        const rows = await this.db.lockEndedWindows(m, now, CHUNK);
        await this.db.closeEndedRounds(m, now);
        const start = (a: (typeof rows)[number]) => new Date(Math.max(a.round_ends_at ? new Date(a.round_ends_at).getTime() : 0, new Date(a.state_since).getTime()));
        await this.open(m, rows, start, {
          kind: 'confirm_account',
          lead: (a) => (a.disclosure_round_id ? '您的兑现申请公示期已满，' : '您的兑现申请已审核通过，'),
        });
        return rows.length;
      });
      n += moved;
      if (moved < CHUNK) return n;
    }
  }

  private async remind(): Promise<number> {
    if (this.days.reminderDaysBefore.length === 0) return 0;
    const today = this.today();
    const cal = await this.calendar.calendar();
    const rows = await this.db.confirming(today);
    const due = rows.map((a) => ({ a, d: reminderDue(cal, today, a.confirm_by, this.days.reminderDaysBefore) })).filter((x) => x.d !== null);
    let n = 0;
    for (let i = 0; i < due.length; i += CHUNK) {
      const chunk = due.slice(i, i + CHUNK);
      const dOf = new Map(chunk.map((x) => [x.a.id, x.d!]));
      n += await this.db.transaction((m) => this.notifier.notify(m, chunk.map((x) => x.a), {
        kind: 'confirm_reminder',
        key: (a) => `${a.confirm_by}:${dOf.get(a.id)}`,
        body: (a) => `「${a.item_name}」的收款账户确认将于 ${a.confirm_by} 截止（还剩 ${cal.workingDaysBetween(today, a.confirm_by)} 个工作日），请尽快登录平台确认，逾期申请将失效。`,
      }));
    }
    return n;
  }

  /** 逾期: the application lapses, its reservation returns to the pool (audited by the workflow), the firm is told how to ask to reopen. */
  private async lapseOverdue(): Promise<number> {
    const today = this.today();
    const cal = await this.calendar.calendar();
    let n = 0;
    for (;;) {
      const moved = await this.db.transaction(async (m) => {
        const rows = await this.db.lockOverdue(m, today, CHUNK);
        const lapsed: ApplicationRow[] = [];
        for (const a of rows) {
          const until = cal.addWorkingDays(today, this.days.reopenGraceWorkingDays);
          lapsed.push(await this.workflow.apply(m, a, 'lapse', {
            actor: SYSTEM_ACTOR, outcome: 'lapsed',
            comment: `未在 ${a.confirm_by} 前确认收款账户，申请失效，预留资金 ${formatMoney(Number(a.reserved_fen))} 已释放回资金池`,
            details: { confirmBy: a.confirm_by, releasedFen: Number(a.reserved_fen), reopenUntil: until },
          }, { lapsed_at: this.clock.now(), reopen_until: until }));
        }
        await this.notifier.notify(m, lapsed, {
          kind: 'lapsed',
          body: (a) => `「${a.item_name}」因未在 ${a.confirm_by} 前确认收款账户已失效。` +
            (this.days.reopenGraceWorkingDays > 0 ? `如有正当理由，可于 ${a.reopen_until} 前在平台申请恢复办理，由主管部门审核。` : ''),
        });
        return rows.length;
      });
      n += moved;
      if (moved < CHUNK) return n;
    }
  }

  private async expireLapsed(): Promise<number> {
    const today = this.today();
    return this.db.transaction(async (m) => {
      const ids = await this.db.lapsedPastGrace(m, today);
      const moved = await this.repo.transitionMany(m, ids, 'lapsed', 'expired',
        { command: 'expire', actor: SYSTEM_ACTOR, outcome: 'expired', comment: '恢复办理期限已过，申请终止' }, {}, 'id');
      return moved.length;
    });
  }

  /** 申请恢复办理: the firm, within the grace period, with its reason; the department decides. */
  async requestReopen(p: Principal, id: string, reason: string): Promise<ApplicationView> {
    enterpriseOf(p);
    return this.db.transaction(async (m) => {
      const app = await loadScoped(this.repo, p, id, m, true);
      if (app.state === 'lapsed' && app.reopen_until && this.today() > app.reopen_until) {
        throw new DomainError('APPLICATION.REOPEN_PERIOD_OVER', `恢复办理须在 ${app.reopen_until} 前申请，已超过期限`, { reopenUntil: app.reopen_until });
      }
      const row = await this.workflow.apply(m, app, 'request_reopen', { actor: actorOf(p), outcome: 'reopen_requested', comment: `申请恢复办理：${reason}` });
      return toApplicationView(row);
    });
  }

  /**
   * The department decides a reopen request: accepted → approved again (the amount reserved again,
   * refused with APPROVAL.POOL_EXHAUSTED when the pool no longer has it) with a new confirmation
   * window; refused (with a reason) → expired.
   */
  async decideReopen(p: Principal, id: string, decision: 'accept' | 'reject', comment: string | null): Promise<ApplicationView> {
    if (decision === 'reject' && !comment?.trim()) throw new DomainError('REVIEW.COMMENT_REQUIRED', '不同意恢复办理须说明理由');
    return this.db.transaction(async (m) => {
      const app = await loadScoped(this.repo, p, id, m, true);
      assertReviewer(p, app);
      if (decision === 'reject') {
        const row = await this.workflow.apply(m, app, 'reject_reopen', { actor: actorOf(p), outcome: 'reopen_rejected', comment });
        await this.notifier.notify(m, [row], { kind: 'reopen_rejected', key: (a) => String(a.version), body: (a) => `「${a.item_name}」的恢复办理申请未获同意：${comment}` });
        return toApplicationView(row);
      }
      const row = await this.workflow.apply(m, app, 'accept_reopen', { actor: actorOf(p), outcome: 'reopen_accepted', comment: comment ?? '同意恢复办理' },
        { confirm_by: null, confirm_opened_at: null, lapsed_at: null, reopen_until: null });
      await this.open(m, [row], () => this.clock.now(), { kind: 'reopen_accepted', lead: () => '主管部门已同意恢复办理，' });
      return toApplicationView((await this.repo.get(row.id, m))!);
    });
  }
}
