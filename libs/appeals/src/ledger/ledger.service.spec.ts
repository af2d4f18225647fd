import ExcelJS from 'exceljs';
import type { Principal } from '@app/core';
import type { AppealViews } from '../appeal/appeal-views.service';
import type { AppealRow } from '../appeal/appeal.types';
import { appealRow, codeOf, FixedClock, person } from '../testing/unit-kit';
import type { LedgerFilter, LedgerRepository } from './ledger.repository';
import { LedgerService, MAX_EXPORT_ROWS } from './ledger.service';

/** LedgerRepository's contract in memory (the filter itself is SQL, covered by the integration suites): rows and a count. */
class MemoryLedger {
  rows: AppealRow[] = [];
  total?: number;
  readonly calls: Array<{ what: string; today: string; page?: number; pageSize?: number }> = [];
  async count(_p: Principal, _f: LedgerFilter, today: string) {
    this.calls.push({ what: 'count', today });
    return this.total ?? this.rows.length;
  }
  async page(_p: Principal, _f: LedgerFilter, today: string, page: number, pageSize: number) {
    this.calls.push({ what: 'page', today, page, pageSize });
    return this.rows.slice((page - 1) * pageSize, page * pageSize);
  }
  async all(_p: Principal, _f: LedgerFilter, today: string) {
    this.calls.push({ what: 'all', today });
    return this.rows;
  }
}

function setup() {
  const ledger = new MemoryLedger();
  const views = {
    many: async (rows: AppealRow[]) => rows.map((r) => ({
      number: r.number, enterpriseName: r.enterprise_name, districtName: '金水区', categoryLabel: '用地规划', channelLabel: '网上提交', title: r.title, stateLabel: '办理中',
      levelLabel: '责任部门', leadDepartment: { code: 'zrzyj', name: '市自然资源和规划局' }, coDepartments: [{ code: 'fgw', name: '市发展改革委' }, { code: 'jrj', name: '市金融局' }],
      receivedAt: '2026-11-02T02:00:00.000Z', deadlines: { answerDue: '2026-11-20' }, dueOn: r.due_on, dueKindLabel: '答复', overdue: r.due_on !== null,
      answerKindLabel: null, ratingLabel: null, secondSupervisionCount: 0, closedAt: null,
    })),
  };
  // 2026-12-02 23:30 UTC is already 2026-12-03 in China.
  const svc = new LedgerService(ledger as unknown as LedgerRepository, views as unknown as AppealViews, new FixedClock(new Date('2026-12-02T23:30:00Z')));
  return { svc, ledger };
}

const supervisor = person('supervisor');

describe('LedgerService (over an in-memory repository)', () => {
  it('pages with the China-time day as "today" and the total', async () => {
    const { svc, ledger } = setup();
    ledger.rows = [appealRow(), appealRow(), appealRow()];
    const page = await svc.list(supervisor, { overdue: true }, 2, 2);
    expect([page.total, page.page, page.pageSize, page.items.length]).toEqual([3, 2, 2, 1]);
    expect(ledger.calls.map((c) => [c.what, c.today])).toEqual([['count', '2026-12-03'], ['page', '2026-12-03']]);
  });

  it('refuses an export above the limit without reading the rows', async () => {
    const { svc, ledger } = setup();
    ledger.total = MAX_EXPORT_ROWS + 1;
    expect(await codeOf(svc.exportXlsx(supervisor, {}))).toBe('LEDGER.EXPORT_TOO_LARGE');
    expect(ledger.calls.map((c) => c.what)).toEqual(['count']);
  });

  it('exports one sheet row per appeal with its deadlines and overdue flag', async () => {
    const { svc, ledger } = setup();
    ledger.rows = [appealRow({ title: '用地', due_on: '2026-11-20' }), appealRow({ title: '融资', due_on: null })];
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await svc.exportXlsx(supervisor, {})) as never);
    const ws = wb.getWorksheet('诉求台账')!;
    expect(ws.rowCount).toBe(3);
    const cell = (row: number, header: string) => {
      const col = (ws.getRow(1).values as string[]).indexOf(header);
      return ws.getRow(row).getCell(col).value;
    };
    expect([cell(2, '诉求标题'), cell(2, '是否超期'), cell(2, '当前时限'), cell(2, '协办单位')]).toEqual(['用地', '是', '答复 2026-11-20', '市发展改革委、市金融局']);
    expect([cell(3, '诉求标题'), cell(3, '是否超期'), cell(3, '当前时限')]).toEqual(['融资', '否', '']);
    expect(cell(2, '反映时间')).toBe('2026-11-02');
  });
});
