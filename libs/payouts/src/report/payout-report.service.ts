import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { formatMoney } from '@app/core';
import { PayoutReportRepository } from './payout-report.repository';

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

const GROUP_TITLES: Record<ReportGrouping, string> = { item: '兑现事项', department: '主管部门', district: '区县', day: '到账日期' };

/** 兑付统计: money actually paid (settled), by policy item, department, district or day (Beijing time). SQL in PayoutReportRepository. */
@Injectable()
export class PayoutReportService {
  constructor(private readonly repo: PayoutReportRepository) {}

  async paid(groupBy: ReportGrouping, range: { from?: string; to?: string } = {}): Promise<PaidReport> {
    const withoutDistrict = groupBy === 'district' ? await this.repo.countWithoutDistrict(range) : undefined;
    const rows = await this.repo.paidByGroup(groupBy, range);
    const out = rows.map((r) => ({ key: r.key, label: r.label ?? r.key, count: r.count, totalFen: r.totalFen, totalText: formatMoney(r.totalFen) }));
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
