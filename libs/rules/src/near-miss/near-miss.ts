import type { FactDefinition } from '@app/contracts';
import { compileRule } from '../compiled/compile';
import type { FactRegistry } from '../facts/fact-registry';
import { isIntegerFact, isNumericFact } from '../facts/fact-registry';
import { EnterpriseProfile, readFact } from '../facts/fact-value';
import { formatFactValue } from '../format/fact-format';
import { EvaluationContext, isAll, LeafCondition, RuleCondition } from '../rule/rule.types';
import { unsupportedOperator } from '../operators/operator-catalog';

export interface NearMiss {
  fact: string;
  label: string;
  /** How far the firm's value is from passing, in the fact's unit (fen for money); always > 0. */
  gap: number;
  /** 'short': the value must rise by `gap` (差); 'over': it must fall by `gap` (超出). */
  direction: 'short' | 'over';
  gapText: string;
}

export interface NearMissResult {
  eligible: boolean;
  nearMiss?: NearMiss;
}

export interface NearMissOptions {
  /** Largest gap, relative to the threshold's magnitude, still called "almost" (0.2 = 20%). */
  margin: number;
}

/**
 * 差一点符合 — "almost eligible", defined conservatively:
 * the rule's conjuncts are the children reached from the root through `all` groups only (a root
 * that is not `all` is a single conjunct). A near miss exists when exactly one conjunct fails, that
 * conjunct is itself a leaf on a money/integer/number fact with a threshold operator
 * (>, ≥, <, ≤, between), the fact is present, and the distance to passing is at most
 * `margin × |threshold|`. Any failure inside an `any` or `not` group is never a near miss: what
 * the firm lacks there is not one number.
 */
export function evaluateWithNearMiss(
  rule: RuleCondition,
  registry: FactRegistry,
  profile: EnterpriseProfile,
  ctx: EvaluationContext,
  options: NearMissOptions = { margin: 0.2 },
): NearMissResult {
  const conjuncts: RuleCondition[] = [];
  const collect = (node: RuleCondition) => (isAll(node) ? node.all.forEach(collect) : conjuncts.push(node));
  collect(rule);
  const failing = conjuncts.filter((c) => !compileRule(c, registry, ctx)(profile));
  if (failing.length === 0) return { eligible: true };
  if (failing.length > 1 || !('fact' in failing[0])) return { eligible: false };
  const leaf = failing[0];
  const def = registry.require(leaf.fact);
  const value = readFact(profile, def);
  if (!isNumericFact(def) || typeof value !== 'number') return { eligible: false };
  const gap = gapToPass(leaf, def, value);
  if (!gap || gap.amount > options.margin * Math.abs(gap.threshold) || gap.amount <= 0) return { eligible: false };
  const amountText = formatFactValue(def, gap.amount);
  return {
    eligible: false,
    nearMiss: {
      fact: def.key,
      label: def.label,
      gap: gap.amount,
      direction: gap.direction,
      gapText: `${def.label}${gap.direction === 'short' ? '差' : '超出'} ${amountText}`,
    },
  };
}

interface Gap {
  amount: number;
  threshold: number;
  direction: 'short' | 'over';
}

/** Smallest change that makes the leaf pass; for integer facts a strict bound needs one more unit. */
function gapToPass(leaf: LeafCondition, def: FactDefinition, value: number): Gap | undefined {
  const step = isIntegerFact(def) ? 1 : 0;
  const v = leaf.value;
  switch (leaf.operator) {
    case 'greaterThanInclusive':
      return { amount: (v as number) - value, threshold: v as number, direction: 'short' };
    case 'greaterThan':
      // For a real-valued fact "more than x" has no smallest passing value; the gap to x is shown.
      return { amount: (v as number) + step - value, threshold: v as number, direction: 'short' };
    case 'lessThanInclusive':
      return { amount: value - (v as number), threshold: v as number, direction: 'over' };
    case 'lessThan':
      return { amount: value - (v as number) + step, threshold: v as number, direction: 'over' };
    case 'between': {
      const [lo, hi] = v as number[];
      return value < lo ? { amount: lo - value, threshold: lo, direction: 'short' } : { amount: value - hi, threshold: hi, direction: 'over' };
    }
    // No numeric distance to passing: not a near miss.
    case 'equal':
    case 'notEqual':
    case 'in':
    case 'notIn':
    case 'dateBefore':
    case 'dateAfter':
    case 'dateOnOrAfter':
    case 'dateOnOrBefore':
    case 'yearsSinceAtLeast':
    case 'yearsSinceLessThan':
    case 'hasTag':
    case 'hasAnyTag':
    case 'hasAllTags':
    case 'inRegion':
      return undefined;
    default:
      return unsupportedOperator(leaf.operator, 'a near miss');
  }
}
