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
  rows: number;
  value: unknown;
}

/**
 * What the base side of a what-if yields, for the last few bases asked: the baseline (基准: the
 * item as published, without the leader's overrides) and the rows that meet the base's unchanged
 * conditions. While a leader moves a slider only the scenario side changes; at 1,000,000 firms the
 * baseline's rule, amounts and distributions are half of each answer's work, and re-testing the
 * conditions the slider does not touch most of the other half. An entry holds for one snapshot at
 * one version (EnterpriseSnapshot.version goes up when a refresh applies any row) and for one key
 * (base rule, formula, evaluation date, grouping…), so a changed profile, a rebuilt snapshot or
 * another item version is a miss, never a stale answer.
 *
 * Also lends the engine a scratch amounts array for the scenario side, reused while the snapshot's
 * row count stays (runWhatIf is synchronous and does not return the amounts).
 */
export class BaselineCache {
  private readonly entries = new Map<string, Entry>();
  private scratchArray?: Float64Array;
  hits = 0;
  misses = 0;

  constructor(private readonly capacity = 8) {}

  baseline(snapshot: EnterpriseSnapshot, s: ResolvedScenario, compute: () => EvaluatedSide): EvaluatedSide {
    return this.remember(snapshot, JSON.stringify(['baseline', s.baseRule, s.baseFormula, s.asOf, s.groupBy, s.industryLevel]), compute);
  }

  /** `compute()` once per key while the snapshot and its version stay; least recently used out first. */
  remember<T>(snapshot: EnterpriseSnapshot, key: string, compute: () => T): T {
    const found = this.entries.get(key);
    if (found && found.snapshot === snapshot && found.version === snapshot.version && found.rows === snapshot.rowCount) {
      this.hits += 1;
      this.entries.delete(key); // most recently used last
      this.entries.set(key, found);
      return found.value as T;
    }
    this.misses += 1;
    const value = compute();
    this.entries.delete(key);
    this.entries.set(key, { snapshot, version: snapshot.version, rows: snapshot.rowCount, value });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }

  /** A Float64Array of `rows` entries to compute into; its contents are overwritten by the next call. */
  scratch(rows: number): Float64Array {
    if (this.scratchArray?.length !== rows) this.scratchArray = new Float64Array(rows);
    return this.scratchArray;
  }
}
