import { Injectable, Logger } from '@nestjs/common';
import { AuditService, DEPARTMENT_SCOPED_ROLES, DomainError, Principal, Role, UsersService } from '@app/core';
import { ApprovalClock, chinaDate } from '../clock';
import { ApplicationRepository } from '../application/application.repository';
import { actorOf, SYSTEM_ACTOR } from '../application/application.types';
import { enterpriseOf, loadScoped } from '../application/application-access';
import { CalendarRepository } from './calendar.repository';
import { NewStaffAlert, StaffAlertsService } from './staff-alerts.service';
import { SupervisionRepository } from './supervision.repository';
import { combineTimeToMoney, OpenStepItem, StepBoardService, StepStats, TimeToMoney, TimeToMoneyByItem } from './step-board.service';
import { FINANCE_ROW, STEP_KEYS, StepKey, StepParty, STEPS, SUPERVISOR_ROLE } from './steps';

/** An application past its step's limit (督办). `node` is the step. */
export interface OverdueEntry {
  applicationId: string;
  enterpriseName: string;
  itemName: string;
  departmentCode: string;
  node: StepKey;
  nodeLabel: string;
  party: StepParty;
  ownerRole: Role;
  ownerLabel: string;
  since: string;
  dueOn: string;
  overdueWorkingDays: number;
}

/** One row of the board: a department (its own steps) or finance (组批, 复核, 到账). */
export interface DepartmentBoard {
  departmentCode: string;
  name: string;
  party: 'department' | 'finance';
  received: number;
  inProgress: number;
  overdue: number;
  averageHandlingWorkingDays: number | null;
  closureRate: number | null;
  ratingAverage: number | null;
  ratings: number;
  /** Finished steps of this party done within their limit. */
  onTimeRate: number | null;
  steps: StepStats[];
  /** What has waited longest now (overdue first). */
  slowest: OpenStepItem[];
  /** Days from publication or application to money in the account (the department's items; finance: all). */
  timeToMoney: TimeToMoney;
}

export interface TimeToMoneyReport {
  overall: TimeToMoney;
  byDepartment: Array<TimeToMoney & { departmentCode: string; name: string }>;
  byItem: TimeToMoneyByItem[];
}

const DEPARTMENT_STEPS: readonly StepKey[] = STEP_KEYS.filter((k) => STEPS[k].party !== 'finance');
const FINANCE_STEPS: readonly StepKey[] = STEP_KEYS.filter((k) => STEPS[k].party === 'finance');
const FINANCE_ROLES: readonly Role[] = ['finance_maker', 'finance_checker'];
const SLOWEST = 5;

/** What a caller sees of the board: one department's rows, the finance row, or everything. */
interface BoardScope {
  departmentCode: string | null;
  departments: boolean;
  finance: boolean;
}

function boardScope(p: Principal | null): BoardScope {
  if (!p) return { departmentCode: null, departments: true, finance: true };
  if (DEPARTMENT_SCOPED_ROLES.includes(p.role)) return { departmentCode: p.departmentCode, departments: true, finance: false };
  if (FINANCE_ROLES.includes(p.role)) return { departmentCode: null, departments: false, finance: true };
  return { departmentCode: null, departments: true, finance: true };
}

const visible = (s: BoardScope, party: StepParty) => (party === 'finance' ? s.finance : s.departments);
const slowestFirst = (a: OpenStepItem, b: OpenStepItem) => b.overdueWorkingDays - a.overdueWorkingDays || b.elapsedWorkingDays - a.elapsedWorkingDays;

/**
 * 督办: every waiting step has an owner and a working-day limit (steps.ts). The overdue list; reminders
 * to the owners the working day before a step falls due, and escalation to the supervisor when it is
 * overdue — once per step visit, sent through the staff alert outbox, overdue ones also on the
 * timeline; the board with each department's and finance's on-time rate, average working days per
 * step, the slowest items and the time from publication or application to money; the firm's rating.
 */
@Injectable()
export class SupervisionService {
  private readonly logger = new Logger('Supervision');

  constructor(
    private readonly db: SupervisionRepository,
    private readonly repo: ApplicationRepository,
    private readonly calendar: CalendarRepository,
    private readonly clock: ApprovalClock,
    private readonly audit: AuditService,
    private readonly steps: StepBoardService,
    private readonly alerts: StaffAlertsService,
    private readonly users: UsersService,
  ) {}

  async overdue(p: Principal | null): Promise<OverdueEntry[]> {
    const s = boardScope(p);
    const open = await this.steps.openItems(s.departmentCode);
    return open.filter((o) => o.overdue && visible(s, o.party)).sort(slowestFirst).map((o) => ({
      applicationId: o.applicationId, enterpriseName: o.enterpriseName, itemName: o.itemName, departmentCode: o.departmentCode, node: o.step,
      nodeLabel: o.stepLabel, party: o.party, ownerRole: o.ownerRole, ownerLabel: o.ownerLabel, since: o.since, dueOn: o.dueOn, overdueWorkingDays: o.overdueWorkingDays,
    }));
  }

