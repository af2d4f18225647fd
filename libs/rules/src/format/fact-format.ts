import type { FactDefinition } from '@app/contracts';
import { formatMoney, groupDigits, roundForDisplay } from './money-format';

export interface FormatOptions {
  /** Tag code → Chinese name from the tag library; codes are shown when absent. */
  tagLabels?: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
  /** Region / industry code → Chinese name (410105 → 金水区); codes are shown when absent. */
  codeLabels?: ReadonlyMap<string, string>;
}

/** A region or industry code with its name when known: "金水区（410105）". */
export function formatCode(code: string, options: FormatOptions = {}): string {
  const name = options.codeLabels?.get(code);
  return name ? `${name}（${code}）` : code;
}

function tagLabel(code: string, options: FormatOptions): string {
  const labels = options.tagLabels;
  if (!labels) return code;
  if (labels instanceof Map) return labels.get(code) ?? code;
  const record = labels as Readonly<Record<string, string>>;
  // Own keys only: a tag code such as "constructor" must not pick up Object.prototype members.
  return Object.prototype.hasOwnProperty.call(record, code) ? record[code] : code;
}

/** One value of a fact as a citizen reads it: 3,200万元, 120人, 12.5%, 小型, 是, 高新技术企业. */
export function formatFactValue(def: FactDefinition, value: unknown, options: FormatOptions = {}): string {
  if (value === undefined || value === null) return '未填报（缺失）';
  switch (def.type) {
    case 'money':
      return typeof value === 'number' && Number.isSafeInteger(value) ? formatMoney(value) : String(value);
    case 'integer':
    case 'number':
      return typeof value === 'number' ? `${groupDigits(roundForDisplay(value))}${def.unit ?? ''}` : String(value);
    case 'enum':
      return def.allowedValues?.find((a) => a.value === value)?.label ?? String(value);
    case 'boolean':
      return value === true ? '是' : value === false ? '否' : String(value);
    case 'tags': {
      const tags = Array.isArray(value) ? value.map(String) : [String(value)];
      return tags.length === 0 ? '无' : tags.map((t) => `“${tagLabel(t, options)}”`).join('、');
    }
    default:
      return def.format && typeof value === 'string' ? formatCode(value, options) : String(value);
  }
}

/** A list of comparison values: "大型、中型". */
export function formatValueList(def: FactDefinition, values: readonly unknown[], options: FormatOptions = {}): string {
  if (def.type === 'tags') return formatFactValue(def, values, options);
  return values.map((v) => formatFactValue(def, v, options)).join('、');
}
