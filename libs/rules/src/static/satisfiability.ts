import type { FactDefinition } from '@app/contracts';
import { toDayNumber, yearsSinceCutoff } from '../facts/day-number';
import type { FactRegistry } from '../facts/fact-registry';
import { isIntegerFact } from '../facts/fact-registry';
import { codePrefixes } from '../operators/code-prefix';
import { isAll, isAny, isLeaf, LeafCondition, RuleCondition } from '../rule/rule.types';
import { unsupportedOperator } from '../operators/operator-catalog';

/**
 * Static checks (no profile needed). The answers are conservative: "unsatisfiable" / "no" only
 * when it is provable from interval, enum, value-set, prefix and tag reasoning; anything the
 * checker does not model is treated as possibly true.
 */
export type Overlap = 'no' | 'maybe';

export interface StaticCheckOptions {
  /** Needed to place 成立满N年 conditions on the calendar; without it they are ignored. */
  asOf?: string;
  /** Larger rules are not expanded (answer: satisfiable / 'maybe'). */
  maxTerms?: number;
}

interface Literal {
  leaf: LeafCondition;
  negated: boolean;
}

/** 营业收入 > 1亿 且 < 5000万: can no firm ever satisfy this rule? */
export function isUnsatisfiable(rule: RuleCondition, registry: FactRegistry, options: StaticCheckOptions = {}): boolean {
  const terms = toDnf(rule, false, options.maxTerms ?? 512);
  if (terms === undefined) return false;
  return terms.every((term) => termUnsatisfiable(term, registry, options));
}

/** 不重复享受: can one firm be eligible for both policies? 'no' only when provably disjoint. */
export function canBothBeTrue(a: RuleCondition, b: RuleCondition, registry: FactRegistry, options: StaticCheckOptions = {}): Overlap {
  return isUnsatisfiable({ all: [a, b] }, registry, options) ? 'no' : 'maybe';
}

/** Disjunctive normal form with `not` pushed to the leaves; undefined when it would exceed `max`. */
function toDnf(node: RuleCondition, negated: boolean, max: number): Literal[][] | undefined {
  if (isLeaf(node)) return [[{ leaf: node, negated }]];
  if ('not' in node) return toDnf(node.not, !negated, max);
  const children = isAll(node) ? node.all : isAny(node) ? node.any : [];
  const conjunctive = isAll(node) !== negated; // De Morgan: not(any) = all(not …)
  const parts: Literal[][][] = [];
  for (const child of children) {
    const dnf = toDnf(child, negated, max);
    if (!dnf) return undefined;
    parts.push(dnf);
  }
  if (!conjunctive) {
    const union = parts.flat();
    return union.length > max ? undefined : union;
  }
  let product: Literal[][] = [[]];
  for (const dnf of parts) {
    if (product.length * dnf.length > max) return undefined;
    product = product.flatMap((left) => dnf.map((right) => [...left, ...right]));
  }
  return product;
}

/** A negated leaf as the positive leaf it implies when the fact is present, if one exists. */
const COMPLEMENT: Partial<Record<LeafCondition['operator'], LeafCondition['operator']>> = {
  equal: 'notEqual',
  notEqual: 'equal',
  in: 'notIn',
  notIn: 'in',
  lessThan: 'greaterThanInclusive',
  greaterThanInclusive: 'lessThan',
  greaterThan: 'lessThanInclusive',
  lessThanInclusive: 'greaterThan',
  dateBefore: 'dateOnOrAfter',
  dateOnOrAfter: 'dateBefore',
  dateAfter: 'dateOnOrBefore',
  dateOnOrBefore: 'dateAfter',
  yearsSinceAtLeast: 'yearsSinceLessThan',
  yearsSinceLessThan: 'yearsSinceAtLeast',
};

function termUnsatisfiable(term: Literal[], registry: FactRegistry, options: StaticCheckOptions): boolean {
  const byFact = new Map<string, Literal[]>();
  for (const lit of term) byFact.set(lit.leaf.fact, [...(byFact.get(lit.leaf.fact) ?? []), lit]);
  for (const [fact, literals] of byFact) {
    // A fact tested only under `not` may simply be missing, which satisfies every negated leaf.
    if (literals.every((l) => l.negated)) continue;
    const def = registry.require(fact);
    if (def.type === 'tags' ? tagsConflict(literals) : valuesConflict(def, literals, options)) return true;
  }
  return false;
}

function tagsConflict(literals: Literal[]): boolean {
  const required = new Set<string>();
  const forbidden = new Set<string>();
  const anyOf: string[][] = [];
  for (const { leaf, negated } of literals) {
    const tags = typeof leaf.value === 'string' ? [leaf.value] : (leaf.value as string[]);
    const all = leaf.operator !== 'hasAnyTag' || tags.length === 1;
    if (!negated) {
      if (all) tags.forEach((t) => required.add(t));
      else anyOf.push(tags);
    } else if (!all || tags.length === 1) tags.forEach((t) => forbidden.add(t)); // not(any of S) forbids all of S
  }
  return [...required].some((t) => forbidden.has(t)) || anyOf.some((group) => group.every((t) => forbidden.has(t)));
}

