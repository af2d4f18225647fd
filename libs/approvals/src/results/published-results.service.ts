import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, formatMoney, Page, UsersService } from '@app/core';
import { ApprovalClock, chinaDate } from '../clock';
import { ApplicationRow, CashOutMode, MODE_LABELS } from '../application/application.types';

/** One public line of 结果公开: who received how much for what, and when — no account, phone, ID or credit code. */
export interface PublicResult {
  itemId: string;
  itemName: string;
  departmentCode: string;
  departmentName: string;
  enterpriseName: string;
  modeLabel: string;
  amountFen: number;
  amountText: string;
  paidOn: string;
}

export interface ResultQuery {
  itemId?: string;
  department?: string;
  /** Period, inclusive: YYYY-MM-DD or YYYY-MM (a month from its first to its last day). */
  from?: string;
  to?: string;
  /** Part of the firm's or the item's name. */
  q?: string;
  page: number;
  pageSize: number;
}

export interface PublicStatistics {
  from: string | null;
  to: string | null;
  items: number;
  firms: number;
  payments: number;
  amountFen: number;
  amountText: string;
  /** 亲清在线's headline: calendar days from publication (免申即享) or application to money in the account. */
  averageDaysToMoney: number | null;
  visits: number;
  byMonth: Array<{ month: string; payments: number; firms: number; amountFen: number; amountText: string; visits: number }>;
  byDepartment: Array<{ departmentCode: string; departmentName: string; items: number; payments: number; firms: number; amountFen: number; amountText: string;
    averageDaysToMoney: number | null }>;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-\d{2}$/;

/** A period bound as a date: a month's first day (from) or last day (to); refused when malformed or reversed. */
export function periodBounds(from?: string, to?: string): { from: string | null; to: string | null } {
  const bound = (v: string | undefined, end: boolean, name: string): string | null => {
    if (!v) return null;
    let d: string;
    if (MONTH.test(v)) {
      const [y, mo] = v.split('-').map(Number);
      d = mo < 1 || mo > 12 ? v : end ? new Date(Date.UTC(y, mo, 0)).toISOString().slice(0, 10) : `${v}-01`;
    } else d = v;
    if (!DAY.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`)) || new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) !== d) {
      throw new DomainError('RESULTS.INVALID_PERIOD', `${name} 应为 YYYY-MM-DD 或 YYYY-MM`, { [name]: v });
    }
    return d;
  };
  const out = { from: bound(from, false, 'from'), to: bound(to, true, 'to') };
  if (out.from && out.to && out.from > out.to) throw new DomainError('RESULTS.INVALID_PERIOD', '起始日期不能晚于截止日期', out);
  return out;
}

const round1 = (x: number | string | null) => (x === null ? null : Math.round(Number(x) * 10) / 10);

/**
 * 结果公开: when the money arrives, the payment is published once and for good
 * (approval.published_results refuses updates and deletes) — firm name, item, department, amount,
 * date. The public list is searchable by item, department and period; the statistics count items,
 * firms served, payments and money by month and department (亲清在线's 访问/笔数/金额).
 */
@Injectable()
export class PublishedResults {
  private departments?: { at: number; names: Map<string, string> };

  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly clock: ApprovalClock,
  ) {}

  /** Publishes a paid application (in the settling transaction); a second call changes nothing. */
  async publish(m: EntityManager, app: ApplicationRow): Promise<void> {
    const amount = Number(app.reserved_fen);
    if (!app.paid_at || amount <= 0) return;
    await m.query(
      `INSERT INTO approval.published_results (application_id, enterprise_id, enterprise_name, item_id, item_name, department_code, mode, amount_fen,
         started_at, paid_at, paid_on, published_at)
       SELECT a.id, a.enterprise_id, a.enterprise_name, a.item_id, a.item_name, a.department_code, a.mode, $2,
         CASE WHEN a.mode = 'no_application' THEN a.created_at
              ELSE coalesce((SELECT min(t.at) FROM approval.timeline t WHERE t.application_id = a.id AND t.command = 'submit'), a.submitted_at, a.created_at) END,
         a.paid_at, $3::date, $4
       FROM approval.applications a WHERE a.id = $1
       ON CONFLICT (application_id) DO NOTHING`,
      [app.id, amount, chinaDate(new Date(app.paid_at)), this.clock.now()],
    );
  }

  private async departmentNames(): Promise<Map<string, string>> {
    if (!this.departments || Date.now() - this.departments.at > 60_000) {
      const list = await this.users.listDepartments();
      this.departments = { at: Date.now(), names: new Map(list.map((d) => [d.code, d.name])) };
    }
    return this.departments.names;
  }

  private where(q: Omit<ResultQuery, 'page' | 'pageSize'>, params: unknown[]): string {
    const { from, to } = periodBounds(q.from, q.to);
    const where: string[] = [];
    if (q.itemId) where.push(`item_id = $${params.push(q.itemId)}`);
    if (q.department) where.push(`department_code = $${params.push(q.department)}`);
    if (from) where.push(`paid_on >= $${params.push(from)}::date`);
    if (to) where.push(`paid_on <= $${params.push(to)}::date`);
    if (q.q) {
      const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push(`(enterprise_name LIKE $${params.push(like)} OR item_name LIKE $${params.length})`);
    }
    return where.length ? `WHERE ${where.join(' AND ')}` : '';
  }

  async list(q: ResultQuery): Promise<Page<PublicResult> & { amountFen: number; amountText: string }> {
    const params: unknown[] = [];
    const where = this.where(q, params);
    const [{ total, amount }] = await this.dataSource.query(
      `SELECT count(*)::int AS total, coalesce(sum(amount_fen), 0)::bigint AS amount FROM approval.published_results ${where}`, params);
    const rows: Array<{ item_id: string; item_name: string; department_code: string; enterprise_name: string; mode: CashOutMode; amount_fen: number; paid_on: string }> =
      await this.dataSource.query(
        `SELECT item_id, item_name, department_code, enterprise_name, mode, amount_fen, paid_on::text AS paid_on FROM approval.published_results ${where}
         ORDER BY paid_on DESC, application_id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, q.pageSize, (q.page - 1) * q.pageSize],
      );
    const names = await this.departmentNames();
    return {
      items: rows.map((r) => ({
        itemId: r.item_id, itemName: r.item_name, departmentCode: r.department_code, departmentName: names.get(r.department_code) ?? r.department_code,
        enterpriseName: r.enterprise_name, modeLabel: MODE_LABELS[r.mode], amountFen: Number(r.amount_fen), amountText: formatMoney(Number(r.amount_fen)), paidOn: r.paid_on,
      })),
      total, page: q.page, pageSize: q.pageSize, amountFen: Number(amount), amountText: formatMoney(Number(amount)),
    };
  }

