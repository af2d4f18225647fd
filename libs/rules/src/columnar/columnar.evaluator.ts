import { toDayNumber, yearsSinceCutoff } from '../facts/day-number';
import type { FactRegistry } from '../facts/fact-registry';
import { codePrefixes } from '../operators/code-prefix';
import { DateOperator, DiscreteOperator, NumericOperator, unsupportedOperator } from '../operators/operator-catalog';
import { EvaluationContext, isAll, isAny, isLeaf, LeafCondition, RuleCondition } from '../rule/rule.types';
import { fullBitset, RowBitset, wordsFor } from './bitset';
import { BooleanColumn, ColumnStore, DATE_MISSING, DictionaryColumn, NumericColumn, TagColumn } from './column-store';
import {
  bitCount,
  codeEqual,
  codeLookup,
  copyMask,
  int8Equal,
  intNotEqual,
  intRange,
  narrowEqual,
  narrowLookup,
  none,
  numericGreater,
  numericIn,
  numericLess,
  numericNotEqual,
  numericNotIn,
  numericRange,
  tagsAll,
  tagsAny,
  WordOp,
} from './kernels';

/*
 * Every node is a WordOp (see kernels.ts): for each word listed in `words[0..count)` it writes
 * `node(rows) & mask` into `out`, compacts the list to the words left non-zero and returns their
 * number. `out` may be the same array as `mask` (each step reads mask[w] before writing out[w]).
 * Inside an `all`, later children only visit the words that still hold a candidate row, which makes
 * the order of the children matter: a cheap, selective condition first leaves little for the
 * others. When the store is large enough, each `all`/`any` runs its children once on a ~2,000-row
 * sample and orders them by estimated cost per row decided. The result never depends on the order:
 * AND and OR commute and kernels have no side effects.
 */

/** A compiled node: a relative per-row cost estimate, and its WordOp built against one store. */
interface CompiledNode {
  cost: number;
  /** Built per evaluation, because dictionary codes and tag slots change as the store grows. */
  make: (store: ColumnStore) => WordOp;
}

/**
 * The rows of the store that satisfy the rule; with `within` (a bitset of this store's rows, not
 * modified), only those rows are tested: the answer is `within ∧ rule`, at the cost of the words
 * `within` leaves non-zero.
 */
export type ColumnarPredicate = (store: ColumnStore, within?: RowBitset) => RowBitset;

/** Compiles once; the returned function can be run against the store as often as it changes. */
export function compileColumnar(rule: RuleCondition, registry: FactRegistry, ctx: EvaluationContext): ColumnarPredicate {
  const root = compileNode(rule, registry, ctx);
  return (store, within) => {
    const rows = store.rowCount;
    const count = wordsFor(rows);
    if (within !== undefined && within.length !== count) throw new RangeError(`compileColumnar: within has ${within.length} words, the store ${count}`);
    const out = within === undefined ? fullBitset(rows) : within.slice();
    const op = root.make(store);
    const words = acquireWords(store, count);
    let live = 0;
    if (within === undefined) for (let w = 0; w < count; w += 1) words[live++] = w;
    else for (let w = 0; w < count; w += 1) if (out[w] !== 0) words[live++] = w;
    op(out, out, words, live);
    releaseWords(store, words);
    return out;
  };
}

export function evaluateColumnar(rule: RuleCondition, store: ColumnStore, ctx: EvaluationContext): RowBitset {
  return compileColumnar(rule, store.registry, ctx)(store);
}

// ---- scratch arrays, pooled per store (evaluation is synchronous, so acquire/release nest) ----

const bitPools = new WeakMap<ColumnStore, Uint32Array[]>();
const wordPools = new WeakMap<ColumnStore, Int32Array[]>();

function take<T extends Uint32Array | Int32Array>(pools: WeakMap<ColumnStore, T[]>, store: ColumnStore, length: number): T | undefined {
  const pool = pools.get(store);
  if (pool) for (let a = pool.pop(); a !== undefined; a = pool.pop()) if (a.length >= length) return a;
  return undefined;
}

function give<T>(pools: WeakMap<ColumnStore, T[]>, store: ColumnStore, array: T): void {
  const pool = pools.get(store);
  if (pool) pool.push(array);
  else pools.set(store, [array]);
}

