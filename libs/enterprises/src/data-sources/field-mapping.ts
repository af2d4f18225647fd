import { FACT_KEYS } from '../enterprise/enterprise.types';
import { DATA_SOURCES, DataSourceDefinition } from './data-source.catalogue';
import type { SharedDataRecord } from './data-source.port';

/** What one source record asks to change: facts in import form (money in 元), tags set or cleared. */
export interface MappedRecord {
  values: Record<string, unknown>;
  tagsOn: string[];
  tagsOff: string[];
}

/** Why a record was refused; the record writes nothing. */
export interface RecordRefusal {
  code: 'DATA_SOURCE.UNKNOWN_FIELD' | 'DATA_SOURCE.INVALID_RECORD' | 'DATA_SOURCE.INVALID_VALUE' | 'DATA_SOURCE.UNKNOWN_ENTERPRISE';
  message: string;
  details?: Record<string, unknown>;
}

const FACTS: ReadonlySet<string> = new Set(FACT_KEYS);
/** Facts a source may write through a mapping ('tags' only per tag, through `tag:<code>`). */
const MAPPABLE: ReadonlySet<string> = new Set(FACT_KEYS.filter((k) => k !== 'tags'));
const TAG_TARGET = /^tag:([a-z][a-z0-9_]{1,47})$/;

const YES = new Set([true, 1, '1', 'true', '是', 'Y', 'y']);
const NO = new Set([false, 0, '0', 'false', '否', 'N', 'n']);

/**
 * The sources with their mappings, the configured overrides applied. A mapping to something that is
 * not a fact (or `tag:<code>`) or a source the platform does not know stops the start with a message.
 */
export function resolveSources(overrides: Record<string, Record<string, string>> | null): Map<string, DataSourceDefinition> {
  const out = new Map(DATA_SOURCES.map((s) => [s.code, { ...s, mapping: { ...s.mapping } }]));
  for (const [code, mapping] of Object.entries(overrides ?? {})) {
    const s = out.get(code);
    if (!s) throw new Error(`Invalid configuration: DATA_SOURCE_MAPPINGS names an unknown source ${code} (known: ${DATA_SOURCES.map((x) => x.code).join(', ')})`);
    for (const [field, target] of Object.entries(mapping)) {
      if (!MAPPABLE.has(target) && !TAG_TARGET.test(target)) {
        throw new Error(`Invalid configuration: DATA_SOURCE_MAPPINGS ${code}.${field} maps to ${target}, which is neither a fact key nor tag:<code>`);
      }
    }
    s.mapping = { ...mapping };
  }
  return out;
}

/** Maps one record through its source's mapping; any field the mapping does not know refuses the whole record. */
export function mapSourceRecord(mapping: Readonly<Record<string, string>>, r: SharedDataRecord): { ok: true; value: MappedRecord } | { ok: false; refusal: RecordRefusal } {
  if (!r || typeof r.id !== 'string' || !r.id || typeof r.creditCode !== 'string' || typeof r.fields !== 'object' || r.fields === null || Array.isArray(r.fields)) {
    return { ok: false, refusal: { code: 'DATA_SOURCE.INVALID_RECORD', message: '数据记录缺少记录编号、统一社会信用代码或字段' } };
  }
  const unknown = Object.keys(r.fields).filter((f) => !(f in mapping));
  if (unknown.length) {
    return { ok: false, refusal: { code: 'DATA_SOURCE.UNKNOWN_FIELD', message: `数据来源的字段未配置映射：${unknown.join('、')}`, details: { fields: unknown } } };
  }
  const value: MappedRecord = { values: {}, tagsOn: [], tagsOff: [] };
  for (const [field, v] of Object.entries(r.fields)) {
    const target = mapping[field];
    const tag = TAG_TARGET.exec(target)?.[1];
    if (tag) {
      if (YES.has(v as never)) value.tagsOn.push(tag);
      else if (NO.has(v as never)) value.tagsOff.push(tag);
      else return { ok: false, refusal: { code: 'DATA_SOURCE.INVALID_VALUE', message: `${field} 应为是/否`, details: { field, value: v } } };
    } else if (FACTS.has(target)) {
      value.values[target] = v;
    }
  }
  return { ok: true, value };
}
