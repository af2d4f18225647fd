import { yearsSinceCutoff } from '../facts/day-number';
import type { EvaluationContext, RuleOperator } from '../rule/rule.types';
import { codePrefixes } from './code-prefix';

/**
 * Scalar semantics of every operator, written plainly: this is what the reference evaluator
 * registers in json-rules-engine, and therefore the meaning every other evaluator must reproduce.
 * A missing fact (undefined) makes every operator false — including notEqual and notIn — so
 * "not(leaf)" is true for a firm that did not report the fact, in all four evaluators.
 *
 * Dates are compared as YYYY-MM-DD strings here (lexical order is calendar order); the compiled
 * and columnar evaluators use day numbers, which keeps the property tests independent.
 */
export type OperatorSemantics = (factValue: unknown, value: unknown) => boolean;

const present = (v: unknown): boolean => v !== undefined && v !== null;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
const tagList = (v: unknown): string[] => (Array.isArray(v) ? v.filter(isStr) : []);

export function buildOperatorSemantics(ctx: EvaluationContext): Record<RuleOperator, OperatorSemantics> {
  return {
    equal: (f, v) => present(f) && f === v,
    notEqual: (f, v) => present(f) && f !== v,
    lessThan: (f, v) => isNum(f) && f < (v as number),
    lessThanInclusive: (f, v) => isNum(f) && f <= (v as number),
    greaterThan: (f, v) => isNum(f) && f > (v as number),
    greaterThanInclusive: (f, v) => isNum(f) && f >= (v as number),
    in: (f, v) => present(f) && asList(v).includes(f),
    notIn: (f, v) => present(f) && !asList(v).includes(f),
    between: (f, v) => isNum(f) && f >= (v as number[])[0] && f <= (v as number[])[1],
    dateBefore: (f, v) => isStr(f) && f < (v as string),
    dateAfter: (f, v) => isStr(f) && f > (v as string),
    dateOnOrAfter: (f, v) => isStr(f) && f >= (v as string),
    dateOnOrBefore: (f, v) => isStr(f) && f <= (v as string),
    // 成立满N年: periods in years end as the Civil Code says (民法典第二百零二条) — a firm founded on
    // 29 February completes a year on 28 February of a common year. See yearsSinceCutoff.
    yearsSinceAtLeast: (f, v) => isStr(f) && f <= yearsSinceCutoff(ctx.asOf, v as number),
    yearsSinceLessThan: (f, v) => isStr(f) && f > yearsSinceCutoff(ctx.asOf, v as number),
    hasTag: (f, v) => tagList(f).includes(v as string),
    hasAnyTag: (f, v) => {
      const tags = tagList(f);
      return asList(v).some((t) => tags.includes(t as string));
    },
    hasAllTags: (f, v) => {
      const tags = tagList(f);
      return tags.length > 0 && asList(v).every((t) => tags.includes(t as string));
    },
    inRegion: (f, v) => isStr(f) && codePrefixes(v as string | string[]).some((p) => f.startsWith(p)),
  };
}
