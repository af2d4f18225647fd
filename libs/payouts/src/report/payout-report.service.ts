import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { formatMoney } from '@app/core';

export const REPORT_GROUPINGS = ['item', 'department', 'district', 'day'] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];

export interface PaidReportRow {
  key: string;
  label: string;
  count: number;
  totalFen: number;
  totalText: string;
}

export interface PaidReport {
  groupBy: ReportGrouping;
  from: string | null;
  to: string | null;
  rows: PaidReportRow[];
  count: number;
  totalFen: number;
  /** Settled instructions without a district (the event did not carry one): left out of a district report. */
  withoutDistrict?: number;
}

const GROUP_SQL: Record<ReportGrouping, { key: string; label: string }> = {
  item: { key: 'item_id', label: 'max(item_name)' },
  department: { key: 'department_code', label: 'department_code' },
  district: { key: 'district_code', label: 'district_code' },
  day: { key: `to_char(settled_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`, label: `to_char(settled_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')` },
};

const GROUP_TITLES: Record<ReportGrouping, string> = { item: '兑现事项', department: '主管部门', district: '区县', day: '到账日期' };

/** 兑付统计: money actually paid (settled), by policy item, department, district or day (Beijing time). */
@Injectable()
export class PayoutReportService {
  constructor(private readonly dataSource: DataSource) {}

  async paid(groupBy: ReportGrouping, range: { from?: string; to?: string } = {}): Promise<PaidReport> {
    const g = GROUP_SQL[groupBy];
    const params: unknown[] = [];
    const where = [`status = 'settled'`];
    if (range.from) where.push(`(settled_at AT TIME ZONE 'Asia/Shanghai')::date >= $${params.push(range.from)}::date`);
    if (range.to) where.push(`(settled_at AT TIME ZONE 'Asia/Shanghai')::date <= $${params.push(range.to)}::date`);
    let withoutDistrict: number | undefined;
    if (groupBy === 'district') {
      const [{ n }] = await this.dataSource.query(`SELECT count(*)::int AS n FROM payout.instructions WHERE ${where.join(' AND ')} AND district_code IS NULL`, params);
      withoutDistrict = n;
      where.push('district_code IS NOT NULL');
    }
    const rows: Array<{ key: string; label: string; n: number; total: string | number }> = await this.dataSource.query(
      `SELECT ${g.key} AS key, ${g.label} AS label, count(*)::int AS n, sum(amount_fen)::bigint AS total
       FROM payout.instructions WHERE ${where.join(' AND ')} GROUP BY ${g.key} ORDER BY ${groupBy === 'day' ? 'key' : 'total DESC, key'}`,
      params,
    );
    const out = rows.map((r) => ({ key: r.key, label: r.label ?? r.key, count: r.n, totalFen: Number(r.total), totalText: formatMoney(Number(r.total)) }));
    return {
      groupBy,
      from: range.from ?? null,
      to: range.to ?? null,
      rows: out,
      count: out.reduce((s, r) => s + r.count, 0),
      totalFen: out.reduce((s, r) => s + r.totalFen, 0),
      ...(withoutDistrict === undefined ? {} : { withoutDistrict }),
    };
  }

  /** One sheet per grouping; amounts in 元 with two decimals (computed from fen, never summed as floats). */
  async exportXlsx(range: { from?: string; to?: string } = {}, groupings: readonly ReportGrouping[] = REPORT_GROUPINGS): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    wb.creator = '亲清在线 兑付中心';
    wb.created = new Date();
    for (const g of groupings) {
      const report = await this.paid(g, range);
      const ws = wb.addWorksheet(`按${GROUP_TITLES[g]}`);
      ws.columns = [
        { header: GROUP_TITLES[g], key: 'label', width: 32 },
        { header: '代码', key: 'key', width: 24 },
        { header: '笔数', key: 'count', width: 10 },
        { header: '金额（元）', key: 'yuan', width: 18, style: { numFmt: '#,##0.00' } },
      ];
      ws.getRow(1).font = { bold: true };
      for (const r of report.rows) ws.addRow({ label: r.label, key: r.key, count: r.count, yuan: r.totalFen / 100 });
      ws.addRow({ label: '合计', count: report.count, yuan: report.totalFen / 100 }).font = { bold: true };
    }
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
}
