import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { CashOutMode } from '../application/application.types';

/** Which published results a query covers; the period bounds are already checked dates (YYYY-MM-DD) or null. */
export interface ResultFilter {
  itemId?: string;
  department?: string;
  from: string | null;
  to: string | null;
  /** Part of the firm's or the item's name (matched literally). */
  q?: string;
}

export interface NewPublishedResult {
  applicationId: string;
  amountFen: number;
  /** The China day the money arrived. */
  paidOn: string;
  publishedAt: Date;
}

export interface PublishedResultRow {
  item_id: string;
  item_name: string;
  department_code: string;
  enterprise_name: string;
  mode: CashOutMode;
  amount_fen: number | string;
  paid_on: string;
}

export interface ResultTotals {
  items: number;
  firms: number;
  payments: number;
  amount: number | string;
  /** Average calendar days from start to money, as PostgreSQL returns it (numeric → string), or null. */
  days: number | string | null;
}

export interface ResultMonthRow { month: string; payments: number; firms: number; amount: number | string }
export interface ResultDepartmentRow { department_code: string; items: number; payments: number; firms: number; amount: number | string; days: number | string | null }
export interface VisitMonthRow { month: string; n: number | string }

const DAYS_TO_MONEY = `avg(extract(epoch FROM (paid_at - started_at)) / 86400)`;

/**
 * Every SQL statement of 结果公开 (approval.published_results, approval.public_visits) and nothing
 * else: the period checks and the shaping of the public lines are PublishedResults', unit-tested
 * without a database.
 */
@Injectable()
export class PublishedResultsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Publishes a paid application once (in the caller's settling transaction); a second call changes nothing. */
  async insert(m: EntityManager, r: NewPublishedResult): Promise<void> {
    await m.query(
      `INSERT INTO approval.published_results (application_id, enterprise_id, enterprise_name, item_id, item_name, department_code, mode, amount_fen,
         started_at, paid_at, paid_on, published_at)
       SELECT a.id, a.enterprise_id, a.enterprise_name, a.item_id, a.item_name, a.department_code, a.mode, $2,
         CASE WHEN a.mode = 'no_application' THEN a.created_at
              ELSE coalesce((SELECT min(t.at) FROM approval.timeline t WHERE t.application_id = a.id AND t.command = 'submit'), a.submitted_at, a.created_at) END,
         a.paid_at, $3::date, $4
       FROM approval.applications a WHERE a.id = $1
       ON CONFLICT (application_id) DO NOTHING`,
      [r.applicationId, r.amountFen, r.paidOn, r.publishedAt],
    );
  }

  private where(q: ResultFilter, params: unknown[]): string {
    const where: string[] = [];
    if (q.itemId) where.push(`item_id = $${params.push(q.itemId)}`);
    if (q.department) where.push(`department_code = $${params.push(q.department)}`);
    if (q.from) where.push(`paid_on >= $${params.push(q.from)}::date`);
    if (q.to) where.push(`paid_on <= $${params.push(q.to)}::date`);
    if (q.q) {
      const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push(`(enterprise_name LIKE $${params.push(like)} OR item_name LIKE $${params.length})`);
    }
    return where.length ? `WHERE ${where.join(' AND ')}` : '';
  }

  /** One page of results, newest payment first, with the count and sum over the whole filter. */
  async page(q: ResultFilter, page: number, pageSize: number): Promise<{ total: number; amount: number | string; rows: PublishedResultRow[] }> {
    const params: unknown[] = [];
    const where = this.where(q, params);
    const [{ total, amount }] = await this.dataSource.query(
      `SELECT count(*)::int AS total, coalesce(sum(amount_fen), 0)::bigint AS amount FROM approval.published_results ${where}`, params);
    const rows: PublishedResultRow[] = await this.dataSource.query(
      `SELECT item_id, item_name, department_code, enterprise_name, mode, amount_fen, paid_on::text AS paid_on FROM approval.published_results ${where}
       ORDER BY paid_on DESC, application_id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return { total, amount, rows };
  }

  /** Items, firms, payments, money and average days to money over the filter; by month; by department. */
  async statistics(q: ResultFilter): Promise<{ all: ResultTotals; months: ResultMonthRow[]; departments: ResultDepartmentRow[] }> {
    const params: unknown[] = [];
    const where = this.where(q, params);
    const days = DAYS_TO_MONEY;
    const [all]: ResultTotals[] = await this.dataSource.query(
      `SELECT count(DISTINCT item_id)::int AS items, count(DISTINCT enterprise_id)::int AS firms, count(*)::int AS payments,
              coalesce(sum(amount_fen), 0)::bigint AS amount, ${days} AS days
       FROM approval.published_results ${where}`, params);
    const months: ResultMonthRow[] = await this.dataSource.query(
      `SELECT to_char(paid_on, 'YYYY-MM') AS month, count(*)::int AS payments, count(DISTINCT enterprise_id)::int AS firms, sum(amount_fen)::bigint AS amount
       FROM approval.published_results ${where} GROUP BY 1 ORDER BY 1`, params);
    const departments: ResultDepartmentRow[] = await this.dataSource.query(
      `SELECT department_code, count(DISTINCT item_id)::int AS items, count(*)::int AS payments, count(DISTINCT enterprise_id)::int AS firms,
              sum(amount_fen)::bigint AS amount, ${days} AS days
       FROM approval.published_results ${where} GROUP BY 1 ORDER BY 1`, params);
    return { all, months, departments };
  }

  /** Visits to the public pages per month, within the period (inclusive dates, either may be open). */
  visitsByMonth(from: string | null, to: string | null): Promise<VisitMonthRow[]> {
    const visitParams: unknown[] = [];
    const visitWhere = [from ? `day >= $${visitParams.push(from)}::date` : '', to ? `day <= $${visitParams.push(to)}::date` : ''].filter(Boolean);
    return this.dataSource.query(
      `SELECT to_char(day, 'YYYY-MM') AS month, sum(visits)::bigint AS n FROM approval.public_visits ${visitWhere.length ? `WHERE ${visitWhere.join(' AND ')}` : ''} GROUP BY 1`,
      visitParams);
  }

  /** Adds one visit to a page on a China day (访问量). */
  async countVisit(day: string, page: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO approval.public_visits (day, page, visits) VALUES ($1::date, $2, 1) ON CONFLICT (day, page) DO UPDATE SET visits = approval.public_visits.visits + 1`,
      [day, page],
    );
  }
}
