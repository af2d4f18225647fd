import type { estypes } from '@elastic/elasticsearch';
import type { FactDefinition } from '@app/contracts';
import { yearsSinceCutoff } from '../facts/day-number';
import type { FactRegistry } from '../facts/fact-registry';
import { codePrefixes } from '../operators/code-prefix';
import { EvaluationContext, isAll, isAny, isLeaf, LeafCondition, RuleCondition } from '../rule/rule.types';
import { unsupportedOperator } from '../operators/operator-catalog';

export type EsQuery = estypes.QueryDslQueryContainer;

const DATE_FORMAT = 'yyyy-MM-dd';

/**
 * Compiles a validated rule to an Elasticsearch bool query (filter context, no scoring). Every
 * leaf query matches only documents that have the field, so `must_not: [leaf]` is TRUE for a
 * document missing the fact — the same meaning as the other evaluators. The "negative" leaves
 * (notEqual, notIn) therefore carry an explicit `exists` filter.
 */
export function compileToEsQuery(rule: RuleCondition, registry: FactRegistry, ctx: EvaluationContext): EsQuery {
  if (isAll(rule)) return { bool: { filter: rule.all.map((c) => compileToEsQuery(c, registry, ctx)) } };
  if (isAny(rule)) return { bool: { should: rule.any.map((c) => compileToEsQuery(c, registry, ctx)), minimum_should_match: 1 } };
  if (isLeaf(rule)) return leafQuery(rule, registry.require(rule.fact), ctx);
  return { bool: { must_not: [compileToEsQuery(rule.not, registry, ctx)] } };
}

function present(field: string, excluded: EsQuery): EsQuery {
  return { bool: { filter: [{ exists: { field } }], must_not: [excluded] } };
}

function range(field: string, bounds: estypes.QueryDslNumberRangeQuery | estypes.QueryDslDateRangeQuery, isDate: boolean): EsQuery {
  return { range: { [field]: isDate ? { ...bounds, format: DATE_FORMAT } : bounds } as Record<string, estypes.QueryDslRangeQuery> };
}

function leafQuery(leaf: LeafCondition, def: FactDefinition, ctx: EvaluationContext): EsQuery {
  const field = def.key;
  const isDate = def.type === 'date';
  const v = leaf.value;
  // Dates are compared by range even for equality so the format applies to the value.
  const equal = (x: unknown): EsQuery =>
    isDate ? range(field, { gte: x as string, lte: x as string }, true) : { term: { [field]: { value: x as estypes.FieldValue } } };
  switch (leaf.operator) {
    case 'equal':
      return equal(v);
    case 'notEqual':
      return present(field, equal(v));
    case 'lessThan':
    case 'dateBefore':
      return range(field, { lt: v as number }, isDate);
    case 'lessThanInclusive':
    case 'dateOnOrBefore':
      return range(field, { lte: v as number }, isDate);
    case 'greaterThan':
    case 'dateAfter':
      return range(field, { gt: v as number }, isDate);
    case 'greaterThanInclusive':
    case 'dateOnOrAfter':
      return range(field, { gte: v as number }, isDate);
    case 'between':
      return range(field, { gte: (v as number[])[0], lte: (v as number[])[1] }, false);
    case 'in':
      return { terms: { [field]: [...(v as estypes.FieldValue[])] } };
    case 'notIn':
      return present(field, { terms: { [field]: [...(v as estypes.FieldValue[])] } });
    case 'yearsSinceAtLeast':
      return range(field, { lte: yearsSinceCutoff(ctx.asOf, v as number) }, true);
    case 'yearsSinceLessThan':
      return range(field, { gt: yearsSinceCutoff(ctx.asOf, v as number) }, true);
    case 'hasTag':
      return { term: { [field]: { value: v as string } } };
    case 'hasAnyTag':
      return { terms: { [field]: [...(v as string[])] } };
    case 'hasAllTags':
      return { bool: { filter: (v as string[]).map((t) => ({ term: { [field]: { value: t } } })) } };
    case 'inRegion': {
      const prefixes = codePrefixes(v as string | string[]).map((p): EsQuery => ({ prefix: { [field]: { value: p } } }));
      return prefixes.length === 1 ? prefixes[0] : { bool: { should: prefixes, minimum_should_match: 1 } };
    }
    default:
      return unsupportedOperator(leaf.operator, 'Elasticsearch');
  }
}
