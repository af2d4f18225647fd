import type { ItemVersionView } from '@app/policies';

/** Why a firm that matches an item gets no pre-qualified application (or may not submit). */
export type ScreeningReason = 'data_incomplete' | 'dishonest' | 'barred' | 'exclusion_group' | 'duplicate';

export const SCREENING_LABELS: Record<ScreeningReason, string> = {
  data_incomplete: '数据不完整：测算所需数据缺失',
  dishonest: '列入失信名单',
  barred: '因资金追回处于限制申报期',
  exclusion_group: '本期已享受同类（不重复享受）政策',
  duplicate: '本期已有该事项的申请',
};

/** The facts an item's rule and formula read: all must be present for the data to count as complete. */
export function requiredFacts(v: Pick<ItemVersionView, 'factsUsed' | 'formula'>): string[] {
  const out = new Set(v.factsUsed);
  if (v.formula.kind !== 'fixed') out.add(v.formula.fact);
  return [...out].sort();
}

/** Required facts that are missing (null, absent, or not a finite number where a number is needed). */
export function missingFacts(required: readonly string[], facts: Readonly<Record<string, unknown>>): string[] {
  return required.filter((k) => {
    const v = facts[k];
    return v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v));
  });
}

/**
 * The benefit period used for duplicate detection and exclusion groups: the calendar year of the
 * application window's start, or of today when the item has no window. One benefit of an item (and
 * one per exclusion group) per firm and year.
 */
export function periodOf(v: Pick<ItemVersionView, 'applyFrom'>, today: string): string {
  return (v.applyFrom ?? today).slice(0, 4);
}

/** Is the application window open on `today` (YYYY-MM-DD)? */
export function windowOpen(v: Pick<ItemVersionView, 'applyFrom' | 'applyTo'>, today: string): boolean {
  return (!v.applyFrom || v.applyFrom <= today) && (!v.applyTo || v.applyTo >= today);
}