/** A bitset-sized scratch array (contents are garbage); sized for the whole store so it stays reusable until the store grows. */
function acquireBits(store: ColumnStore, words: number): Uint32Array {
  return take(bitPools, store, words) ?? new Uint32Array(Math.max(words, store.capacity >>> 5));
}
function releaseBits(store: ColumnStore, bits: Uint32Array): void {
  give(bitPools, store, bits);
}
/** A scratch word list (contents are garbage). */
function acquireWords(store: ColumnStore, words: number): Int32Array {
  return take(wordPools, store, words) ?? new Int32Array(Math.max(words, store.capacity >>> 5));
}
function releaseWords(store: ColumnStore, words: Int32Array): void {
  give(wordPools, store, words);
}

// ---- ordering children by a sample ----

const SAMPLE_BLOCKS = 8;
const SAMPLE_BLOCK_WORDS = 8;
const SAMPLE_WORDS = SAMPLE_BLOCKS * SAMPLE_BLOCK_WORDS; // 2,048 rows
/** Below this many full words (~16k rows) the order as written is kept: evaluation is cheap anyway. */
const SAMPLE_MIN_WORDS = SAMPLE_WORDS * 8;

/**
 * Order in which to run `ops`, chosen greedily on a sample: at each step the child with the lowest
 * cost per still-undecided sample row it decides (for `all`, rows it rejects; for `any`, rows it
 * accepts). Conditional on the children already chosen, so correlated conditions are not counted twice.
 */
function sampledOrder(store: ColumnStore, ops: readonly WordOp[], costs: readonly number[], conjunction: boolean): number[] {
  const written = ops.map((_, i) => i);
  const fullWords = store.rowCount >>> 5;
  if (ops.length < 2 || fullWords < SAMPLE_MIN_WORDS) return written;
  // SAMPLE_BLOCKS runs of SAMPLE_BLOCK_WORDS consecutive words, spread evenly over the full words.
  const stride = Math.floor(fullWords / SAMPLE_BLOCKS);
  const sampleWords = new Int32Array(SAMPLE_WORDS);
  for (let i = 0; i < SAMPLE_WORDS; i += 1) sampleWords[i] = Math.floor(i / SAMPLE_BLOCK_WORDS) * stride + (i % SAMPLE_BLOCK_WORDS);
  const mask = acquireBits(store, fullWords);
  const out = acquireBits(store, fullWords);
  const list = acquireWords(store, SAMPLE_WORDS);
  for (let i = 0; i < SAMPLE_WORDS; i += 1) mask[sampleWords[i]] = 0xffffffff;
  const samples = ops.map((op) => {
    list.set(sampleWords);
    op(mask, out, list, SAMPLE_WORDS);
    const s = new Uint32Array(SAMPLE_WORDS);
    for (let i = 0; i < SAMPLE_WORDS; i += 1) s[i] = out[sampleWords[i]];
    return s;
  });
  releaseWords(store, list);
  releaseBits(store, out);
  releaseBits(store, mask);

  const undecided = new Uint32Array(SAMPLE_WORDS).fill(0xffffffff);
  const remaining = written.slice();
  const order: number[] = [];
  while (remaining.length > 0) {
    let live = 0;
    for (let w = 0; w < SAMPLE_WORDS; w += 1) live += bitCount(undecided[w]);
    if (live === 0) break; // the sample says nothing more: keep the rest as written
    let best = 0;
    let bestKey = Infinity;
    for (let k = 0; k < remaining.length; k += 1) {
      const s = samples[remaining[k]];
      let decided = 0;
      for (let w = 0; w < SAMPLE_WORDS; w += 1) decided += bitCount(conjunction ? undecided[w] & ~s[w] : undecided[w] & s[w]);
      const key = (costs[remaining[k]] * live) / Math.max(decided, 0.5);
      if (key < bestKey) {
        bestKey = key;
        best = k;
      }
    }
    const chosen = remaining.splice(best, 1)[0];
    order.push(chosen);
    const s = samples[chosen];
    for (let w = 0; w < SAMPLE_WORDS; w += 1) undecided[w] &= conjunction ? s[w] : ~s[w];
  }
  return order.concat(remaining);
}

// ---- nodes ----

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

