import { createHash } from 'node:crypto';
import { canonicalJson } from '@app/core';
import {
  BenefitResult, calculateBenefit, ColumnarPredicate, ColumnStore, compileColumnar, compileRule, forEachRow, fullBitset, hasRow, CompiledPredicate, ConditionExplanation, EnterpriseProfile, evaluateWithNearMiss, explainRuleSync, FormatOptions, isAll, isLeaf,
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

const NO_FACTS: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/** Relative gap still called "almost eligible" (差一点符合). */
export const NEAR_MISS_MARGIN = 0.2;

export function factsDigest(facts: unknown): string {
  return createHash('sha256').update(canonicalJson(facts)).digest('hex').slice(0, 32);
}

/** Benefit results per formula (canonical JSON) and value of its fact: the same inputs always give the same amount and text. */
const benefitCache = new Map<string, Map<unknown, BenefitResult>>();
const BENEFIT_CACHE_VALUES = 20_000;

function benefitTable(formula: ItemVersionView['formula']): Map<unknown, BenefitResult> {
  const key = canonicalJson(formula);
  let t = benefitCache.get(key);
  if (!t) {
    if (benefitCache.size > 5_000) benefitCache.clear();
    t = new Map();
    benefitCache.set(key, t);
  }
  return t;
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
  private readonly benefits: Map<unknown, BenefitResult>;
  private readonly conjunctRules: RuleCondition[];
  /** Column-at-a-time forms, compiled on first bulk use: the whole rule, and per near-miss candidate the rule without it. */
  private columnar?: { all: ColumnarPredicate; without: Array<ColumnarPredicate | null> } | null;

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
    this.benefits = benefitTable(version.formula);
    this.conjunctRules = conjuncts;
  }

  private compileColumnar(): { all: ColumnarPredicate; without: Array<ColumnarPredicate | null> } | null {
    if (this.columnar !== undefined) return this.columnar;
    const ctx = { asOf: this.asOf };
    try {
      this.columnar = {
        all: compileColumnar(this.version.rule, ENTERPRISE_REGISTRY, ctx),
        // With a single conjunct, "all the others pass" holds for every row (null: the full set).
        without: this.conjunctRules.map((_, i) => {
          if (!this.nearMissCandidates[i]) return null;
          const rest = this.conjunctRules.filter((__, j) => j !== i);
          return rest.length ? compileColumnar({ all: rest }, ENTERPRISE_REGISTRY, ctx) : null;
        }),
      };
    } catch {
      this.columnar = null; // an operator the columnar engine lacks: row-at-a-time below
    }
    return this.columnar;
  }

  /**
   * `evaluate` over every row of a column store built from `profiles` (same order), calling `emit`
   * for each eligible or near-miss row. Verdicts come a 32-row word at a time; only the rows that
   * match, and the rows that fail exactly one numeric threshold, are looked at one by one. Same
   * outcomes as calling `evaluate` per profile, except that `facts` is left empty: bulk writes record
   * the firm's profile version and facts digest instead (the facts are in the profile history).
   */
  evaluateStore(store: ColumnStore, profiles: readonly EnterpriseProfile[], emit: (row: number, outcome: MatchOutcome) => void): void {
    const c = this.compileColumnar();
    if (!c) {
      profiles.forEach((p, row) => {
        const o = this.evaluate(p);
        if (o) emit(row, o);
      });
      return;
    }
    const eligible = c.all(store);
    forEachRow(eligible, (row) => emit(row, this.eligibleOutcome(profiles[row], false)));
    for (let i = 0; i < c.without.length; i++) {
      if (!this.nearMissCandidates[i]) continue;
      const others = c.without[i];
      // Rows passing every other conjunct but not the rule fail exactly conjunct i.
      const failsOnlyThis = others ? others(store) : fullBitset(store.rowCount);
      forEachRow(failsOnlyThis, (row) => {
        if (hasRow(eligible, row)) return;
        const o = this.nearMissOutcome(profiles[row], false);
        if (o) emit(row, o);
      });
    }
  }

  /**
   * The estimate depends only on the formula and the value of its one fact, so it is computed once
   * per distinct value (amount and explanation text alike).
   */
  private benefit(profile: EnterpriseProfile): BenefitResult {
    const formula = this.version.formula;
    // A non-own or non-number value reads as missing; key those by type so they never collide with numbers.
    const raw = formula.kind === 'fixed' ? null : Object.prototype.hasOwnProperty.call(profile, formula.fact) ? profile[formula.fact] : undefined;
    const key = typeof raw === 'number' || raw === null || raw === undefined ? raw : `${typeof raw}:${JSON.stringify(raw)}`;
    let b = this.benefits.get(key);
    if (!b) {
      b = calculateBenefit(formula, profile, ENTERPRISE_REGISTRY);
      if (this.benefits.size >= BENEFIT_CACHE_VALUES) this.benefits.clear();
      this.benefits.set(key, b);
    }
    return b;
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
    if (this.predicate(profile)) return this.eligibleOutcome(profile);
    if (!this.singleNumericFailure(profile)) return null;
    return this.nearMissOutcome(profile);
  }

  private eligibleOutcome(profile: EnterpriseProfile, withFacts = true): MatchOutcome {
    const benefit = this.benefit(profile);
    return {
      outcome: 'eligible',
      facts: withFacts ? this.usedFacts(profile) : NO_FACTS,
      nearMiss: null,
      estimateFen: benefit.amountFen,
      estimateText: benefit.explanation,
    };
  }

  /** The full near-miss analysis, for a profile that fails exactly one numeric threshold. */
  private nearMissOutcome(profile: EnterpriseProfile, withFacts = true): MatchOutcome | null {
    const nm = evaluateWithNearMiss(this.version.rule, ENTERPRISE_REGISTRY, profile, { asOf: this.asOf }, { margin: NEAR_MISS_MARGIN });
    if (!nm.nearMiss) return null;
    return {
      outcome: 'near_miss',
      facts: withFacts ? this.usedFacts(profile) : NO_FACTS,
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
