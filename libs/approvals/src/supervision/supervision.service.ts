import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, DEPARTMENT_SCOPED_ROLES, DomainError, Principal } from '@app/core';
import { APPROVAL_OPTIONS, ApprovalOptions } from '../approval.options';
import { ApprovalClock, chinaDate } from '../clock';
import { ApplicationRepository } from '../application/application.repository';
import { actorOf, SYSTEM_ACTOR } from '../application/application.types';
import { enterpriseOf, loadScoped } from '../application/application-access';
import { CalendarRepository } from './calendar.repository';

export interface OverdueEntry {
  applicationId: string;
  enterpriseName: string;
  itemName: string;
  departmentCode: string;
  node: 'accept' | 'decide';
  nodeLabel: string;
  since: string;
  dueOn: string;
  overdueWorkingDays: number;
}

export interface DepartmentBoard {
  departmentCode: string;
  received: number;
  inProgress: number;
  overdue: number;
  averageHandlingWorkingDays: number | null;
  closureRate: number | null;
  ratingAverage: number | null;
  ratings: number;
}

const NODES = { submitted: 'accept', under_review: 'decide' } as const;
const NODE_LABELS = { accept: '受理', decide: '审核决定' } as const;

/**
 * 督办: node time limits on the working-day calendar (accept within N, decide within M), the
 * overdue list, reminders (once per node visit), the per-department board, and the firm's rating.
 */
