import { toDayNumber, yearsSinceCutoff } from '../facts/day-number';
import type { FactRegistry } from '../facts/fact-registry';
import { codePrefixes } from '../operators/code-prefix';
import { EvaluationContext, isAll, isAny, isLeaf, LeafCondition, RuleCondition } from '../rule/rule.types';
import { fullBitset, RowBitset, wordsFor } from './bitset';
import { BooleanColumn, ColumnStore, DATE_MISSING, DictionaryColumn, NumericColumn, TagColumn } from './column-store';
import {
  codeEqual,
  codeLookup,
  int8Equal,
  intNotEqual,
  intRange,
  numericGreater,
  numericIn,
  numericLess,
  numericNotIn,
  numericRange,
  WordOp,
} from './kernels';

/*
 * Every node is a WordOp writing `node(rows) & mask` into `out`. `out` may be the same array as
 * `mask` (each step reads mask[w] before writing out[w]). Words whose mask is 0 are skipped:
 * inside an `all`, rows already excluded by an earlier condition cost nothing for later ones.
 */
/** Built per evaluation, because dictionary codes and tag slots change as the store grows. */
type NodeFactory = (store: ColumnStore) => WordOp;

export type ColumnarPredicate = (store: ColumnStore) => RowBitset;

/** Compiles once; the returned function can be run against the store as often as it changes. */
export function compileColumnar(rule: RuleCondition, registry: FactRegistry, ctx: EvaluationContext): ColumnarPredicate {
  const factory = compileNode(rule, registry, ctx);
  return (store) => {
    const rows = store.rowCount;
    const out = fullBitset(rows);
    factory(store)(out, out, wordsFor(rows));
    return out;
  };
}

export function evaluateColumnar(rule: RuleCondition, store: ColumnStore, ctx: EvaluationContext): RowBitset {
  return compileColumnar(rule, store.registry, ctx)(store);
}

function compileNode(node: RuleCondition, registry: FactRegistry, ctx: EvaluationContext): NodeFactory {
  if (isLeaf(node)) return compileLeaf(node, registry, ctx);
  if (isAll(node)) {
    const children = node.all.map((c) => compileNode(c, registry, ctx));
    return (store) => {
      const ops = children.map((f) => f(store));
      return (mask, out, words) => {
        if (out !== mask) out.set(mask.subarray(0, words));
        for (const op of ops) op(out, out, words);
      };
    };
  }
  if (isAny(node)) {
    const children = node.any.map((c) => compileNode(c, registry, ctx));
    return (store) => {
      const ops = children.map((f) => f(store));
      return (mask, out, words) => {
        // `open`: rows in the mask not yet known to match; later alternatives only look at those.
        const open = mask.slice(0, words);
        const hit = new Uint32Array(words);
        out.fill(0, 0, words);
        for (const op of ops) {
          op(open, hit, words);
          for (let w = 0; w < words; w += 1) {
            const h = hit[w];
            out[w] |= h;
            open[w] &= ~h;
          }
        }
      };
    };
  }
  const inner = compileNode(node.not, registry, ctx);
  return (store) => {
    const op = inner(store);
    return (mask, out, words) => {
      const hit = new Uint32Array(words);
      op(mask, hit, words);
      for (let w = 0; w < words; w += 1) out[w] = mask[w] & ~hit[w];
    };
  };
}

