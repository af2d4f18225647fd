import type { ItemVersionView } from './policy.types';

export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
}

export interface VersionDiff {
  from: number;
  to: number;
  changes: FieldChange[];
}

const FIELDS: Array<keyof ItemVersionView> = [
  'name', 'mode', 'applyFrom', 'applyTo', 'materials', 'exclusionGroup', 'clause', 'fundPoolFen', 'contact', 'effectiveFrom', 'effectiveTo',
];

/** Leaf-level differences of two JSON values, addressed by JSON pointer. */
export function diffJson(a: unknown, b: unknown, path = ''): FieldChange[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  if (isObj(a) && isObj(b) && Array.isArray(a) === Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) => diffJson(a[k], b[k], `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`));
  }
  return [{ path: path || '/', before: a ?? null, after: b ?? null }];
}

/** What changed between two versions of an item: plain fields, then rule and formula leaf by leaf. */
export function diffVersions(a: ItemVersionView, b: ItemVersionView): VersionDiff {
  const changes: FieldChange[] = [];
  for (const f of FIELDS) {
    if (JSON.stringify(a[f]) !== JSON.stringify(b[f])) changes.push({ path: `/${f}`, before: a[f], after: b[f] });
  }
  changes.push(...diffJson(a.rule, b.rule, '/rule'), ...diffJson(a.formula, b.formula, '/formula'));
  return { from: a.version, to: b.version, changes };
}
