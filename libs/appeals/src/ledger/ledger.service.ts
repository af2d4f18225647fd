import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { DomainError, Page, Principal } from '@app/core';
import { chinaDate } from '@app/approvals';
import { scopeSql } from '../appeal/appeal-access';
import { AppealClock } from '../appeal/appeal.clock';
import { AppealState } from '../appeal/appeal.states';
import { AppealChannel, AppealLevel, AppealRow, APPEAL_COLUMNS } from '../appeal/appeal.types';
import { AppealViews } from '../appeal/appeal-views.service';
import type { AppealView } from '../appeal/dto/appeal.views';

export interface LedgerFilter {
  state?: AppealState;
  category?: string;
  channel?: AppealChannel;
  /** Appeals a unit leads or co-handles. */
  department?: string;
  district?: string;
  level?: AppealLevel;
  overdue?: boolean;
  /** Received on or after / on or before (YYYY-MM-DD, China time). */
  from?: string;
  to?: string;
  /** Number, firm name or title. */
  q?: string;
  enterpriseId?: string;
  receptionDayId?: string;
  officerId?: string;
}

export const MAX_EXPORT_ROWS = 50_000;

/**
 * 台账 and task list: every appeal the caller may see, filterable, with every deadline and state;
 * exportable to XLSX (the same filter, the same scope).
 */
@Injectable()
export class LedgerService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly views: AppealViews,
    private readonly clock: AppealClock,
  ) {}

  private where(p: Principal, f: LedgerFilter, params: unknown[]): string {
    const w = [scopeSql(p, params)];
    const today = chinaDate(this.clock.now());
    if (f.state) w.push(`a.state = $${params.push(f.state)}`);
    if (f.category) w.push(`a.category = $${params.push(f.category)}`);
    if (f.channel) w.push(`a.channel = $${params.push(f.channel)}`);
    if (f.department) {
      const i = params.push(f.department);
      w.push(`(a.lead_department = $${i} OR a.co_departments @> ARRAY[$${i}]::text[])`);
    }
    if (f.district) w.push(`a.district_code = $${params.push(f.district)}`);
    if (f.level) w.push(`a.level = $${params.push(f.level)}`);
    if (f.overdue !== undefined) {
      const cond = `(a.due_on IS NOT NULL AND a.due_on < $${params.push(today)})`;
      w.push(f.overdue ? cond : `NOT ${cond}`);
    }
    if (f.from) w.push(`a.received_at >= ($${params.push(f.from)}::date::timestamp AT TIME ZONE 'UTC') - interval '8 hours'`);
    if (f.to) w.push(`a.received_at < ($${params.push(f.to)}::date::timestamp AT TIME ZONE 'UTC') - interval '8 hours' + interval '1 day'`);
    if (f.q) {
      const i = params.push(`%${f.q.replace(/[%_\\]/g, '\\$&')}%`);
      w.push(`(a.number = $${params.push(f.q.trim().toUpperCase())} OR a.enterprise_name LIKE $${i} OR a.title LIKE $${i})`);
    }
    if (f.enterpriseId) w.push(`a.enterprise_id = $${params.push(f.enterpriseId)}`);
    if (f.receptionDayId) w.push(`a.reception_day_id = $${params.push(f.receptionDayId)}`);
    if (f.officerId) w.push(`a.officer_id = $${params.push(f.officerId)}`);
    return w.join(' AND ');
  }

  async list(p: Principal, f: LedgerFilter, page: number, pageSize: number): Promise<Page<AppealView>> {
    const params: unknown[] = [];
    const clause = this.where(p, f, params);
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM appeal.appeals a WHERE ${clause}`, params);
    const rows: AppealRow[] = await this.dataSource.query(
      `SELECT ${APPEAL_COLUMNS} FROM appeal.appeals a WHERE ${clause} ORDER BY a.received_at DESC, a.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize]);
    return { items: await this.views.many(rows), total, page, pageSize };
  }

  async exportXlsx(p: Principal, f: LedgerFilter): Promise<Buffer> {
    const params: unknown[] = [];
    const clause = this.where(p, f, params);
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM appeal.appeals a WHERE ${clause}`, params);
    if (total > MAX_EXPORT_ROWS) throw new DomainError('LEDGER.EXPORT_TOO_LARGE', `导出超过 ${MAX_EXPORT_ROWS} 行，请缩小筛选范围`, { total });
    const rows: AppealRow[] = await this.dataSource.query(`SELECT ${APPEAL_COLUMNS} FROM appeal.appeals a WHERE ${clause} ORDER BY a.received_at, a.id`, params);
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