@Injectable()
export class SupervisionService {
  private readonly logger = new Logger('Supervision');

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ApplicationRepository,
    private readonly calendar: CalendarRepository,
    private readonly clock: ApprovalClock,
    private readonly audit: AuditService,
    @Inject(APPROVAL_OPTIONS) private readonly options: ApprovalOptions,
  ) {}

  private scope(p: Principal | null, params: unknown[], alias = ''): string {
    return p && DEPARTMENT_SCOPED_ROLES.includes(p.role) ? `AND ${alias}department_code = $${params.push(p.departmentCode)}` : '';
  }

  async overdue(p: Principal | null): Promise<OverdueEntry[]> {
    const params: unknown[] = [];
    const rows: Array<{ id: string; enterprise_name: string; item_name: string; department_code: string; state: 'submitted' | 'under_review'; state_since: Date; version: number }> =
      await this.dataSource.query(
        `SELECT id, enterprise_name, item_name, department_code, state, state_since, version FROM approval.applications
         WHERE state IN ('submitted','under_review') ${this.scope(p, params)} ORDER BY state_since`, params);
    const cal = await this.calendar.calendar();
    const today = chinaDate(this.clock.now());
    const out: OverdueEntry[] = [];
    for (const r of rows) {
      const node = NODES[r.state];
      const since = chinaDate(new Date(r.state_since));
      const dueOn = cal.addWorkingDays(since, node === 'accept' ? this.options.sla.acceptWorkingDays : this.options.sla.decideWorkingDays);
      if (today > dueOn) {
        out.push({ applicationId: r.id, enterpriseName: r.enterprise_name, itemName: r.item_name, departmentCode: r.department_code, node,
          nodeLabel: NODE_LABELS[node], since, dueOn, overdueWorkingDays: cal.workingDaysBetween(dueOn, today) });
      }
    }
    return out;
  }

  /** Sends one reminder per overdue node visit (a timeline node the firm sees too); returns how many were new. */
  async sendReminders(): Promise<number> {
    const overdue = await this.overdue(null);
    let sent = 0;
    for (const o of overdue) {
      await this.dataSource.transaction(async (m) => {
        const fresh: unknown[] = await m.query(
          `INSERT INTO approval.reminders (application_id, node, due_on) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING application_id`,
          [o.applicationId, o.node, o.dueOn]);
        if (fresh.length === 0) return;
        await this.repo.note(m, o.applicationId, { command: 'note', actor: SYSTEM_ACTOR, outcome: 'reminder',
          comment: `督办提醒：「${o.nodeLabel}」应于 ${o.dueOn} 前完成，已超期 ${o.overdueWorkingDays} 个工作日` });
        sent++;
      });
    }
    if (sent) this.logger.log(`${sent} overdue reminders sent`);
    return sent;
  }

  async board(p: Principal): Promise<DepartmentBoard[]> {
    const params: unknown[] = [];
    const scope = this.scope(p, params);
    const counts: Array<{ department_code: string; received: number; in_progress: number; closed: number }> = await this.dataSource.query(
      `SELECT department_code, count(*) FILTER (WHERE state <> 'draft')::int AS received,
              count(*) FILTER (WHERE state IN ('pre_qualified','submitted','under_review','returned','objection_raised'))::int AS in_progress,
              count(*) FILTER (WHERE decided_at IS NOT NULL OR state IN ('withdrawn','expired'))::int AS closed
       FROM approval.applications WHERE true ${scope} GROUP BY department_code ORDER BY department_code`, params);
    const spans: Array<{ department_code: string; start: string; finish: string; n: number }> = await this.dataSource.query(
      `SELECT department_code, ((coalesce(submitted_at, created_at) AT TIME ZONE 'UTC') + interval '8 hours')::date::text AS start,
              ((decided_at AT TIME ZONE 'UTC') + interval '8 hours')::date::text AS finish, count(*)::int AS n
       FROM approval.applications WHERE decided_at IS NOT NULL ${scope} GROUP BY 1, 2, 3`, [...params]);
    const ratings: Array<{ department_code: string; avg: string | null; n: number }> = await this.dataSource.query(
      `SELECT department_code, avg(score)::text AS avg, count(*)::int AS n FROM approval.ratings WHERE true ${scope} GROUP BY department_code`, [...params]);
    const overdue = await this.overdue(p);
    const cal = await this.calendar.calendar();
    return counts.map((c) => {
      const mine = spans.filter((s) => s.department_code === c.department_code);
      const n = mine.reduce((a, s) => a + s.n, 0);
      const days = mine.reduce((a, s) => a + s.n * cal.workingDaysBetween(s.start, s.finish), 0);
      const r = ratings.find((x) => x.department_code === c.department_code);
      return {
        departmentCode: c.department_code, received: c.received, inProgress: c.in_progress,
        overdue: overdue.filter((o) => o.departmentCode === c.department_code).length,
        averageHandlingWorkingDays: n ? Math.round((days / n) * 100) / 100 : null,
        closureRate: c.received ? Math.round((c.closed / c.received) * 10_000) / 10_000 : null,
        ratingAverage: r?.avg ? Math.round(Number(r.avg) * 100) / 100 : null, ratings: r?.n ?? 0,
      };
    });
  }

  /** 服务评价: once per paid application, by the firm. */
  async rate(p: Principal, id: string, score: number, comment: string | null): Promise<{ score: number }> {
    enterpriseOf(p);
    return this.dataSource.transaction(async (m) => {
      const app = await loadScoped(this.repo, p, id, m, true);
      if (app.state !== 'paid') throw new DomainError('RATING.INVALID_STATE', '资金到账后方可评价');
      const inserted: unknown[] = await m.query(
        `INSERT INTO approval.ratings (application_id, department_code, score, comment, rated_by) VALUES ($1,$2,$3,$4,$5)
         ON CONFLICT (application_id) DO NOTHING RETURNING application_id`, [id, app.department_code, score, comment, p.id]);
      if (inserted.length === 0) throw new DomainError('RATING.ALREADY_EXISTS', '已评价过');
      await this.repo.note(m, id, { command: 'note', actor: actorOf(p), outcome: 'rated', comment: `服务评价：${score} 星${comment ? `，${comment}` : ''}` });
      await this.audit.record({ actor: p, action: 'application.rate', targetType: 'application', targetId: id, after: { score } }, m);
      return { score };
    });
  }
}
