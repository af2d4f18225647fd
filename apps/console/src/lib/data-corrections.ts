import type { FactDefinition } from '../api/types';
import { describeFacts } from './calculator-facts';

/**
 * 数据异议 (data corrections) on the enterprise profile: where a fact's value came from, whether the
 * firm may dispute it, and the values of a request in words. Mirrors FactProvenanceView and the
 * correction rules of libs/enterprises (only facts a department's data source supplied are disputed;
 * values are typed as in the import file — money in 元).
 */
export interface FactProvenance {
  fact: string;
  label: string;
  via: 'source' | 'correction' | 'person' | 'import';
  source: string | null;
  sourceName: string;
  recordId: string | null;
  fetchedAt: string | null;
  version: number | null;
}

/** A firm may dispute a value that a department's data source supplied (or that a correction set for one). */
export function disputable(p: FactProvenance | undefined): boolean {
  return !!p && p.source !== null && (p.via === 'source' || p.via === 'correction');
}

const day = (iso: string) => new Date(iso).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' });

/** "来源：人社部门社保参保数据（记录 S-1，2026/12/1）", "来源：人工修改", "来源：数据异议更正（…）". */
export function provenanceText(p: FactProvenance): string {
  switch (p.via) {
    case 'source':
      return `来源：${p.sourceName}${p.recordId ? `（记录 ${p.recordId}${p.fetchedAt ? `，${day(p.fetchedAt)}` : ''}）` : p.fetchedAt ? `（${day(p.fetchedAt)}）` : ''}`;
    case 'correction':
      return `来源：数据异议更正（${p.sourceName}${p.fetchedAt ? `，${day(p.fetchedAt)}` : ''}）`;
    case 'person':
      return `来源：人工修改${p.fetchedAt ? `（${day(p.fetchedAt)}）` : ''}`;
    default:
      return `来源：${p.sourceName}`;
  }
}

const NUMERIC = new Set(['money', 'integer', 'number']);

/**
 * What a person typed as the value of a fact → the API's value (as in the import file: numbers as
 * numbers, money in 元, tags as a list). Empty text → undefined. Throws RangeError with a Chinese
 * message for a non-number where a number is due.
 */
export function toFactValue(text: string, def: Pick<FactDefinition, 'type' | 'label'> | undefined): unknown {
  const t = text.trim();
  if (t === '') return undefined;
  if (def && NUMERIC.has(def.type)) {
    const n = Number(t.replace(/[,，\s]/g, ''));
    if (!Number.isFinite(n)) throw new RangeError(`“${def.label}”须为数字`);
    if (def.type === 'integer' && !Number.isInteger(n)) throw new RangeError(`“${def.label}”须为整数`);
    return n;
  }
  if (def?.type === 'boolean') return t === '是' || t === 'true';
  if (def?.type === 'tags') return t.split(/[,，、\s]+/).filter(Boolean);
  return t;
}

/** A value as entered (claimed by the firm; money in 元) in words. */
export function enteredValueText(v: unknown, def: Pick<FactDefinition, 'type' | 'unit'> | undefined): string {
  if (v === null || v === undefined || v === '') return '—';
  if (Array.isArray(v)) return v.join('、');
  if (def?.type === 'money') return `${String(v)}元`;
  if (typeof v === 'boolean') return v ? '是' : '否';
  return `${String(v)}${def?.unit ?? ''}`;
}

/** A value as the platform stores it (money in fen) in words. */
export function storedValueText(v: unknown, def: FactDefinition | undefined): string {
  if (v === null || v === undefined) return '—';
  if (!def) return Array.isArray(v) ? v.join('、') : String(v);
  return describeFacts({ [def.key]: v }, [def])[0]?.[1] ?? String(v);
}
