import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { civilFromDays } from '@app/contracts';
import { COLUMN_ALIASES, DATE_COLUMNS } from '../enterprise/enterprise.validation';

export type ImportFormat = 'csv' | 'xlsx' | 'ndjson';

export interface SourceRecord {
  /** 1-based row number as the user sees it (header is row 1 in CSV/XLSX). */
  row: number;
  record: Record<string, unknown> | null;
  /** Set when the line itself cannot be read (bad JSON, ragged CSV). */
  error?: string;
}

export function formatOf(filename: string): ImportFormat | null {
  const ext = /\.([a-z]+)$/i.exec(filename)?.[1]?.toLowerCase();
  if (ext === 'csv') return 'csv';
  if (ext === 'xlsx') return 'xlsx';
  if (ext === 'ndjson' || ext === 'jsonl') return 'ndjson';
  return null;
}

/** Streams records out of a CSV, XLSX or NDJSON file without loading it whole. */
export async function* readRecords(stream: Readable, format: ImportFormat): AsyncGenerator<SourceRecord> {
  if (format === 'ndjson') {
    let row = 0;
    for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
      row++;
      if (line.trim() === '') continue;
      try {
        const value: unknown = JSON.parse(line);
        if (typeof value !== 'object' || value === null || Array.isArray(value)) yield { row, record: null, error: '每行应为一个 JSON 对象' };
        else yield { row, record: value as Record<string, unknown> };
      } catch {
        yield { row, record: null, error: 'JSON 格式错误' };
      }
    }
    return;
  }
  if (format === 'csv') {
    const parser = stream.pipe(
      parse({ columns: true, bom: true, skip_empty_lines: true, trim: true, relax_column_count: true, info: true }),
    );
    for await (const item of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      yield { row: item.info.lines, record: item.record };
    }
    return;
  }
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(stream, { sharedStrings: 'cache', worksheets: 'emit', hyperlinks: 'ignore', styles: 'ignore' });
  for await (const sheet of workbook) {
    let header: string[] | null = null;
    for await (const r of sheet) {
      const values = (r.values as unknown[]).slice(1).map(cellValue);
      if (!header) {
        header = values.map((v) => String(v ?? '').trim());
        continue;
      }
      if (values.every((v) => v === null || v === '')) continue;
      const record: Record<string, unknown> = {};
      header.forEach((h, i) => {
        if (!h) return;
        const v = values[i] ?? null;
        // The reader skips styles (speed), so a date cell arrives as its day serial number.
        record[h] = typeof v === 'number' && DATE_COLUMNS.has(COLUMN_ALIASES[h] ?? h) ? excelSerialToDate(v) : v;
      });
      yield { row: r.number, record };
    }
    break; // first sheet only
  }
}

function cellValue(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (v && typeof v === 'object') {
    const o = v as { text?: unknown; result?: unknown; richText?: Array<{ text: string }> };
    if (o.richText) return o.richText.map((t) => t.text).join('');
    if (o.result !== undefined) return o.result;
    if (o.text !== undefined) return o.text;
  }
  return v ?? null;
}

/**
 * An Excel day serial (1900 date system) as YYYY-MM-DD: 25569 is 1970-01-01. Excel counts a
 * 29 February 1900 that never was (serial 60), so serials before it are one day earlier. A time of
 * day (the fraction) is dropped; anything that is not a plausible day is returned unchanged so the
 * date check refuses it.
 */
export function excelSerialToDate(serial: number): string | number {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2_958_466 || Math.floor(serial) === 60) return serial;
  const day = Math.floor(serial);
  return civilFromDays(day - (day < 60 ? 25568 : 25569));
}