function compileLeaf(leaf: LeafCondition, registry: FactRegistry, ctx: EvaluationContext): NodeFactory {
  const def = registry.require(leaf.fact);
  const v = leaf.value;
  switch (def.type) {
    case 'number':
    case 'money':
    case 'integer': {
      const col = (s: ColumnStore) => (s.column(def.key) as NumericColumn).data;
      switch (leaf.operator) {
        case 'equal':
          return (s) => numericRange(col(s), v as number, v as number);
        case 'lessThanInclusive':
          return (s) => numericRange(col(s), -Infinity, v as number);
        case 'greaterThanInclusive':
          return (s) => numericRange(col(s), v as number, Infinity);
        case 'between':
          return (s) => numericRange(col(s), (v as number[])[0], (v as number[])[1]);
        case 'lessThan':
          return (s) => numericLess(col(s), v as number);
        case 'greaterThan':
          return (s) => numericGreater(col(s), v as number);
        case 'notEqual':
          return (s) => numericNotIn(col(s), new Set([v as number]));
        case 'in':
          return (s) => numericIn(col(s), new Set(v as number[]));
        case 'notIn':
          return (s) => numericNotIn(col(s), new Set(v as number[]));
      }
      break;
    }
    case 'date': {
      // Every date operator is an inclusive day-number range; lo > DATE_MISSING excludes missing.
      const day = (x: unknown) => toDayNumber(x) as number;
      const cutoff = (n: number) => day(yearsSinceCutoff(ctx.asOf, n));
      const MIN = DATE_MISSING + 1;
      const MAX = 2147483647;
      const col = (s: ColumnStore) => (s.column(def.key) as { data: Int32Array }).data;
      const range = (lo: number, hi: number): NodeFactory => (s) => intRange(col(s), lo, hi);
      switch (leaf.operator) {
        case 'equal':
          return range(day(v), day(v));
        case 'notEqual':
          return (s) => intNotEqual(col(s), day(v), DATE_MISSING);
        case 'dateBefore':
          return range(MIN, day(v) - 1);
        case 'dateAfter':
          return range(day(v) + 1, MAX);
        case 'dateOnOrAfter':
          return range(day(v), MAX);
        case 'dateOnOrBefore':
          return range(MIN, day(v));
        case 'yearsSinceAtLeast':
          return range(MIN, cutoff(v as number));
        case 'yearsSinceLessThan':
          return range(cutoff(v as number) + 1, MAX);
      }
      break;
    }
    case 'boolean': {
      const target = v === true ? 1 : 0;
      const col = (s: ColumnStore) => (s.column(def.key) as BooleanColumn).data;
      if (leaf.operator === 'equal') return (s) => int8Equal(col(s), target);
      if (leaf.operator === 'notEqual') return (s) => int8Equal(col(s), 1 - target);
      break;
    }
    case 'tags': {
      const tags = typeof v === 'string' ? [v] : (v as string[]);
      const combine = leaf.operator === 'hasAllTags' ? 'and' : 'or';
      return (s) => tagOp(s.column(def.key) as TagColumn, tags, combine);
    }
    default: {
      const dict = (s: ColumnStore) => s.column(def.key) as DictionaryColumn;
      switch (leaf.operator) {
        case 'equal':
          return (s) => codeEqual(dict(s).data, dict(s).codes.get(v as string) ?? -2);
        case 'notEqual':
          return (s) => codeTable(dict(s), (x) => x !== v);
        case 'in': {
          const set = new Set(v as string[]);
          return (s) => codeTable(dict(s), (x) => set.has(x));
        }
        case 'notIn': {
          const set = new Set(v as string[]);
          return (s) => codeTable(dict(s), (x) => !set.has(x));
        }
        case 'inRegion': {
          // The prefix test runs once per distinct code (a few hundred districts), not per row.
          const prefixes = codePrefixes(v as string | string[]);
          return (s) => codeTable(dict(s), (x) => prefixes.some((p) => x.startsWith(p)));
        }
      }
    }
  }
  throw new Error(`operator ${leaf.operator} not valid for fact ${def.key}`);
}

/** Evaluates `test` once per dictionary entry into a lookup table; rows then index the table. */
function codeTable(col: DictionaryColumn, test: (value: string) => boolean): WordOp {
  // Slot 0 stands for "missing" (code -1) and never matches.
  const table = new Uint8Array(col.dictionary.length + 1);
  for (let i = 0; i < col.dictionary.length; i += 1) table[i + 1] = test(col.dictionary[i]) ? 1 : 0;
  return codeLookup(col.data, table);
}

function tagOp(col: TagColumn, tags: readonly string[], combine: 'and' | 'or'): WordOp {
  const slots = tags.map((t) => col.tagIndex.get(t));
  // A tag nobody carries: `or` ignores it, `and` can never hold.
  const known = slots.filter((s): s is number => s !== undefined).map((s) => col.bitsets[s]);
  const impossible = combine === 'and' ? known.length < slots.length : known.length === 0;
  return (mask, out, words) => {
    if (impossible) {
      out.fill(0, 0, words);
      return;
    }
    for (let w = 0; w < words; w += 1) {
      const m = mask[w];
      if (m === 0) {
        out[w] = 0;
        continue;
      }
      let bits = combine === 'and' ? 0xffffffff : 0;
      if (combine === 'and') for (let k = 0; k < known.length; k += 1) bits &= known[k][w];
      else for (let k = 0; k < known.length; k += 1) bits |= known[k][w];
      out[w] = bits & m;
    }
  };
}
