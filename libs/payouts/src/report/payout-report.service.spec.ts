import ExcelJS from 'exceljs';
import type { PaidGroupRow, PayoutReportRepository, SettledRange } from './payout-report.repository';
import { PayoutReportService, ReportGrouping } from './payout-report.service';

/** The repository's contract, in memory: the groups each grouping answers, and what it was asked. */
class MemoryReport {
  readonly asked: Array<{ groupBy: ReportGrouping | 'withoutDistrict'; range: SettledRange }> = [];
  groups: Partial<Record<ReportGrouping, PaidGroupRow[]>> = {};
  withoutDistrict = 0;

  async countWithoutDistrict(range: SettledRange) {
    this.asked.push({ groupBy: 'withoutDistrict', range });
    return this.withoutDistrict;
  }
  async paidByGroup(groupBy: ReportGrouping, range: SettledRange) {
    this.asked.push({ groupBy, range });
    return this.groups[groupBy] ?? [];
  }
}

function setup() {
  const repo = new MemoryReport();
  repo.groups = {
    item: [
      { key: 'item-1', label: '研发费用后补助', count: 2, totalFen: 1_234_567 },
      { key: 'item-2', label: null, count: 1, totalFen: 5 },
    ],
    district: [{ key: '410105', label: '410105', count: 3, totalFen: 300 }],
  };
  repo.withoutDistrict = 4;
  return { repo, svc: new PayoutReportService(repo as unknown as PayoutReportRepository) };
}

describe('PayoutReportService (no database)', () => {
  it('totals the groups in fen, labels a group without a label by its key, and echoes the range', async () => {
    const { repo, svc } = setup();
    const r = await svc.paid('item', { from: '2026-12-01' });
    expect(r).toEqual({
      groupBy: 'item', from: '2026-12-01', to: null, count: 3, totalFen: 1_234_572,
      rows: [
        { key: 'item-1', label: '研发费用后补助', count: 2, totalFen: 1_234_567, totalText: '1.2345万元' },
        { key: 'item-2', label: 'item-2', count: 1, totalFen: 5, totalText: '0.05元' },
      ],
    });
    expect(repo.asked).toEqual([{ groupBy: 'item', range: { from: '2026-12-01' } }]);
  });

  it('says how many settled instructions a district report leaves out, and only for districts', async () => {
    const { svc } = setup();
    expect(await svc.paid('district')).toMatchObject({ count: 3, totalFen: 300, withoutDistrict: 4 });
    expect(await svc.paid('day')).not.toHaveProperty('withoutDistrict');
  });

  it('exports one sheet per grouping with a bold total row, amounts in yuan', async () => {
    const { svc } = setup();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await svc.exportXlsx({}, ['item', 'district'])) as unknown as Parameters<typeof wb.xlsx.load>[0]);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['按兑现事项', '按区县']);
    const items = wb.worksheets[0];
    expect((items.getRow(2).values as unknown[]).slice(1)).toEqual(['研发费用后补助', 'item-1', 2, 12345.67]);
    const total = items.getRow(4);
    expect([total.getCell(1).value, total.getCell(3).value, total.getCell(4).value, total.font?.bold]).toEqual(['合计', 3, 12345.72, true]);
  });
});
