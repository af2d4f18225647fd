import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ReportGrouping } from './payout-report.service';

/** A day range (yyyy-mm-dd, inclusive, Beijing time) on the settlement date. */
export interface SettledRange {
  from?: string;
  to?: string;
}

/** Settled money of one group. */
export interface PaidGroupRow {
  key: string;
  /** null when the group has no label of its own (the service shows the key). */
  label: string | null;
  count: number;
  totalFen: number;
}

const GROUP_SQL: Record<ReportGrouping, { key: string; label: string }> = {
  item: { key: 'item_id', label: 'max(item_name)' },
  department: { key: 'department_code', label: 'department_code' },
  district: { key: 'district_code', label: 'district_code' },
  day: { key: `to_char(settled_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`, label: `to_char(settled_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')` },
};

/** WHERE of the settled instructions in the range, its parameters appended to `params`. */
function settledIn(range: SettledRange, params: unknown[]): string[] {
  const where = [`status = 'settled'`];
  if (range.from) where.push(`(settled_at AT TIME ZONE 'Asia/Shanghai')::date >= $${params.push(range.from)}::date`);
  if (range.to) where.push(`(settled_at AT TIME ZONE 'Asia/Shanghai')::date <= $${params.push(range.to)}::date`);
  return where;
}

/**
 * Every SQL statement of the payout report (兑付统计): sums of settled instructions per group. Which
 * groups to show, totals and the workbook are PayoutReportService's.
 */
@Injectable()
export class PayoutReportRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Settled instructions in the range whose event carried no district. */
  async countWithoutDistrict(range: SettledRange): Promise<number> {
    const params: unknown[] = [];
    const where = settledIn(range, params);
    const [{ n }] = await this.dataSource.query(`SELECT count(*)::int AS n FROM payout.instructions WHERE ${where.join(' AND ')} AND district_code IS NULL`, params);
    return Number(n);
  }

  /** Count and sum per group: by day in date order, else largest total first. Instructions without a district are left out of a district grouping. */
  async paidByGroup(groupBy: ReportGrouping, range: SettledRange): Promise<PaidGroupRow[]> {
    const g = GROUP_SQL[groupBy];
    const params: unknown[] = [];
    const where = settledIn(range, params);
    if (groupBy === 'district') where.push('district_code IS NOT NULL');
    const rows: Array<{ key: string; label: string | null; n: number; total: string | number }> = await this.dataSource.query(
      `SELECT ${g.key} AS key, ${g.label} AS label, count(*)::int AS n, sum(amount_fen)::bigint AS total
       FROM payout.instructions WHERE ${where.join(' AND ')} GROUP BY ${g.key} ORDER BY ${groupBy === 'day' ? 'key' : 'total DESC, key'}`,
      params,
    );
    return rows.map((r) => ({ key: r.key, label: r.label, count: r.n, totalFen: Number(r.total) }));
  }
}