function compileNode(node: RuleCondition, registry: FactRegistry, ctx: EvaluationContext): CompiledNode {
  if (isLeaf(node)) return compileLeaf(node, registry, ctx);
  if (isAll(node)) {
    const children = node.all.map((c) => compileNode(c, registry, ctx));
    const costs = children.map((c) => c.cost);
    return {
      cost: sum(costs),
      make: (store) => {
        const built = children.map((c) => c.make(store));
        const ops = sampledOrder(store, built, costs, true).map((i) => built[i]);
        return (mask, out, words, count) => {
          let n = out === mask ? count : copyMask(mask, out, words, count);
          // Once no word is left, the rest cannot add a row (and every dropped word was zeroed).
          for (let k = 0; k < ops.length && n > 0; k += 1) n = ops[k](out, out, words, n);
          return n;
        };
      },
    };
  }
  if (isAny(node)) {
    const children = node.any.map((c) => compileNode(c, registry, ctx));
    const costs = children.map((c) => c.cost);
    return {
      cost: sum(costs) + 0.3,
      make: (store) => {
        const built = children.map((c) => c.make(store));
        const ops = sampledOrder(store, built, costs, false).map((i) => built[i]);
        return (mask, out, words, count) => {
          // `open`: rows in the mask not yet known to match; later alternatives only look at those.
          const size = store.capacity >>> 5;
          const open = acquireBits(store, size);
          const hit = acquireBits(store, size);
          const openWords = acquireWords(store, size);
          const scratch = acquireWords(store, size);
          let openCount = 0;
          for (let k = 0; k < count; k += 1) {
            const w = words[k];
            const m = mask[w];
            open[w] = m;
            out[w] = 0;
            openWords[openCount] = w;
            openCount += +(m !== 0);
          }
          for (let c = 0; c < ops.length && openCount > 0; c += 1) {
            // The child compacts its list, so it gets a copy; it writes hit[w] for every listed word.
            scratch.set(openWords.subarray(0, openCount));
            ops[c](open, hit, scratch, openCount);
            let n = 0;
            for (let k = 0; k < openCount; k += 1) {
              const w = openWords[k];
              const h = hit[w];
              out[w] |= h;
              const o = open[w] & ~h;
              open[w] = o;
              openWords[n] = w;
              n += +(o !== 0);
            }
            openCount = n;
          }
          releaseWords(store, scratch);
          releaseWords(store, openWords);
          releaseBits(store, hit);
          releaseBits(store, open);
          let kept = 0;
          for (let k = 0; k < count; k += 1) {
            const w = words[k];
            words[kept] = w;
            kept += +(out[w] !== 0);
          }
          return kept;
        };
      },
    };
  }
  const inner = compileNode(node.not, registry, ctx);
  return {
    cost: inner.cost + 0.2,
    make: (store) => {
      const op = inner.make(store);
      return (mask, out, words, count) => {
        const size = store.capacity >>> 5;
        const hit = acquireBits(store, size);
        const scratch = acquireWords(store, size);
        scratch.set(words.subarray(0, count));
        op(mask, hit, scratch, count);
        let kept = 0;
        for (let k = 0; k < count; k += 1) {
          const w = words[k];
          const bits = mask[w] & ~hit[w];
          out[w] = bits;
          words[kept] = w;
          kept += +(bits !== 0);
        }
        releaseWords(store, scratch);
        releaseBits(store, hit);
        return kept;
      };
    },
  };
}

/** Relative per-row costs of the leaf kernels (only their ratios matter). */
const COST = { float: 1, int: 0.8, int8: 0.7, lookup: 1, set: 4, tag: 0.05 } as const;

function leaf(cost: number, make: (store: ColumnStore) => WordOp): CompiledNode {
  return { cost, make };
}

