import { ENTERPRISE_SCALES } from '@app/contracts';
import { districtName, findDemoTag, INDUSTRY_SECTIONS, industryName } from '@app/enterprises';
import { DictionaryColumn, RowBitset, TagColumn } from '@app/rules';
import type { EnterpriseSnapshot } from '../snapshot/enterprise-snapshot';
import type { GroupKey } from '../scenario/scenario.types';

export interface GroupRow {
  key: string;
  label: string;
  count: number;
  totalFen: number;
}

export type Distribution = Partial<Record<GroupKey, GroupRow[]>>;

/** GB/T 4754-2017 门类 names, from the enterprise catalogue. */
const INDUSTRY_SECTION_NAMES: Record<string, string> = Object.fromEntries(INDUSTRY_SECTIONS.map((x) => [x.letter, x.name]));
const SCALE_LABELS = new Map<string, string>(ENTERPRISE_SCALES.map((s) => [s.value, s.label]));
const MISSING_LABEL = '未填报';

/** Column and key function per dimension. */
const DIMENSIONS: Record<Exclude<GroupKey, 'tag'>, { fact: string; key: (code: string, level: 'section' | 'division') => string; label: (key: string) => string }> = {
  district: { fact: 'districtCode', key: (c) => c, label: (k) => districtName(k) ?? k },
  industry: {
    fact: 'industryCode',
    key: (c, level) => (level === 'section' ? c.slice(0, 1) : c.slice(0, 3)),
    label: (k) => (k.length === 1 ? (INDUSTRY_SECTION_NAMES[k] ?? k) : (industryName(k) ?? `${INDUSTRY_SECTION_NAMES[k[0]] ?? k[0]} ${k}`)),
  },
  scale: { fact: 'scale', key: (c) => c, label: (k) => SCALE_LABELS.get(k) ?? k },
};

/**
 * Counts and sums the rows of `rows` per district / industry / scale / tag. Dictionary columns are
 * grouped through a code → group table built once per call (a few hundred entries), so the per-row
 * work is two array reads and two adds.
 */
export function distribute(
  snapshot: EnterpriseSnapshot,
  rows: RowBitset,
  amounts: Float64Array,
  groupBy: readonly GroupKey[],
  industryLevel: 'section' | 'division',
): Distribution {
  const out: Distribution = {};
  for (const g of groupBy) out[g] = g === 'tag' ? byTag(snapshot, rows, amounts) : byDictionary(snapshot, rows, amounts, g, industryLevel);
  return out;
}

function byDictionary(
  snapshot: EnterpriseSnapshot,
  rows: RowBitset,
  amounts: Float64Array,
  dim: Exclude<GroupKey, 'tag'>,
  level: 'section' | 'division',
): GroupRow[] {
  const spec = DIMENSIONS[dim];
  const col = snapshot.store.column(spec.fact) as DictionaryColumn;
  const keys: string[] = [''];
  const slotOfKey = new Map<string, number>([['', 0]]);
  // slotOfCode[code + 1]: slot 0 is "missing".
  const slotOfCode = new Int32Array(col.dictionary.length + 1);
  col.dictionary.forEach((code, i) => {
    const key = spec.key(code, level);
    let slot = slotOfKey.get(key);
    if (slot === undefined) {
      slot = keys.length;
      keys.push(key);
      slotOfKey.set(key, slot);
    }
    slotOfCode[i + 1] = slot;
  });
  const counts = new Float64Array(keys.length);
  const totals = new Float64Array(keys.length);
  const data = col.data;
  for (let w = 0; w < rows.length; w += 1) {
    let word = rows[w];
    while (word !== 0) {
      const low = word & -word;
      const row = (w << 5) + (31 - Math.clz32(low));
      const slot = slotOfCode[data[row] + 1];
      counts[slot] += 1;
      totals[slot] += amounts[row];
      word ^= low;
    }
  }
  const result: GroupRow[] = [];
  keys.forEach((key, slot) => {
    if (counts[slot] > 0) result.push({ key, label: key === '' ? MISSING_LABEL : spec.label(key), count: counts[slot], totalFen: totals[slot] });
  });
  return result.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

/** A firm with several tags counts once under each; firms without tags are not listed. */
function byTag(snapshot: EnterpriseSnapshot, rows: RowBitset, amounts: Float64Array): GroupRow[] {
  const col = snapshot.store.column('tags') as TagColumn;
  const result: GroupRow[] = [];
  col.tagCodes.forEach((tag, t) => {
    const bits = col.bitsets[t];
    let count = 0;
    let total = 0;
    for (let w = 0; w < rows.length; w += 1) {
      let word = rows[w] & bits[w];
      while (word !== 0) {
        const low = word & -word;
        total += amounts[(w << 5) + (31 - Math.clz32(low))];
        count += 1;
        word ^= low;
      }
    }
    if (count > 0) result.push({ key: tag, label: findDemoTag(tag)?.name ?? tag, count, totalFen: total });
  });
  return result.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}
