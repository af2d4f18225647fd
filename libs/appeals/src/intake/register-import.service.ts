import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { DomainError, Principal } from '@app/core';
import { chinaDate } from '@app/approvals';
import { EnterprisesService, formatOf, readRecords } from '@app/enterprises';
import { AppealDirectory } from '../appeal/appeal-directory.service';
import { AppealClock } from '../appeal/appeal.clock';
import { actorOf, AppealChannel, CHANNEL_LABELS, STAFF_CHANNELS } from '../appeal/appeal.types';
import { IntakeInput, IntakeService } from './intake.service';

export interface RowError {
  row: number;
  field: string;
  message: string;
}

/** Column → field; Chinese headers as printed on a register, or the English field names. */
const HEADERS: Record<string, keyof RegisterRow> = {
  统一社会信用代码: 'creditCode', creditCode: 'creditCode', 类别: 'category', 诉求类别: 'category', category: 'category', 标题: 'title', 诉求标题: 'title',
  title: 'title', 问题描述: 'description', 诉求内容: 'description', description: 'description', 联系人: 'contactName', contactName: 'contactName',
  联系电话: 'contactPhone', contactPhone: 'contactPhone', 渠道: 'channel', channel: 'channel', 反映日期: 'receivedOn', receivedOn: 'receivedOn',
};

interface RegisterRow {
  creditCode?: string;
  category?: string;
  title?: string;
  description?: string;
  contactName?: string;
  contactPhone?: string;
  channel?: string;
  receivedOn?: string;
}

export const MAX_REGISTER_ROWS = 2000;

/**
 * A reception day's (or any meeting's) register as CSV or XLSX: every row is checked (firm by credit
 * code, category by code or name, channel, text, date) and the appeals are created only if no row has
 * an error — all or nothing, with the row errors listed.
 */
@Injectable()
export class RegisterImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly intake: IntakeService,
    private readonly directory: AppealDirectory,
    private readonly enterprises: EnterprisesService,
    private readonly clock: AppealClock,
  ) {}

  async import(p: Principal, file: { originalname: string; buffer: Buffer } | undefined, o: { receptionDayId?: string | null; channel?: AppealChannel } = {}): Promise<{ created: number; appealIds: string[] }> {
    if (!file) throw new DomainError('IMPORT.FILE_REQUIRED', '请选择要导入的登记表（CSV 或 XLSX）');
    const format = formatOf(file.originalname);
    if (format !== 'csv' && format !== 'xlsx') throw new DomainError('IMPORT.UNSUPPORTED_FORMAT', '登记表应为 CSV 或 XLSX 文件', { fileName: file.originalname });
    const cats = await this.directory.categoryMap();
    const byName = new Map([...cats.values()].map((c) => [c.name, c.code]));
    const channelByName = new Map(Object.entries(CHANNEL_LABELS).map(([k, v]) => [v, k as AppealChannel]));
    const errors: RowError[] = [];
    const inputs: Array<{ row: number; input: IntakeInput }> = [];
    const today = chinaDate(this.clock.now());
    let rows = 0;
    try {
      for await (const rec of readRecords(Readable.from(file.buffer), format)) {
        if (++rows > MAX_REGISTER_ROWS) throw new DomainError('IMPORT.TOO_MANY_ROWS', `一次最多导入 ${MAX_REGISTER_ROWS} 行`);
        if (!rec.record) {
          errors.push({ row: rec.row, field: '*', message: rec.error ?? '无法读取该行' });
          continue;
        }
        const r: RegisterRow = {};
        for (const [k, v] of Object.entries(rec.record)) {
          const f = HEADERS[k.trim()];
          if (f && v !== null && v !== undefined && String(v).trim() !== '') r[f] = String(v).trim();
        }
        const err = (field: string, message: string) => errors.push({ row: rec.row, field, message });
        const category = r.category ? (cats.has(r.category) ? r.category : byName.get(r.category)) : undefined;
        if (!category) err('category', r.category ? `未知的诉求类别：${r.category}` : '缺少诉求类别');
        const channel = o.channel ?? (r.channel ? ((STAFF_CHANNELS as readonly string[]).includes(r.channel) ? (r.channel as AppealChannel) : channelByName.get(r.channel)) : o.receptionDayId ? 'reception_day' : undefined);
        if (!channel || channel === 'online') err('channel', r.channel ? `未知的渠道：${r.channel}` : '缺少渠道');
        if (!r.title || r.title.length < 2 || r.title.length > 200) err('title', '诉求标题应为 2–200 字');
        if (!r.description || r.description.length < 5 || r.description.length > 5000) err('description', '问题描述应为 5–5000 字');
        if (r.contactPhone && !/^(1\d{10}|0\d{2,3}-?\d{7,8})$/.test(r.contactPhone.replace(/\s/g, ''))) err('contactPhone', '联系电话格式不正确');
        let receivedAt: Date | undefined;
        if (r.receivedOn) {
          const d = /^\d{4}-\d{2}-\d{2}$/.test(r.receivedOn) ? new Date(`${r.receivedOn}T09:00:00+08:00`) : null;
          if (!d || Number.isNaN(d.getTime()) || chinaDate(d) !== r.receivedOn || r.receivedOn > today) err('receivedOn', '反映日期应为不晚于今天的 YYYY-MM-DD');
          else receivedAt = d;
        }
        let enterpriseId: string | undefined;
        if (!r.creditCode) err('creditCode', '缺少统一社会信用代码');
        else {
          const code = r.creditCode.toUpperCase();
          const found = await this.enterprises.list({ q: code, page: 1, pageSize: 2 });
          const firm = found.items.find((f) => f.creditCode === code);
          if (!firm) err('creditCode', `一企一档中没有该企业：${r.creditCode}`);
          else enterpriseId = firm.id;
        }
        if (enterpriseId && category && channel && channel !== 'online') {
          inputs.push({ row: rec.row, input: { enterpriseId, category, channel, title: r.title ?? '', description: r.description ?? '', contactName: r.contactName,
            contactPhone: r.contactPhone, receivedAt, receptionDayId: o.receptionDayId ?? null } });
        }
      }
    } catch (e) {
      if (e instanceof DomainError) throw e;
      throw new DomainError('IMPORT.FILE_UNPARSABLE', '登记表无法解析', { reason: (e as Error).message.slice(0, 200) });
    }
    if (rows === 0) throw new DomainError('IMPORT.FILE_EMPTY', '登记表没有数据行');
    if (errors.length) throw new DomainError('APPEAL.IMPORT_INVALID', `登记表有 ${errors.length} 处错误，未导入任何诉求`, { errors });
    const ids = await this.dataSource.transaction((m) => this.intake.create(m, inputs.map((x) => x.input), actorOf(p), `导入登记表 ${file.originalname}`));
    return { created: ids.length, appealIds: ids };
  }
}