function compileLeaf(node: LeafCondition, registry: FactRegistry, ctx: EvaluationContext): CompiledNode {
  const def = registry.require(node.fact);
  const v = node.value;
  switch (def.type) {
    case 'number':
    case 'money':
    case 'integer': {
      const col = (s: ColumnStore) => (s.column(def.key) as NumericColumn).data;
      const range = (lo: number, hi: number) => leaf(COST.float, (s) => numericRange(col(s), lo, hi));
      const op = node.operator as NumericOperator;
      switch (op) {
        case 'equal':
          return range(v as number, v as number);
        case 'lessThanInclusive':
          return range(-Infinity, v as number);
        case 'greaterThanInclusive':
          return range(v as number, Infinity);
        case 'between':
          return range((v as number[])[0], (v as number[])[1]);
        case 'lessThan':
          return leaf(COST.float, (s) => numericLess(col(s), v as number));
        case 'greaterThan':
          return leaf(COST.float, (s) => numericGreater(col(s), v as number));
        case 'notEqual':
          return leaf(COST.float, (s) => numericNotEqual(col(s), v as number));
        case 'in': {
          const set: ReadonlySet<number> = new Set(v as number[]);
          return leaf(COST.set, (s) => numericIn(col(s), set));
        }
        case 'notIn': {
          const set: ReadonlySet<number> = new Set(v as number[]);
          return leaf(COST.set, (s) => numericNotIn(col(s), set));
        }
        default:
          return unsupportedOperator(op, `fact ${def.key}`);
      }
    }
    case 'date': {
      // Every date operator is an inclusive day-number range; lo > DATE_MISSING excludes missing.
      const day = (x: unknown) => toDayNumber(x) as number;
      const cutoff = (n: number) => day(yearsSinceCutoff(ctx.asOf, n));
      const MIN = DATE_MISSING + 1;
      const MAX = 2147483647;
      const col = (s: ColumnStore) => (s.column(def.key) as { data: Int32Array }).data;
      const range = (lo: number, hi: number): CompiledNode => leaf(COST.int, (s) => intRange(col(s), lo, hi));
      const op = node.operator as DateOperator;
      switch (op) {
        case 'equal':
          return range(day(v), day(v));
        case 'notEqual': {
          const target = day(v);
          return leaf(COST.int, (s) => intNotEqual(col(s), target, DATE_MISSING));
        }
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
        default:
          return unsupportedOperator(op, `fact ${def.key}`);
      }
    }
    case 'boolean': {
      const target = v === true ? 1 : 0;
      const col = (s: ColumnStore) => (s.column(def.key) as BooleanColumn).data;
      if (node.operator === 'equal') return leaf(COST.int8, (s) => int8Equal(col(s), target));
      if (node.operator === 'notEqual') return leaf(COST.int8, (s) => int8Equal(col(s), 1 - target));
      break;
    }
    case 'tags': {
      const tags = typeof v === 'string' ? [v] : (v as string[]);
      const all = node.operator === 'hasAllTags';
      return leaf(COST.tag * (tags.length + 1), (s) => tagOp(s.column(def.key) as TagColumn, tags, all));
    }
    default: {
      const dict = (s: ColumnStore) => s.column(def.key) as DictionaryColumn;
      const op = node.operator as DiscreteOperator;
      switch (op) {
        case 'equal':
          return leaf(COST.int, (s) => {
            const c = dict(s);
            const code = c.codes.get(v as string);
            if (code === undefined) return none;
            return c.narrow ? narrowEqual(c.narrow, code + 1) : codeEqual(c.data, code);
          });
        case 'notEqual':
          return leaf(COST.lookup, (s) => codeTable(dict(s), (x) => x !== v));
        case 'in': {
          const set: ReadonlySet<string> = new Set(v as string[]);
          return leaf(COST.lookup, (s) => codeTable(dict(s), (x) => set.has(x)));
        }
        case 'notIn': {
          const set: ReadonlySet<string> = new Set(v as string[]);
          return leaf(COST.lookup, (s) => codeTable(dict(s), (x) => !set.has(x)));
        }
        case 'inRegion': {
          // The prefix test runs once per distinct code (a few hundred districts), not per row.
          const prefixes = codePrefixes(v as string | string[]);
          return leaf(COST.lookup, (s) => codeTable(dict(s), (x) => prefixes.some((p) => x.startsWith(p))));
        }
        default:
          return unsupportedOperator(op, `fact ${def.key}`);
      }
    }
  }
  throw new Error(`operator ${node.operator} not valid for fact ${def.key}`);
}

/**
 * Evaluates `test` once per dictionary entry into a lookup table; rows then index the table, through
 * the one-byte codes (DictionaryColumn.narrow) while the dictionary is small enough to have them.
 */
function codeTable(col: DictionaryColumn, test: (value: string) => boolean): WordOp {
  // Slot 0 stands for "missing" (code -1) and never matches.
  const table = new Uint8Array(col.dictionary.length + 1);
  for (let i = 0; i < col.dictionary.length; i += 1) table[i + 1] = test(col.dictionary[i]) ? 1 : 0;
  return col.narrow ? narrowLookup(col.narrow, table) : codeLookup(col.data, table);
}

function tagOp(col: TagColumn, tags: readonly string[], all: boolean): WordOp {
  const slots = tags.map((t) => col.tagIndex.get(t));
  // A tag nobody carries: `any` ignores it, `all` can never hold.
  const known = slots.filter((s): s is number => s !== undefined).map((s) => col.bitsets[s]);
  if (all) return known.length < slots.length ? none : tagsAll(known);
  return known.length === 0 ? none : tagsAny(known);
}