  /**
   * One pass of 督办: a reminder to the owners of every step due within a working day, and for every
   * overdue step a timeline node and an escalation to the supervisor (and the owners) — each once
   * per step visit (approval.reminders). Alerts are grouped per recipient and step and sent after
   * the commit. The firm's own step is left to its confirmation notices. Returns how many steps
   * were newly reminded or escalated.
   */
  async sendReminders(): Promise<number> {
    const open = (await this.steps.openItems(null)).filter((o) => o.party !== 'enterprise');
    const cal = await this.calendar.calendar();
    const today = chinaDate(this.clock.now());
    const due = open.filter((o) => o.overdue || cal.workingDaysBetween(today, o.dueOn) <= 1);
    if (due.length === 0) return 0;
    const names = await this.departmentNames();
    return this.db.transaction(async (m) => {
      const keyOf = (o: OpenStepItem) => `${o.overdue ? 'escalate' : 'remind'}:${o.step}`;
      const fresh = await this.db.recordReminders(m, due.map((o) => ({ applicationId: o.applicationId, node: keyOf(o), dueOn: o.dueOn, sentAt: this.clock.now() })));
      const isFresh = new Set(fresh.map((f) => `${f.application_id}|${f.node}`));
      const sent = due.filter((o) => isFresh.has(`${o.applicationId}|${keyOf(o)}`));
      const escalated = sent.filter((o) => o.overdue);
      const byId = new Map(escalated.map((o) => [o.applicationId, o]));
      await this.repo.noteMany(m, [...byId.keys()], (id) => {
        const o = byId.get(id)!;
        return { command: 'note', actor: SYSTEM_ACTOR, outcome: 'reminder',
          comment: `督办提醒：「${o.stepLabel}」应于 ${o.dueOn} 前完成，已超期 ${o.overdueWorkingDays} 个工作日，已提醒${o.ownerLabel}并报督办领导`, details: { step: o.step } };
      });
      await this.alerts.record(m, groupAlerts(sent, names));
      if (sent.length) this.logger.log(`督办: ${sent.length - escalated.length} reminders, ${escalated.length} escalations`);
      return sent.length;
    });
  }

  private async departmentNames(): Promise<Map<string, string>> {
    return new Map((await this.users.listDepartments()).map((d) => [d.code, d.name]));
  }

  async board(p: Principal): Promise<DepartmentBoard[]> {
    const s = boardScope(p);
    const [open, completed, ttm, cal, names] = await Promise.all([
      this.steps.openItems(s.departmentCode), this.steps.completed(s.departmentCode), this.steps.timeToMoney(s.departmentCode), this.calendar.calendar(),
      this.departmentNames(),
    ]);
    const rows: DepartmentBoard[] = [];
    if (s.departments) {
      const counts = await this.db.departmentCounts(s.departmentCode);
      const spans = await this.db.decisionSpans(s.departmentCode);
      const ratings = await this.db.ratingsByDepartment(s.departmentCode);
      for (const c of counts) {
        const dept = c.department_code;
        const mine = spans.filter((x) => x.department_code === dept);
        const n = mine.reduce((a, x) => a + x.n, 0);
        const days = mine.reduce((a, x) => a + x.n * cal.workingDaysBetween(x.start, x.finish), 0);
        const r = ratings.find((x) => x.department_code === dept);
        const myOpen = open.filter((o) => o.departmentCode === dept && o.party !== 'finance');
        const steps = this.steps.stats(cal, DEPARTMENT_STEPS, completed.filter((x) => x.departmentCode === dept), myOpen);
        rows.push({
          departmentCode: dept, name: names.get(dept) ?? dept, party: 'department', received: c.received, inProgress: c.in_progress,
          overdue: myOpen.filter((o) => o.overdue && o.party === 'department').length,
          averageHandlingWorkingDays: n ? Math.round((days / n) * 100) / 100 : null,
          closureRate: c.received ? Math.round((c.closed / c.received) * 10_000) / 10_000 : null,
          ratingAverage: r?.avg ? Math.round(Number(r.avg) * 100) / 100 : null, ratings: r?.n ?? 0,
          onTimeRate: onTimeOf(steps.filter((x) => x.party === 'department')), steps,
          slowest: myOpen.filter((o) => o.party === 'department').sort(slowestFirst).slice(0, SLOWEST),
          timeToMoney: combineTimeToMoney(ttm.filter((t) => t.departmentCode === dept)),
        });
      }
    }
    if (s.finance) {
      const financeOpen = open.filter((o) => o.party === 'finance');
      const steps = this.steps.stats(cal, FINANCE_STEPS, completed, financeOpen);
      const { received, paid } = await this.db.financeCounts(s.departmentCode);
      const handled = steps.filter((x) => x.averageWorkingDays !== null);
      rows.push({
        departmentCode: FINANCE_ROW, name: '财政（兑付）', party: 'finance', received, inProgress: financeOpen.length, overdue: financeOpen.filter((o) => o.overdue).length,
        averageHandlingWorkingDays: handled.length ? Math.round(handled.reduce((a, x) => a + x.averageWorkingDays!, 0) * 100) / 100 : null,
        closureRate: received ? Math.round((paid / received) * 10_000) / 10_000 : null, ratingAverage: null, ratings: 0,
        onTimeRate: onTimeOf(steps), steps, slowest: financeOpen.sort(slowestFirst).slice(0, SLOWEST), timeToMoney: combineTimeToMoney(ttm),
      });
    }
    return rows;
  }

