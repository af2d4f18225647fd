import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { Principal } from '@app/core';
import { EnterprisesService } from '../enterprise/enterprises.service';
import { EnterpriseInput } from '../enterprise/enterprise.types';
import { ImportFormat, readRecords } from './record-sources';

export interface RowError {
  row: number;
  column: string | null;
  code: string;
  message: string;
}

export interface ImportReport {
  format: ImportFormat;
  rows: number;
  valid: number;
  invalid: number;
  created: number;
  updated: number;
  unchanged: number;
  /** The first `maxErrors` problems; `invalid` counts them all. */
  errors: RowError[];
  durationMs: number;
}

export interface ImportOptions {
  batchSize?: number;
  maxErrors?: number;
  onProgress?: (rowsRead: number) => void;
}

/**
 * Streams an import file: every row validated; valid rows upserted by 统一社会信用代码 in batches;
 * a bad row is reported (row, column, code, message) and never written, in part or whole.
 */
@Injectable()
export class EnterpriseImportService {
  constructor(private readonly enterprises: EnterprisesService) {}

  async import(stream: Readable, format: ImportFormat, actor: Principal | null, options: ImportOptions = {}): Promise<ImportReport> {
    const started = Date.now();
    const batchSize = options.batchSize ?? 2000;
    const maxErrors = options.maxErrors ?? 1000;
    const report: ImportReport = { format, rows: 0, valid: 0, invalid: 0, created: 0, updated: 0, unchanged: 0, errors: [], durationMs: 0 };
    const seen = new Map<string, number>();
    let batch: EnterpriseInput[] = [];
    const addError = (e: RowError) => {
      if (report.errors.length < maxErrors) report.errors.push(e);
    };
    const flush = async () => {
      if (batch.length === 0) return;
      const outcome = await this.enterprises.upsertBatch(batch, actor, 'import', { audit: false });
      report.created += outcome.created;
      report.updated += outcome.updated;
      report.unchanged += outcome.unchanged;
      batch = [];
    };
    try {
      for await (const item of readRecords(stream, format)) {
        report.rows++;
        if (!item.record) {
          report.invalid++;
          addError({ row: item.row, column: null, code: 'IMPORT.UNREADABLE_ROW', message: item.error ?? '无法读取该行' });
          continue;
        }
        const parsed = this.enterprises.validate(item.record);
        if (!parsed.ok) {
          report.invalid++;
          for (const e of parsed.errors) addError({ row: item.row, ...e });
          continue;
        }
        const first = seen.get(parsed.value.creditCode);
        if (first !== undefined) {
          report.invalid++;
          addError({ row: item.row, column: 'creditCode', code: 'IMPORT.DUPLICATE_IN_FILE', message: `统一社会信用代码与第 ${first} 行重复` });
          continue;
        }
        seen.set(parsed.value.creditCode, item.row);
        report.valid++;
        batch.push(parsed.value);
        if (batch.length >= batchSize) await flush();
        if (report.rows % 1000 === 0) options.onProgress?.(report.rows);
      }
    } catch (err) {
      addError({ row: report.rows + 1, column: null, code: 'IMPORT.FILE_UNREADABLE', message: `文件无法解析：${(err as Error).message}` });
      report.invalid++;
    }
    await flush();
    if (report.created + report.updated > 0) await this.enterprises.refreshStatistics();
    options.onProgress?.(report.rows);
    report.durationMs = Date.now() - started;
    return report;
  }
}
