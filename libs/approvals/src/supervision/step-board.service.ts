import { Inject, Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { APP_CONFIG, AppConfig, Role } from '@app/core';
import { PAYOUT_PROGRESS_SOURCE, PayoutProgress, PayoutProgressSource } from '@app/contracts';
import { APPROVAL_OPTIONS, ApprovalOptions } from '../approval.options';
import { ApprovalClock, chinaDate } from '../clock';
import { ApplicationState } from '../application/application.states';
import { CalendarRepository } from './calendar.repository';
import { StepBoardRepository } from './step-board.repository';
import { StepKey, stepLimits, StepParty, STEPS, waitingStep } from './steps';
import { WorkingDayCalendar } from './working-day-calendar';

/** An application waiting in a step now. */
export interface OpenStepItem {
  applicationId: string;
  enterpriseName: string;
  itemName: string;
  departmentCode: string;
  step: StepKey;
  stepLabel: string;
  party: StepParty;
  ownerRole: Role;
  ownerLabel: string;
  since: string;
  dueOn: string;
  limitWorkingDays: number;
  elapsedWorkingDays: number;
  overdue: boolean;
  overdueWorkingDays: number;
}

/** Finished passages through a step, grouped by department, step and China dates. */
export interface CompletedSteps {
  departmentCode: string;
  step: StepKey;
  start: string;
  finish: string;
  /** A deadline other than start + limit (the firm's confirm_by, a verification's due date). */
  dueOn: string | null;
  /** Finished in time regardless of the dates (false: the firm let the deadline pass). */
  failed: boolean;
  n: number;
}

export interface StepStats {
  step: StepKey;
  stepLabel: string;
  party: StepParty;
  ownerLabel: string;
  limitWorkingDays: number;
  completed: number;
  onTime: number;
  onTimeRate: number | null;
  averageWorkingDays: number | null;
  open: number;
  overdue: number;
}

export interface TimeToMoney {
  paid: number;
  /** Calendar days from publication (免申即享) or the first submission to money in the account. */
  averageDays: number | null;
  averageWorkingDays: number | null;
}

export interface TimeToMoneyByItem extends TimeToMoney {
  itemId: string;
  itemName: string;
  departmentCode: string;
}

const rate = (a: number, b: number) => (b ? Math.round((a / b) * 10_000) / 10_000 : null);
const avg = (sum: number, n: number, digits = 100) => (n ? Math.round((sum / n) * digits) / digits : null);

const STATE_STEPS: Partial<Record<ApplicationState, StepKey>> = {
  submitted: 'accept', under_review: 'decide', pre_qualified: 'batch_approval', objection_raised: 'objection', reopen_requested: 'reopen',
};

/**
 * The measurements behind the 督办 board: what waits where now (with its due date on the
 * working-day calendar), how long finished steps took and whether in time, and the headline
 * 亲清在线 figure — days from publication or application to money in the account. Payout steps
 * come from the payout center's timestamps through PAYOUT_PROGRESS_SOURCE, shifted onto the
 * approval clock.
 */
@Injectable()
export class StepBoardService {
  private readonly logger = new Logger('StepBoard');
  private progressSource?: PayoutProgressSource | null;

  constructor(
    private readonly repo: StepBoardRepository,
    private readonly calendar: CalendarRepository,
    private readonly clock: ApprovalClock,
    private readonly moduleRef: ModuleRef,
    @Inject(APPROVAL_OPTIONS) private readonly options: ApprovalOptions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  limits(): Record<StepKey, number> {
    return stepLimits(this.options, this.config.fulfilment);
  }

  private async progress(ids: string[]): Promise<Map<string, PayoutProgress>> {
    if (this.progressSource === undefined) {
      try {
        this.progressSource = this.moduleRef.get<PayoutProgressSource>(PAYOUT_PROGRESS_SOURCE, { strict: false });
      } catch {
        this.logger.log('no payout center in this process: 组批/复核/到账 are timed as one step');
        this.progressSource = null;
      }
    }
    if (!this.progressSource || ids.length === 0) return new Map();
    return new Map((await this.progressSource.progressOf(ids)).map((p) => [p.applicationId, p]));
  }

  /** Everything waiting now (of one department, or all), with due dates and overruns. */
  async openItems(departmentCode: string | null): Promise<OpenStepItem[]> {
    const rows = await this.repo.waitingApplications(departmentCode);
    const tasks = await this.repo.pendingVerifications(departmentCode);
    const progress = await this.progress(rows.filter((r) => r.state === 'ready_for_payout').map((r) => r.id));
    const cal = await this.calendar.calendar();
    const now = this.clock.now();
    const today = chinaDate(now);
    const limits = this.limits();
    const item = (r: { enterprise_name: string; item_name: string; department_code: string }, id: string, step: StepKey, since: Date, due: string | null): OpenStepItem => {
      const sinceDay = chinaDate(since);
      const dueOn = due ?? cal.addWorkingDays(sinceDay, limits[step]);
      const overdue = today > dueOn;
      return {
        applicationId: id, enterpriseName: r.enterprise_name, itemName: r.item_name, departmentCode: r.department_code, step, stepLabel: STEPS[step].label,
        party: STEPS[step].party, ownerRole: STEPS[step].ownerRole, ownerLabel: STEPS[step].ownerLabel, since: sinceDay, dueOn, limitWorkingDays: limits[step],
        elapsedWorkingDays: cal.workingDaysBetween(sinceDay, today), overdue, overdueWorkingDays: overdue ? cal.workingDaysBetween(dueOn, today) : 0,
      };
    };
    const out: OpenStepItem[] = [];
    for (const r of rows) {
      const p = progress.get(r.id);
      const w = waitingStep({
        state: r.state, mode: r.mode, stateSince: new Date(r.state_since), confirmOpenedAt: r.confirm_opened_at ? new Date(r.confirm_opened_at) : null,
        roundEndsAt: r.round_ends_at ? new Date(r.round_ends_at) : null,
        batchedAt: p?.batchedAt ? this.clock.shift(new Date(p.batchedAt)) : null, checkedAt: p?.checkedAt ? this.clock.shift(new Date(p.checkedAt)) : null,
      }, now);
      if (w) out.push(item(r, r.id, w.step, w.since, w.step === 'confirmation' ? r.confirm_by : null));
    }
    for (const t of tasks) out.push(item(t, t.application_id, 'verification', new Date(t.created_at), t.due_on));
    return out;
  }

  /** Finished passages through each step (grouped), of one department or all. */
  async completed(departmentCode: string | null): Promise<CompletedSteps[]> {
    const out: CompletedSteps[] = [];
    const states = await this.repo.statePassages(departmentCode);
    for (const s of states) {
      const step = s.state === 'approved' ? (s.next_command === 'open_disclosure' ? 'disclosure' : null) : STATE_STEPS[s.state];
      if (step) out.push({ departmentCode: s.department_code, step, start: s.start, finish: s.finish, dueOn: null, failed: false, n: s.n });
    }
    const confirms = await this.repo.confirmationPassages(departmentCode);
    for (const c of confirms) {
      out.push({ departmentCode: c.department_code, step: 'confirmation', start: c.start, finish: c.finish < c.start ? c.start : c.finish, dueOn: c.confirm_by,
        failed: !c.confirmed, n: c.n });
    }
    const verified = await this.repo.verificationPassages(departmentCode);
    for (const v of verified) out.push({ departmentCode: v.department_code, step: 'verification', start: v.start, finish: v.finish, dueOn: v.due_on, failed: false, n: v.n });
    out.push(...(await this.payoutSteps(departmentCode)));
    return out;
  }

  /** 组批, 复核, 到账 of applications released to the payout center (from its timestamps). */
  private async payoutSteps(departmentCode: string | null): Promise<CompletedSteps[]> {
    const rows = await this.repo.releasedApplications(departmentCode);
    const progress = await this.progress(rows.map((r) => r.id));
    const groups = new Map<string, CompletedSteps>();
    const add = (departmentCode: string, step: StepKey, from: Date, to: Date) => {
      const start = chinaDate(from);
      const finish = chinaDate(to) < start ? start : chinaDate(to);
      const key = `${departmentCode}|${step}|${start}|${finish}`;
      const g = groups.get(key);
      if (g) g.n++;
      else groups.set(key, { departmentCode, step, start, finish, dueOn: null, failed: false, n: 1 });
    };
    for (const r of rows) {
      const p = progress.get(r.id);
      const released = new Date(r.released_at);
      const batched = p?.batchedAt ? this.clock.shift(new Date(p.batchedAt)) : null;
      const checked = p?.checkedAt ? this.clock.shift(new Date(p.checkedAt)) : null;
      const paid = r.paid_at ? new Date(r.paid_at) : null;
      if (batched) add(r.department_code, 'batching', released, batched);
      if (batched && checked) add(r.department_code, 'checking', batched, checked);
      if (checked && paid) add(r.department_code, 'paying', checked, paid);
      if (!p && paid) add(r.department_code, 'batching', released, paid); // no payout center here: one step from release to money
    }
    return [...groups.values()];
  }

  /** Per step: finished passages (in time or not, average working days) and what waits now. */
  stats(cal: WorkingDayCalendar, steps: readonly StepKey[], completed: CompletedSteps[], open: OpenStepItem[]): StepStats[] {
    const limits = this.limits();
    return steps.map((step) => {
      let n = 0;
      let onTime = 0;
      let days = 0;
      for (const c of completed.filter((x) => x.step === step)) {
        const d = cal.workingDaysBetween(c.start, c.finish);
        const due = c.dueOn ?? cal.addWorkingDays(c.start, limits[step]);
        n += c.n;
        days += d * c.n;
        if (!c.failed && c.finish <= due) onTime += c.n;
      }
      const waiting = open.filter((o) => o.step === step);
      return {
        step, stepLabel: STEPS[step].label, party: STEPS[step].party, ownerLabel: STEPS[step].ownerLabel, limitWorkingDays: limits[step],
        completed: n, onTime, onTimeRate: rate(onTime, n), averageWorkingDays: avg(days, n), open: waiting.length, overdue: waiting.filter((o) => o.overdue).length,
      };
    });
  }

  /** 亲清在线's headline from the published results: days from publication (免申即享) or application to money, per item (and totals per department). */
  async timeToMoney(departmentCode: string | null): Promise<TimeToMoneyByItem[]> {
    const rows = await this.repo.paidByItem(departmentCode);
    const cal = await this.calendar.calendar();
    const byItem = new Map<string, { item: TimeToMoneyByItem; seconds: number; wd: number }>();
    for (const r of rows) {
      let x = byItem.get(r.item_id);
      if (!x) {
        x = { item: { itemId: r.item_id, itemName: r.item_name, departmentCode: r.department_code, paid: 0, averageDays: null, averageWorkingDays: null }, seconds: 0, wd: 0 };
        byItem.set(r.item_id, x);
      }
      x.item.paid += r.n;
      x.seconds += Number(r.seconds);
      x.wd += cal.workingDaysBetween(r.start, r.paid_on) * r.n;
    }
    return [...byItem.values()].map((x) => ({ ...x.item, averageDays: avg(x.seconds / 86_400, x.item.paid, 10), averageWorkingDays: avg(x.wd, x.item.paid, 10) }))
      .sort((a, b) => a.departmentCode.localeCompare(b.departmentCode) || a.itemName.localeCompare(b.itemName));
  }
}

/** Totals of per-item figures (weighted by payments). */
export function combineTimeToMoney(items: TimeToMoney[]): TimeToMoney {
  const paid = items.reduce((s, i) => s + i.paid, 0);
  const sum = (f: (i: TimeToMoney) => number | null) => items.reduce((s, i) => s + (f(i) ?? 0) * i.paid, 0);
  return { paid, averageDays: avg(sum((i) => i.averageDays), paid, 10), averageWorkingDays: avg(sum((i) => i.averageWorkingDays), paid, 10) };
}
