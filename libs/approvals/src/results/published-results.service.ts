import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError, formatMoney, Page, UsersService } from '@app/core';
import { ApprovalClock, chinaDate } from '../clock';
import { ApplicationRow, MODE_LABELS } from '../application/application.types';
import { PublishedResultsRepository, ResultFilter } from './published-results.repository';

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
    private readonly repo: PublishedResultsRepository,
    private readonly users: UsersService,
    private readonly clock: ApprovalClock,
  ) {}

  /** Publishes a paid application (in the settling transaction); a second call changes nothing. */
  async publish(m: EntityManager, app: ApplicationRow): Promise<void> {
    const amount = Number(app.reserved_fen);
    if (!app.paid_at || amount <= 0) return;
    await this.repo.insert(m, { applicationId: app.id, amountFen: amount, paidOn: chinaDate(new Date(app.paid_at)), publishedAt: this.clock.now() });
  }

  private async departmentNames(): Promise<Map<string, string>> {
    if (!this.departments || Date.now() - this.departments.at > 60_000) {
      const list = await this.users.listDepartments();
      this.departments = { at: Date.now(), names: new Map(list.map((d) => [d.code, d.name])) };
    }
    return this.departments.names;
  }

  /** The repository's filter, with the period checked (RESULTS.INVALID_PERIOD before any query). */
  private filter(q: Omit<ResultQuery, 'page' | 'pageSize'>): ResultFilter {
    const { from, to } = periodBounds(q.from, q.to);
    return { itemId: q.itemId, department: q.department, from, to, q: q.q };
  }

  async list(q: ResultQuery): Promise<Page<PublicResult> & { amountFen: number; amountText: string }> {
    const { total, amount, rows } = await this.repo.page(this.filter(q), q.page, q.pageSize);
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
    const filter = this.filter(q);
    const { all, months, departments: depts } = await this.repo.statistics(filter);
    const { from, to } = filter;
    const visits = await this.repo.visitsByMonth(from, to);
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
    await this.repo.countVisit(chinaDate(this.clock.now()), page);
  }
}