  async statistics(q: { from?: string; to?: string; department?: string }): Promise<PublicStatistics> {
    const params: unknown[] = [];
    const where = this.where(q, params);
    const days = `avg(extract(epoch FROM (paid_at - started_at)) / 86400)`;
    const [all] = await this.dataSource.query(
      `SELECT count(DISTINCT item_id)::int AS items, count(DISTINCT enterprise_id)::int AS firms, count(*)::int AS payments,
              coalesce(sum(amount_fen), 0)::bigint AS amount, ${days} AS days
       FROM approval.published_results ${where}`, params);
    const months: Array<{ month: string; payments: number; firms: number; amount: number }> = await this.dataSource.query(
      `SELECT to_char(paid_on, 'YYYY-MM') AS month, count(*)::int AS payments, count(DISTINCT enterprise_id)::int AS firms, sum(amount_fen)::bigint AS amount
       FROM approval.published_results ${where} GROUP BY 1 ORDER BY 1`, params);
    const depts: Array<{ department_code: string; items: number; payments: number; firms: number; amount: number; days: string | null }> = await this.dataSource.query(
      `SELECT department_code, count(DISTINCT item_id)::int AS items, count(*)::int AS payments, count(DISTINCT enterprise_id)::int AS firms,
              sum(amount_fen)::bigint AS amount, ${days} AS days
       FROM approval.published_results ${where} GROUP BY 1 ORDER BY 1`, params);
    const { from, to } = periodBounds(q.from, q.to);
    const visitParams: unknown[] = [];
    const visitWhere = [from ? `day >= $${visitParams.push(from)}::date` : '', to ? `day <= $${visitParams.push(to)}::date` : ''].filter(Boolean);
    const visits: Array<{ month: string; n: number }> = await this.dataSource.query(
      `SELECT to_char(day, 'YYYY-MM') AS month, sum(visits)::bigint AS n FROM approval.public_visits ${visitWhere.length ? `WHERE ${visitWhere.join(' AND ')}` : ''} GROUP BY 1`,
      visitParams);
    const visitsOf = new Map(visits.map((v) => [v.month, Number(v.n)]));
    const names = await this.departmentNames();
    const monthKeys = [...new Set([...months.map((x) => x.month), ...visitsOf.keys()])].sort();
    return {
      from, to, items: all.items, firms: all.firms, payments: all.payments, amountFen: Number(all.amount), amountText: formatMoney(Number(all.amount)),
      averageDaysToMoney: round1(all.days), visits: [...visitsOf.values()].reduce((a, b) => a + b, 0),
      byMonth: monthKeys.map((month) => {
        const x = months.find((r) => r.month === month);
        const amountFen = Number(x?.amount ?? 0);
        return { month, payments: x?.payments ?? 0, firms: x?.firms ?? 0, amountFen, amountText: formatMoney(amountFen), visits: visitsOf.get(month) ?? 0 };
      }),
      byDepartment: depts.map((d) => ({
        departmentCode: d.department_code, departmentName: names.get(d.department_code) ?? d.department_code, items: d.items, payments: d.payments, firms: d.firms,
        amountFen: Number(d.amount), amountText: formatMoney(Number(d.amount)), averageDaysToMoney: round1(d.days),
      })),
    };
  }

  /** Counts a visit to a public page or API (访问量), per China day. */
  async countVisit(page: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO approval.public_visits (day, page, visits) VALUES ($1::date, $2, 1) ON CONFLICT (day, page) DO UPDATE SET visits = approval.public_visits.visits + 1`,
      [chinaDate(this.clock.now()), page],
    );
  }
}
