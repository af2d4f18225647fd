import type { FactDefinition } from '@app/contracts';
import { yearsSinceCutoff } from '../facts/day-number';
import type { FactRegistry } from '../facts/fact-registry';
import { codePrefixes } from '../operators/code-prefix';
import { EvaluationContext, isAll, isAny, isLeaf, LeafCondition, RuleCondition } from '../rule/rule.types';
import { unsupportedOperator } from '../operators/operator-catalog';

export interface SqlCompileOptions {
  /** Number of parameters already used by the surrounding query: the first one emitted is $(offset+1). */
  paramOffset?: number;
  /** Alias of enterprise.enterprises in the surrounding query, e.g. `e`. */
  tableAlias?: string;
}

export interface SqlFragment {
  where: string;
  params: unknown[];
}

const SAFE_ALIAS = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Compiles a validated rule to a parameterized WHERE for PostgreSQL. Rule values only ever travel
 * as parameters; identifiers only ever come from the registry (checked by FactRegistry) and are
 * quoted. Each leaf is wrapped in `IS TRUE`, so a NULL column makes the leaf FALSE rather than
 * NULL and `NOT` above it yields TRUE — the same three-valued-logic-free meaning as the others.
 */
export function compileToSql(rule: RuleCondition, registry: FactRegistry, ctx: EvaluationContext, options: SqlCompileOptions = {}): SqlFragment {
  const params: unknown[] = [];
  const offset = options.paramOffset ?? 0;
  const alias = options.tableAlias;
  if (alias !== undefined && !SAFE_ALIAS.test(alias)) throw new Error(`unsafe table alias: ${alias}`);
  const param = (value: unknown, cast: string): string => {
    params.push(value);
    return `$${offset + params.length}::${cast}`;
  };
  const column = (def: FactDefinition): string => (alias ? `"${alias}"."${def.column}"` : `"${def.column}"`);

  const visit = (node: RuleCondition): string => {
    if (isAll(node)) return node.all.length === 1 ? visit(node.all[0]) : `(${node.all.map(visit).join(' AND ')})`;
    if (isAny(node)) return node.any.length === 1 ? visit(node.any[0]) : `(${node.any.map(visit).join(' OR ')})`;
    if (isLeaf(node)) {
      const def = registry.require(node.fact);
      return `(${leafSql(node, def, column(def), param, ctx)}) IS TRUE`;
    }
    return `(NOT ${visit(node.not)})`;
  };
  return { where: visit(rule), params };
}

type Param = (value: unknown, cast: string) => string;

function scalarCast(def: FactDefinition): string {
  switch (def.type) {
    case 'money':
    case 'integer':
      return 'bigint';
    case 'number':
      return 'double precision';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    default:
      return 'text';
  }
}

function leafSql(leaf: LeafCondition, def: FactDefinition, col: string, param: Param, ctx: EvaluationContext): string {
  const cast = scalarCast(def);
  const v = leaf.value;
  switch (leaf.operator) {
    case 'equal':
      return `${col} = ${param(v, cast)}`;
    case 'notEqual':
      return `${col} <> ${param(v, cast)}`;
    case 'lessThan':
    case 'dateBefore':
      return `${col} < ${param(v, cast)}`;
    case 'lessThanInclusive':
    case 'dateOnOrBefore':
      return `${col} <= ${param(v, cast)}`;
    case 'greaterThan':
    case 'dateAfter':
      return `${col} > ${param(v, cast)}`;
    case 'greaterThanInclusive':
    case 'dateOnOrAfter':
      return `${col} >= ${param(v, cast)}`;
    case 'between': {
      const [lo, hi] = v as number[];
      return `${col} BETWEEN ${param(lo, cast)} AND ${param(hi, cast)}`;
    }
    case 'in':
      return `${col} = ANY(${param([...(v as unknown[])], `${cast}[]`)})`;
    case 'notIn':
      return `${col} <> ALL(${param([...(v as unknown[])], `${cast}[]`)})`;
    case 'yearsSinceAtLeast':
      // The cutoff is computed in JS by the function every evaluator shares (leap days included).
      return `${col} <= ${param(yearsSinceCutoff(ctx.asOf, v as number), 'date')}`;
    case 'yearsSinceLessThan':
      return `${col} > ${param(yearsSinceCutoff(ctx.asOf, v as number), 'date')}`;
    case 'hasTag':
    case 'hasAllTags':
      return `${col} @> ${param(typeof v === 'string' ? [v] : [...(v as string[])], 'text[]')}`;
    case 'hasAnyTag':
      return `${col} && ${param([...(v as string[])], 'text[]')}`;
    case 'inRegion':
      return codePrefixes(v as string | string[])
        .map((p) => `starts_with(${col}, ${param(p, 'text')})`)
        .join(' OR ');
    default:
      return unsupportedOperator(leaf.operator, 'SQL');
  }
}
