import type { FactDefinition } from '@app/contracts';
import { yearsSinceCutoff } from '../facts/day-number';
import type { FactRegistry } from '../facts/fact-registry';
import { EnterpriseProfile, readFact } from '../facts/fact-value';
import { FormatOptions, formatCode, formatFactValue, formatValueList } from '../format/fact-format';
import { buildOperatorSemantics, OperatorSemantics } from '../operators/operators';
import { compileRule } from '../compiled/compile';
import { ReferenceEvaluator } from '../reference/reference.evaluator';
import { EvaluationContext, isAll, isAny, isLeaf, LeafCondition, RuleCondition, RuleOperator } from '../rule/rule.types';

/** One leaf of the rule, as shown to the applicant: 营业收入 3,200万元，要求不低于 5,000万元 — 不满足. */
export interface ConditionExplanation {
  pointer: string;
  fact: string;
  label: string;
  passed: boolean;
  missing: boolean;
  /** Set when the leaf sits under a `not`: the leaf's own result is shown, the group inverts it. */
  negated: boolean;
  text: string;
}

export interface RuleExplanation {
  eligible: boolean;
  conditions: ConditionExplanation[];
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

/** The requirement half of a line: "要求不低于 5,000万元". */
export function describeRequirement(def: FactDefinition, leaf: LeafCondition, ctx: EvaluationContext, options: FormatOptions = {}): string {
  const one = (v: unknown) => formatFactValue(def, v, options);
  const list = () => formatValueList(def, asList(leaf.value), options);
  const v = leaf.value;
  const phrases: Record<RuleOperator, () => string> = {
    equal: () => `要求为 ${one(v)}`,
    notEqual: () => `要求不为 ${one(v)}`,
    lessThan: () => `要求低于 ${one(v)}`,
    lessThanInclusive: () => `要求不高于 ${one(v)}`,
    greaterThan: () => `要求高于 ${one(v)}`,
    greaterThanInclusive: () => `要求不低于 ${one(v)}`,
    between: () => `要求介于 ${one((v as number[])[0])} 至 ${one((v as number[])[1])} 之间（含）`,
    in: () => `要求属于 ${list()} 之一`,
    notIn: () => `要求不属于 ${list()}`,
    dateBefore: () => `要求早于 ${String(v)}`,
    dateAfter: () => `要求晚于 ${String(v)}`,
    dateOnOrAfter: () => `要求不早于 ${String(v)}`,
    dateOnOrBefore: () => `要求不晚于 ${String(v)}`,
    yearsSinceAtLeast: () => `要求截至 ${ctx.asOf} 成立满 ${String(v)} 年（${yearsSinceCutoff(ctx.asOf, v as number)} 及以前成立）`,
    yearsSinceLessThan: () => `要求截至 ${ctx.asOf} 成立不满 ${String(v)} 年（${yearsSinceCutoff(ctx.asOf, v as number)} 以后成立）`,
    hasTag: () => `要求具有标签 ${list()}`,
    hasAnyTag: () => `要求具有标签 ${list()} 中的任意一个`,
    hasAllTags: () => `要求同时具有标签 ${list()}`,
    inRegion: () => `要求${def.format === 'industry' ? '属于行业' : '位于'} ${asList(v).map((c) => formatCode(String(c), options)).join('、')}`,
  };
  return phrases[leaf.operator]();
}

export function explainLeaf(
  def: FactDefinition,
  leaf: LeafCondition,
  profile: EnterpriseProfile,
  ctx: EvaluationContext,
  semantics: Record<RuleOperator, OperatorSemantics>,
  options: FormatOptions = {},
): Omit<ConditionExplanation, 'pointer' | 'negated'> {
  const value = readFact(profile, def);
  const missing = value === undefined;
  const passed = semantics[leaf.operator](value, leaf.value);
  const text = `${def.label} ${formatFactValue(def, value, options)}，${describeRequirement(def, leaf, ctx, options)} — ${passed ? '满足' : '不满足'}`;
  return { fact: def.key, label: def.label, passed, missing, text };
}

/**
 * Explains every leaf (not only the first failing one: json-rules-engine short-circuits, and an
 * applicant wants the whole list). The verdict comes from the reference engine.
 */
export async function explainRule(
  rule: RuleCondition,
  registry: FactRegistry,
  profile: EnterpriseProfile,
  ctx: EvaluationContext,
  options: FormatOptions = {},
): Promise<RuleExplanation> {
  const eligible = await new ReferenceEvaluator(rule, registry, ctx).evaluate(profile);
  return { eligible, conditions: explainConditions(rule, registry, profile, ctx, options) };
}

/**
 * The same explanation with the verdict from the compiled predicate (equal to the reference by
 * property test): synchronous, for bulk matching where the reference engine is too slow.
 */
export function explainRuleSync(
  rule: RuleCondition,
  registry: FactRegistry,
  profile: EnterpriseProfile,
  ctx: EvaluationContext,
  options: FormatOptions & { predicate?: (p: EnterpriseProfile) => boolean } = {},
): RuleExplanation {
  const predicate = options.predicate ?? compileRule(rule, registry, ctx);
  return { eligible: predicate(profile), conditions: explainConditions(rule, registry, profile, ctx, options) };
}

const semanticsCache = new Map<string, Record<RuleOperator, OperatorSemantics>>();

function explainConditions(
  rule: RuleCondition,
  registry: FactRegistry,
  profile: EnterpriseProfile,
  ctx: EvaluationContext,
  options: FormatOptions,
): ConditionExplanation[] {
  let semantics = semanticsCache.get(ctx.asOf);
  if (!semantics) {
    semantics = buildOperatorSemantics(ctx);
    if (semanticsCache.size > 64) semanticsCache.clear();
    semanticsCache.set(ctx.asOf, semantics);
  }
  const sem = semantics;
  const conditions: ConditionExplanation[] = [];
  const visit = (node: RuleCondition, pointer: string, negated: boolean): void => {
    if (isLeaf(node)) {
      const def = registry.require(node.fact);
      const line = explainLeaf(def, node, profile, ctx, sem, options);
      // Under a `not` the leaf is an exclusion (排除条件): meeting it disqualifies.
      const text = negated ? `${line.text}（排除条件：满足此项则不符合）` : line.text;
      conditions.push({ pointer, negated, ...line, text });
    } else if (isAll(node)) node.all.forEach((c, i) => visit(c, `${pointer}/all/${i}`, negated));
    else if (isAny(node)) node.any.forEach((c, i) => visit(c, `${pointer}/any/${i}`, negated));
    else visit(node.not, `${pointer}/not`, !negated);
  };
  visit(rule, '', false);
  return conditions;
}
