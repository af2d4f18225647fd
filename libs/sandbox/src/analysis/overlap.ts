import { EvaluationContext, popcount, RowBitset, RuleCondition } from '@app/rules';
import type { EnterpriseSnapshot } from '../snapshot/enterprise-snapshot';
import { eligibleRows } from '../what-if/what-if.engine';

export interface OverlapItem {
  key: string;
  name: string;
  rule: RuleCondition;
}

export interface OverlapAnswer {
  items: Array<{ key: string; name: string; eligible: number }>;
  /** matrix[i][j]: firms eligible for both item i and item j (the diagonal is each item's count). */
  matrix: number[][];
  /** Firms eligible for two items or more: candidates for a duplicate-benefit warning (重复享受预警). */
  multiEligible: number;
  /** Firms by how many of the items they are eligible for (index = number of items). */
  byItemCount: number[];
  sample: Array<{ id: string; name: string | null; districtCode: string | null; items: string[] }>;
  timingMs: number;
}

/** Pairwise overlap of several items' eligible sets over the snapshot. */
export function overlapMatrix(snapshot: EnterpriseSnapshot, items: readonly OverlapItem[], ctx: EvaluationContext, sampleSize = 20): OverlapAnswer {
  const started = performance.now();
  const sets: RowBitset[] = items.map((it) => eligibleRows(snapshot, it.rule, ctx));
  const words = sets[0]?.length ?? 0;
  const scratch = new Uint32Array(words);
  const matrix = sets.map((a, i) =>
    sets.map((b, j) => {
      if (i === j) return popcount(a);
      for (let w = 0; w < words; w += 1) scratch[w] = a[w] & b[w];
      return popcount(scratch);
    }),
  );
  // Per-row item counts over the union: cheap next to the evaluations (only set bits are visited).
  const byItemCount = new Array<number>(items.length + 1).fill(0);
  const sample: OverlapAnswer['sample'] = [];
  let union = 0;
  for (let w = 0; w < words; w += 1) {
    let any = 0;
    for (const s of sets) any |= s[w];
    while (any !== 0) {
      const low = any & -any;
      const row = (w << 5) + (31 - Math.clz32(low));
      let k = 0;
      for (const s of sets) if ((s[w] & low) !== 0) k += 1;
      byItemCount[k] += 1;
      union += 1;
      if (k >= 2 && sample.length < sampleSize) {
        sample.push({
          id: snapshot.idOf(row),
          name: snapshot.textOf(row, 'name'),
          districtCode: snapshot.textOf(row, 'districtCode'),
          items: items.filter((_, i) => (sets[i][w] & low) !== 0).map((it) => it.key),
        });
      }
      any ^= low;
    }
  }
  byItemCount[0] = snapshot.rowCount - union;
  return {
    items: items.map((it, i) => ({ key: it.key, name: it.name, eligible: matrix[i][i] })),
    matrix,
    multiEligible: byItemCount.slice(2).reduce((a, b) => a + b, 0),
    byItemCount,
    sample,
    timingMs: Math.round((performance.now() - started) * 100) / 100,
  };
}
