import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { DomainError, Page, Principal } from '@app/core';
import { chinaDate } from '@app/approvals';
import { AppealClock } from '../appeal/appeal.clock';
import { AppealViews } from '../appeal/appeal-views.service';
import type { AppealView } from '../appeal/dto/appeal.views';
import { LedgerFilter, LedgerRepository } from './ledger.repository';

export type { LedgerFilter } from './ledger.repository';

export const MAX_EXPORT_ROWS = 50_000;

/**
 * 台账 and task list: every appeal the caller may see, filterable, with every deadline and state;
 * exportable to XLSX (the same filter, the same scope).
 */
@Injectable()
export class LedgerService {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly views: AppealViews,
    private readonly clock: AppealClock,
  ) {}

  async list(p: Principal, f: LedgerFilter, page: number, pageSize: number): Promise<Page<AppealView>> {
    const today = chinaDate(this.clock.now());
    const total = await this.ledger.count(p, f, today);
    const rows = await this.ledger.page(p, f, today, page, pageSize);
    return { items: await this.views.many(rows), total, page, pageSize };
  }

  async exportXlsx(p: Principal, f: LedgerFilter): Promise<Buffer> {
    const today = chinaDate(this.clock.now());
    const total = await this.ledger.count(p, f, today);
    if (total > MAX_EXPORT_ROWS) throw new DomainError('LEDGER.EXPORT_TOO_LARGE', `导出超过 ${MAX_EXPORT_ROWS} 行，请缩小筛选范围`, { total });
    const rows = await this.ledger.all(p, f, today);
    const views = await this.views.many(rows);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('诉求台账');
    ws.columns = [
      { header: '诉求编号', key: 'number', width: 16 }, { header: '企业名称', key: 'firm', width: 30 }, { header: '区县', key: 'district', width: 12 },
      { header: '类别', key: 'category', width: 12 }, { header: '渠道', key: 'channel', width: 12 }, { header: '诉求标题', key: 'title', width: 40 },
      { header: '状态', key: 'state', width: 12 }, { header: '层级', key: 'level', width: 12 }, { header: '牵头单位', key: 'lead', width: 18 },
      { header: '协办单位', key: 'co', width: 24 }, { header: '反映时间', key: 'received', width: 12 }, { header: '交办时限', key: 'dispatchDue', width: 12 },
      { header: '签收时限', key: 'acceptDue', width: 12 }, { header: '进展时限', key: 'progressDue', width: 12 }, { header: '答复时限', key: 'answerDue', width: 12 },
      { header: '二次督办时限', key: 'secondDue', width: 12 }, { header: '当前时限', key: 'due', width: 12 }, { header: '是否超期', key: 'overdue', width: 8 },
      { header: '答复方式', key: 'answerKind', width: 10 }, { header: '企业评价', key: 'rating', width: 10 }, { header: '二次督办次数', key: 'second', width: 10 },
      { header: '销号时间', key: 'closed', width: 12 },
    ];
    for (const v of views) {
      ws.addRow({
        number: v.number, firm: v.enterpriseName, district: v.districtName ?? '', category: v.categoryLabel, channel: v.channelLabel, title: v.title, state: v.stateLabel,
        level: v.levelLabel, lead: v.leadDepartment?.name ?? '', co: v.coDepartments.map((c) => c.name).join('、'), received: chinaDate(new Date(v.receivedAt)),
        dispatchDue: v.deadlines.dispatchDue ?? '', acceptDue: v.deadlines.acceptDue ?? '', progressDue: v.deadlines.progressDue ?? '', answerDue: v.deadlines.answerDue ?? '',
        secondDue: v.deadlines.secondDue ?? '', due: v.dueOn ? `${v.dueKindLabel} ${v.dueOn}` : '', overdue: v.overdue ? '是' : '否', answerKind: v.answerKindLabel ?? '',
        rating: v.ratingLabel ?? '', second: v.secondSupervisionCount, closed: v.closedAt ? chinaDate(new Date(v.closedAt)) : '',
      });
    }
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
}
