import type { FactDefinition } from '../api/types';
import { formatFen, yuanToFen } from './money';

/**
 * The policy calculator's form is built from the fact registry (GET /facts): one field per fact,
 * its widget by type. These helpers turn what people typed into the API's facts (money in fen)
 * and describe the input back in words for the report.
 */
export type FieldKind = 'money' | 'integer' | 'number' | 'enum' | 'boolean' | 'date' | 'tags' | 'region' | 'industry' | 'text';

/** Facts the calculator does not ask for: the firm's name decides nothing. */
const NOT_ASKED = new Set(['name']);

export function fieldKind(f: FactDefinition): FieldKind {
  if (f.type === 'string') return f.format === 'region' ? 'region' : f.format === 'industry' ? 'industry' : 'text';
  return f.type;
}

export function calculatorFields(facts: readonly FactDefinition[]): FactDefinition[] {
  return facts.filter((f) => !NOT_ASKED.has(f.key));
}

/** Form values (money as 元 text, dates as YYYY-MM-DD, booleans as 'true'/'false') → API facts. Empty fields are left out. */
export type FormValues = Record<string, unknown>;

export function toCalculatorFacts(values: FormValues, facts: readonly FactDefinition[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of facts) {
    const v = values[f.key];
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    switch (fieldKind(f)) {
      case 'money': {
        const fen = yuanToFen(v as string | number);
        if (fen !== null) out[f.key] = fen;
        break;
      }
      case 'integer':
      case 'number': {
        const n = typeof v === 'number' ? v : Number(String(v).replace(/[,，\s]/g, ''));
        if (!Number.isFinite(n)) throw new RangeError(`“${f.label}”须为数字`);
        if (fieldKind(f) === 'integer' && !Number.isInteger(n)) throw new RangeError(`“${f.label}”须为整数`);
        out[f.key] = n;
        break;
      }
      case 'boolean':
        out[f.key] = v === true || v === 'true';
        break;
      case 'date':
        out[f.key] = typeof v === 'string' ? v : (v as { format(f: string): string }).format('YYYY-MM-DD');
        break;
      default:
        out[f.key] = v;
    }
  }
  return out;
}

/** The facts as a person reads them: [营业收入, 3,000万元], [企业标签, 高新技术企业、专精特新]. */
export function describeFacts(
  facts: Record<string, unknown>,
  registry: readonly FactDefinition[],
  names: { tags?: Map<string, string>; codes?: Map<string, string> } = {},
): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  for (const f of registry) {
    const v = facts[f.key];
    if (v === undefined) continue;
    let text: string;
    switch (fieldKind(f)) {
      case 'money': text = formatFen(v as number); break;
      case 'integer': case 'number': text = `${v}${f.unit ?? ''}`; break;
      case 'boolean': text = v ? '是' : '否'; break;
      case 'enum': text = f.allowedValues?.find((a) => a.value === v)?.label ?? String(v); break;
      case 'tags': text = (v as string[]).map((t) => names.tags?.get(t) ?? t).join('、'); break;
      case 'region': case 'industry': text = names.codes?.get(String(v)) ?? String(v); break;
      default: text = String(v);
    }
    rows.push([f.label, text]);
  }
  return rows;
}
