import { Injectable } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import { AuditService, DomainError, Principal, uuid7 } from '@app/core';
import { dateProblemMessage, isAcceptedDate } from '@app/contracts';
import { EnterprisesService, normalizeCreditCode, validateCreditCode } from '@app/enterprises';
import { DishonestEntryView, DishonestListRepository } from './dishonest-list.repository';

export interface DishonestImportResult {
  imported: number;
  unchanged: number;
  unknownFirms: number;
  errors: Array<{ row: number; field: string; message: string }>;
}

const MAX_ROWS = 100_000;

/**
 * 失信名单 import. The list is kept as its own dated table (approval.dishonest_list), consulted by
 * every check next to the profile's creditStatus, rather than written into the profiles: an entry
 * has a source and a validity window and lapses by itself, the profile (shared data from the
 * credit department) stays the record of what that department reported, and importing a list
 * does not fake a profile version or re-trigger matching for every listed firm.
 */
@Injectable()
export class DishonestListService {
  constructor(
    private readonly repo: DishonestListRepository,
    private readonly enterprises: EnterprisesService,
    private readonly audit: AuditService,
  ) {}

  /** CSV with a header: creditCode, source, listedFrom, listedTo (optional). Validates every row first; one bad row → nothing written. */
  async importCsv(p: Principal, csv: string): Promise<DishonestImportResult> {
    let records: Array<Record<string, string>>;
    try {
      records = parse(csv, { columns: true, skip_empty_lines: true, trim: true, bom: true });
    } catch (err) {
      throw new DomainError('CREDIT_LIST.UNPARSABLE', `CSV 无法解析：${(err as Error).message.split('\n')[0]}`);
    }
    if (records.length === 0) throw new DomainError('CREDIT_LIST.EMPTY', '名单为空');
    if (records.length > MAX_ROWS) throw new DomainError('CREDIT_LIST.TOO_LARGE', `一次最多导入 ${MAX_ROWS} 行`);
    const errors: DishonestImportResult['errors'] = [];
    const rows = records.map((r, i) => {
      const row = i + 2;
      const code = normalizeCreditCode(r.creditCode ?? '');
      const v = validateCreditCode(code);
      if (!v.ok) errors.push({ row, field: 'creditCode', message: v.reason });
      if (!r.source) errors.push({ row, field: 'source', message: '来源不能为空' });
      if (!isAcceptedDate(r.listedFrom)) errors.push({ row, field: 'listedFrom', message: dateProblemMessage('列入日期', r.listedFrom ?? '') });
      if (r.listedTo && (!isAcceptedDate(r.listedTo) || r.listedTo < r.listedFrom)) errors.push({ row, field: 'listedTo', message: '移出日期应为不早于列入日期的有效日期 YYYY-MM-DD' });
      return { code, source: r.source, from: r.listedFrom, to: r.listedTo || null };
    });
    if (errors.length) throw new DomainError('CREDIT_LIST.INVALID', '名单校验未通过，未导入任何记录', { errors });
    const ids = new Map<string, string | null>();
    for (const code of new Set(rows.map((r) => r.code))) {
      const found = await this.enterprises.list({ q: code, page: 1, pageSize: 1 });
      ids.set(code, found.items.find((e) => e.creditCode === code)?.id ?? null);
    }
    return this.repo.transaction(async (m) => {
      let imported = 0;
      for (const r of rows) {
        if (await this.repo.insert(m, { id: uuid7(), creditCode: r.code, enterpriseId: ids.get(r.code) ?? null, source: r.source, listedFrom: r.from, listedTo: r.to, importedBy: p.id })) imported++;
      }
      const unknownFirms = [...ids.values()].filter((x) => x === null).length;
      await this.audit.record({ actor: p, action: 'credit.dishonest_import', targetType: 'dishonest_list', details: { rows: rows.length, imported, unknownFirms } }, m);
      return { imported, unchanged: rows.length - imported, unknownFirms, errors: [] };
    });
  }

  async list(page: number, pageSize: number): Promise<{ items: DishonestEntryView[]; total: number }> {
    return this.repo.page(page, pageSize);
  }
}
