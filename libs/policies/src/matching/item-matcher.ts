import { createHash } from 'node:crypto';
import { canonicalJson } from '@app/core';
import {
  calculateBenefit, compileRule, CompiledPredicate, ConditionExplanation, EnterpriseProfile, evaluateWithNearMiss, explainRuleSync, FormatOptions, isAll, isLeaf,
  NearMiss, RuleCondition,
} from '@app/rules';
import type { ItemVersionView } from '../policy/policy.types';
import { ENTERPRISE_REGISTRY } from '../policy/policy.validation';

export interface MatchOutcome {
  outcome: 'eligible' | 'near_miss';
  /**
   * The values of the facts the rule uses, as matched. With the immutable rule version they
   * reproduce the per-condition reasons exactly (see `explain`), so the text is rendered on read.
   */
  facts: Record<string, unknown>;
  nearMiss: NearMiss | null;
  estimateFen: number;
  estimateText: string;
}

const NUMERIC_TYPES = new Set(['money', 'integer', 'number']);
const THRESHOLD_OPERATORS = new Set(['greaterThan', 'greaterThanInclusive', 'lessThan', 'lessThanInclusive', 'between']);

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
  /** The rule's top-level conjuncts (through `all` only), compiled, and which of them could be a near miss. */
  private readonly conjuncts: CompiledPredicate[];
  private readonly nearMissCandidates: boolean[];

  constructor(
    readonly version: ItemVersionView,
    readonly asOf: string,
  ) {
    const ctx = { asOf };
    this.predicate = compileRule(version.rule, ENTERPRISE_REGISTRY, ctx);
    const conjuncts: RuleCondition[] = [];
    const collect = (n: RuleCondition) => (isAll(n) ? n.all.forEach(collect) : conjuncts.push(n));
    collect(version.rule);
    this.conjuncts = conjuncts.map((c) => compileRule(c, ENTERPRISE_REGISTRY, ctx));
    this.nearMissCandidates = conjuncts.map(
      (c) => isLeaf(c) && NUMERIC_TYPES.has(ENTERPRISE_REGISTRY.get(c.fact)?.type ?? '') && THRESHOLD_OPERATORS.has(c.operator),
    );
  }

  /**
   * Cheap pre-check before the full near-miss analysis: exactly one conjunct fails and it is a
   * numeric threshold. Most firms fail two or more conditions and stop here.
   */
  private singleNumericFailure(profile: EnterpriseProfile): boolean {
    let failing = -1;
    for (let i = 0; i < this.conjuncts.length; i++) {
      if (!this.conjuncts[i](profile)) {
        if (failing >= 0 || !this.nearMissCandidates[i]) return false;
        failing = i;
      }
    }
    return failing >= 0;
  }

  private usedFacts(profile: EnterpriseProfile): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const f of this.version.factsUsed) out[f] = profile[f] ?? null;
    return out;
  }

  /** Per-condition reasons in Chinese: "营业收入 3,200万元，要求不低于 5,000万元 — 不满足". */
  explain(profile: EnterpriseProfile, options: FormatOptions = {}): ConditionExplanation[] {
    return explainRuleSync(this.version.rule, ENTERPRISE_REGISTRY, profile, { asOf: this.asOf }, { ...options, predicate: this.predicate }).conditions;
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
        facts: this.usedFacts(profile),
        nearMiss: null,
        estimateFen: benefit.amountFen,
        estimateText: benefit.explanation,
      };
    }
    if (!this.singleNumericFailure(profile)) return null;
    const nm = evaluateWithNearMiss(this.version.rule, ENTERPRISE_REGISTRY, profile, ctx, { margin: NEAR_MISS_MARGIN });
    if (!nm.nearMiss) return null;
    return {
      outcome: 'near_miss',
      facts: this.usedFacts(profile),
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