/** Present-value constraints of one scalar fact: an interval, a finite candidate set, exclusions, prefixes. */
function valuesConflict(def: FactDefinition, literals: Literal[], options: StaticCheckOptions): boolean {
  const numericLike = def.type === 'number' || def.type === 'money' || def.type === 'integer' || def.type === 'date';
  const integral = isIntegerFact(def) || def.type === 'date';
  let lo = -Infinity;
  let hi = Infinity;
  let candidates: unknown[] | undefined =
    def.type === 'enum' ? (def.allowedValues ?? []).map((a) => a.value) : def.type === 'boolean' ? [true, false] : undefined;
  const excluded: unknown[] = [];
  const prefixGroups: string[][] = [];
  const excludedPrefixes: string[] = [];
  const key = (v: unknown): unknown => (def.type === 'date' ? toDayNumber(v) : v);
  const above = (x: number, inclusive: boolean) => {
    const bound = inclusive ? x : integral ? Math.floor(x) + 1 : x;
    if (bound > lo || (!inclusive && !integral && bound === lo)) lo = bound;
    if (!inclusive && !integral) strictLo.add(x);
  };
  const below = (x: number, inclusive: boolean) => {
    const bound = inclusive ? x : integral ? Math.ceil(x) - 1 : x;
    if (bound < hi) hi = bound;
    if (!inclusive && !integral) strictHi.add(x);
  };
  const strictLo = new Set<number>();
  const strictHi = new Set<number>();
  const restrict = (values: unknown[]) => {
    candidates = candidates === undefined ? values : candidates.filter((c) => values.some((v) => v === c));
  };

  for (const { leaf, negated } of literals) {
    let op: LeafCondition['operator'] | undefined = leaf.operator;
    if (negated) {
      if (op === 'inRegion') {
        excludedPrefixes.push(...codePrefixes(leaf.value as string | string[]));
        continue;
      }
      op = COMPLEMENT[op];
      if (!op) continue; // e.g. not(between): a union of two intervals, not modelled
    }
    const v = leaf.value;
    switch (op) {
      case 'equal':
        restrict([key(v)]);
        break;
      case 'in':
        restrict((v as unknown[]).map(key));
        break;
      case 'notEqual':
        excluded.push(key(v));
        break;
      case 'notIn':
        excluded.push(...(v as unknown[]).map(key));
        break;
      case 'greaterThan':
      case 'dateAfter':
        above(key(v) as number, false);
        break;
      case 'greaterThanInclusive':
      case 'dateOnOrAfter':
        above(key(v) as number, true);
        break;
      case 'lessThan':
      case 'dateBefore':
        below(key(v) as number, false);
        break;
      case 'lessThanInclusive':
      case 'dateOnOrBefore':
        below(key(v) as number, true);
        break;
      case 'between':
        above((v as number[])[0], true);
        below((v as number[])[1], true);
        break;
      case 'yearsSinceAtLeast':
        if (options.asOf) below(toDayNumber(yearsSinceCutoff(options.asOf, v as number)) as number, true);
        break;
      case 'yearsSinceLessThan':
        if (options.asOf) above(toDayNumber(yearsSinceCutoff(options.asOf, v as number)) as number, false);
        break;
      case 'inRegion':
        prefixGroups.push(codePrefixes(v as string | string[]));
        break;
      case 'hasTag':
      case 'hasAnyTag':
      case 'hasAllTags':
        break; // tag facts: tagsConflict
      default:
        unsupportedOperator(op, 'the satisfiability check');
    }
  }

  if (numericLike) {
    if (lo > hi) return true;
    // Real-valued strict bounds meeting at one point: x > 5 and x < 5, or x > 5 and x <= 5.
    if (lo === hi && (strictLo.has(lo) || strictHi.has(hi))) return true;
  }
  const excludedSet = new Set(excluded);
  if (candidates !== undefined) {
    const alive = candidates.filter((c) => {
      if (excludedSet.has(c)) return false;
      if (numericLike && typeof c === 'number') {
        if (c < lo || c > hi) return false;
        if ((strictLo.has(c) && c <= lo) || (strictHi.has(c) && c >= hi)) return false;
      }
      if (typeof c === 'string') {
        if (excludedPrefixes.some((p) => c.startsWith(p))) return false;
        if (!prefixGroups.every((g) => g.some((p) => c.startsWith(p)))) return false;
      }
      return true;
    });
    return alive.length === 0;
  }
  // Integral range fully covered by exclusions (small ranges only).
  if (integral && Number.isFinite(lo) && Number.isFinite(hi) && hi - lo < 1000) {
    let free = false;
    for (let x = lo; x <= hi && !free; x += 1) free = !excludedSet.has(x);
    if (!free) return true;
  }
  if (!numericLike && prefixGroups.length > 0) return prefixesConflict(prefixGroups, excludedPrefixes);
  return false;
}

/** Is there a code matching one prefix of every group and none of the excluded prefixes? */
function prefixesConflict(groups: string[][], excluded: string[]): boolean {
  let choices: string[] = [''];
  for (const group of groups) {
    const next: string[] = [];
    for (const current of choices) {
      for (const p of group) {
        if (p.startsWith(current)) next.push(p);
        else if (current.startsWith(p)) next.push(current);
      }
    }
    choices = [...new Set(next)];
    if (choices.length === 0) return true;
    if (choices.length > 256) return false;
  }
  // A chosen prefix inside an excluded one cannot be satisfied by any code.
  return choices.every((c) => excluded.some((x) => c.startsWith(x)));
}