  /** 亲清在线's headline: average days from publication (免申即享) or application to money, per item and per department. */
  async timeToMoney(p: Principal): Promise<TimeToMoneyReport> {
    const s = boardScope(p);
    const byItem = await this.steps.timeToMoney(s.departmentCode);
    const names = await this.departmentNames();
    const departments = [...new Set(byItem.map((i) => i.departmentCode))].sort();
    return {
      overall: combineTimeToMoney(byItem),
      byDepartment: departments.map((d) => ({ departmentCode: d, name: names.get(d) ?? d, ...combineTimeToMoney(byItem.filter((i) => i.departmentCode === d)) })),
      byItem,
    };
  }

  /** 服务评价: once per paid application, by the firm. */
  async rate(p: Principal, id: string, score: number, comment: string | null): Promise<{ score: number }> {
    enterpriseOf(p);
    return this.db.transaction(async (m) => {
      const app = await loadScoped(this.repo, p, id, m, true);
      if (app.state !== 'paid') throw new DomainError('RATING.INVALID_STATE', '资金到账后方可评价');
      const inserted = await this.db.insertRating(m, { applicationId: id, departmentCode: app.department_code, score, comment, ratedBy: p.id });
      if (!inserted) throw new DomainError('RATING.ALREADY_EXISTS', '已评价过');
      await this.repo.note(m, id, { command: 'note', actor: actorOf(p), outcome: 'rated', comment: `服务评价：${score} 星${comment ? `，${comment}` : ''}` });
      await this.audit.record({ actor: p, action: 'application.rate', targetType: 'application', targetId: id, after: { score } }, m);
      return { score };
    });
  }
}

function onTimeOf(steps: StepStats[]): number | null {
  const n = steps.reduce((a, x) => a + x.completed, 0);
  return n ? Math.round((steps.reduce((a, x) => a + x.onTime, 0) / n) * 10_000) / 10_000 : null;
}

/**
 * One alert per recipient, kind and step: the owners (a department's reviewers, or finance) for
 * every reminded or overdue step, and the supervisor for the overdue ones.
 */
export function groupAlerts(items: OpenStepItem[], names: ReadonlyMap<string, string>): NewStaffAlert[] {
  const groups = new Map<string, { role: Role; dept: string | null; kind: 'reminder' | 'escalation'; items: OpenStepItem[] }>();
  const add = (role: Role, dept: string | null, kind: 'reminder' | 'escalation', o: OpenStepItem) => {
    const key = `${role}|${dept ?? ''}|${kind}|${o.step}`;
    const g = groups.get(key) ?? { role, dept, kind, items: [] };
    g.items.push(o);
    groups.set(key, g);
  };
  for (const o of items) {
    const ownerDept = o.party === 'department' ? o.departmentCode : null;
    add(o.ownerRole, ownerDept, o.overdue ? 'escalation' : 'reminder', o);
    if (o.overdue) add(SUPERVISOR_ROLE, null, 'escalation', o);
  }
  return [...groups.values()].map((g) => {
    const step = g.items[0].step;
    const label = STEPS[step].label;
    const depts = [...new Set(g.items.map((o) => names.get(o.departmentCode) ?? o.departmentCode))].join('、');
    const firms = g.items.slice(0, 3).map((o) => `${o.enterpriseName}（${o.itemName}）`).join('；');
    const more = g.items.length > 3 ? ` 等 ${g.items.length} 件` : '';
    const worst = Math.max(...g.items.map((o) => o.overdueWorkingDays));
    const earliest = g.items.map((o) => o.dueOn).sort()[0];
    return {
      recipientRole: g.role, departmentCode: g.dept, kind: g.kind, step, items: g.items.length, applicationIds: g.items.map((o) => o.applicationId),
      title: g.kind === 'reminder' ? `督办提醒：「${label}」即将到期` : `督办升级：「${label}」已超期`,
      body: g.kind === 'reminder'
        ? `${depts}有 ${g.items.length} 件「${label}」将于 ${earliest} 到期（时限 ${g.items[0].limitWorkingDays} 个工作日），请及时办理：${firms}${more}。`
        : `${depts}有 ${g.items.length} 件「${label}」已超过 ${g.items[0].limitWorkingDays} 个工作日时限，最长超期 ${worst} 个工作日：${firms}${more}。`,
    };
  });
}
