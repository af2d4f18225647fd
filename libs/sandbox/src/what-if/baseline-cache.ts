import type { RowBitset } from '@app/rules';
import type { EnterpriseSnapshot } from '../snapshot/enterprise-snapshot';
import type { ResolvedScenario } from '../scenario/scenario.types';
import type { Outcome } from './what-if.engine';

/** One side of a what-if evaluated over the snapshot: who is eligible, their amounts, the totals. */
export interface EvaluatedSide {
  rows: RowBitset;
  /** Amount per row (0 outside `rows`). */
  amounts: Float64Array;
  outcome: Outcome;
}

interface Entry {
  snapshot: EnterpriseSnapshot;
  version: number;
  side: EvaluatedSide;
}

/**
 * The baseline (基准: the item as published, without the leader's overrides) of the last few
 * what-ifs. While a leader moves a slider only the scenario side changes; at 1,000,000 firms the
 * baseline's rule, amounts and distributions are half of each answer's work. An entry holds for one
 * snapshot at one version (EnterpriseSnapshot.version goes up when a refresh applies any row) and
 * for one base rule, formula, evaluation date and grouping, so a changed profile, a rebuilt snapshot
 * or another item version is a miss, never a stale answer.
 *
 * Also lends the engine a scratch amounts array for the scenario side, reused while the snapshot's
 * row count stays (runWhatIf is synchronous and does not return the amounts).
 */
export class BaselineCache {
  private readonly entries = new Map<string, Entry>();
  private scratchArray?: Float64Array;
  hits = 0;
  misses = 0;

  constructor(private readonly capacity = 4) {}

  baseline(snapshot: EnterpriseSnapshot, s: ResolvedScenario, compute: () => EvaluatedSide): EvaluatedSide {
    const key = JSON.stringify([s.baseRule, s.baseFormula, s.asOf, s.groupBy, s.industryLevel]);
    const found = this.entries.get(key);
    if (found && found.snapshot === snapshot && found.version === snapshot.version && found.side.amounts.length === snapshot.rowCount) {
      this.hits += 1;
      // most recently used last
      this.entries.delete(key);
      this.entries.set(key, found);
      return found.side;
    }
    this.misses += 1;
    const side = compute();
    this.entries.delete(key);
    this.entries.set(key, { snapshot, version: snapshot.version, side });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return side;
  }

  /** A Float64Array of `rows` entries to compute into; its contents are overwritten by the next call. */
  scratch(rows: number): Float64Array {
    if (this.scratchArray?.length !== rows) this.scratchArray = new Float64Array(rows);
    return this.scratchArray;
  }
}
