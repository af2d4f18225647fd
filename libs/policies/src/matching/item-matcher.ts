import { createHash } from 'node:crypto';
import { canonicalJson } from '@app/core';
import { calculateBenefit, compileRule, CompiledPredicate, ConditionExplanation, EnterpriseProfile, evaluateWithNearMiss, explainRuleSync, NearMiss } from '@app/rules';
import type { ItemVersionView } from '../policy/policy.types';
import { ENTERPRISE_REGISTRY } from '../policy/policy.validation';

export interface MatchOutcome {
  outcome: 'eligible' | 'near_miss';
  reasons: ConditionExplanation[];
  nearMiss: NearMiss | null;
  estimateFen: number;
  estimateText: string;
}

/** Relative gap still called "almost eligible" (差一点符合). */
export const NEAR_MISS_MARGIN = 0.2;

export function factsDigest(facts: unknown): string {
  return createHash('sha256').update(canonicalJson(facts)).digest('hex').slice(0, 32);
}

/**
 * One published item version compiled once, evaluated against many profiles: eligible (with the
 * per-condition reasons and the estimated amount), near miss (with what is lacking), or nothing.
 */
export class ItemMatcher {
  private readonly predicate: CompiledPredicate;
  private readonly hasNumericLeaf: boolean;

  constructor(
    readonly version: ItemVersionView,
    readonly asOf: string,
  ) {
    this.predicate = compileRule(version.rule, ENTERPRISE_REGISTRY, { asOf });
    this.hasNumericLeaf = version.factsUsed.some((f) => ['money', 'integer', 'number'].includes(ENTERPRISE_REGISTRY.get(f)?.type ?? ''));
  }

  /** Cheap verdict only (bulk paths that need no reasons). */
  test(profile: EnterpriseProfile): boolean {
    return this.predicate(profile);
  }

  evaluate(profile: EnterpriseProfile): MatchOutcome | null {
    const ctx = { asOf: this.asOf };
    if (this.predicate(profile)) {
      const benefit = calculateBenefit(this.version.formula, profile, ENTERPRISE_REGISTRY);
      return {
        outcome: 'eligible',
        reasons: explainRuleSync(this.version.rule, ENTERPRISE_REGISTRY, profile, ctx, { predicate: this.predicate }).conditions,
        nearMiss: null,
        estimateFen: benefit.amountFen,
        estimateText: benefit.explanation,
      };
    }
    if (!this.hasNumericLeaf) return null;
    const nm = evaluateWithNearMiss(this.version.rule, ENTERPRISE_REGISTRY, profile, ctx, { margin: NEAR_MISS_MARGIN });
    if (!nm.nearMiss) return null;
    return {
      outcome: 'near_miss',
      reasons: explainRuleSync(this.version.rule, ENTERPRISE_REGISTRY, profile, ctx, { predicate: this.predicate }).conditions,
      nearMiss: nm.nearMiss,
      estimateFen: 0,
      estimateText: `尚差：${nm.nearMiss.gapText}`,
    };
  }
}

/** Compiled matchers by version id: versions are immutable once published, so they never go stale. */
export class MatcherCache {
  private readonly cache = new Map<string, ItemMatcher>();

  get(version: ItemVersionView, asOf: string): ItemMatcher {
    const key = `${version.id}@${asOf}`;
    let m = this.cache.get(key);
    if (!m) {
      if (this.cache.size > 20_000) this.cache.clear();
      m = new ItemMatcher(version, asOf);
      this.cache.set(key, m);
    }
    return m;
  }
}

/** Today in China (UTC+8), as the date rules are evaluated on. */
export function todayInChina(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
