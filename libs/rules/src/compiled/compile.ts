import type { FactDefinition } from '@app/contracts';
import { toDayNumber, yearsSinceCutoff } from '../facts/day-number';
import type { FactRegistry } from '../facts/fact-registry';
import type { EnterpriseProfile } from '../facts/fact-value';
import { codePrefixes } from '../operators/code-prefix';
import { EvaluationContext, isAll, isAny, isLeaf, LeafCondition, RuleCondition } from '../rule/rule.types';
import { DateOperator, DiscreteOperator, NumericOperator, TagOperator, unsupportedOperator } from '../operators/operator-catalog';

export type CompiledPredicate = (profile: EnterpriseProfile) => boolean;

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Compiles a validated rule once into a synchronous predicate by composing closures — no code is
 * generated from rule text. Everything that depends only on the rule (sets for in/notIn and tags,
 * day numbers for dates, the 成立满N年 cutoff for `ctx.asOf`, region prefixes) is computed here,
 * so the per-profile work is a property read and a comparison.
 */
export function compileRule(rule: RuleCondition, registry: FactRegistry, ctx: EvaluationContext): CompiledPredicate {
  if (isAll(rule)) {
    const parts = rule.all.map((c) => compileRule(c, registry, ctx));
    if (parts.length === 1) return parts[0];
    if (parts.length === 2) {
      const [a, b] = parts;
      return (p) => a(p) && b(p);
    }
    return (p) => {
      for (let i = 0; i < parts.length; i += 1) if (!parts[i](p)) return false;
      return true;
    };
  }
  if (isAny(rule)) {
    const parts = rule.any.map((c) => compileRule(c, registry, ctx));
    if (parts.length === 1) return parts[0];
    return (p) => {
      for (let i = 0; i < parts.length; i += 1) if (parts[i](p)) return true;
      return false;
    };
  }
  if (isLeaf(rule)) return compileLeaf(rule, registry.require(rule.fact), ctx);
  const inner = compileRule(rule.not, registry, ctx);
  return (p) => !inner(p);
}

/** Reads a raw own property; each leaf checks the type itself (ill-typed counts as missing). */
function reader(key: string): (p: EnterpriseProfile) => unknown {
  return (p) => (hasOwn.call(p, key) ? p[key] : undefined);
}

function compileLeaf(leaf: LeafCondition, def: FactDefinition, ctx: EvaluationContext): CompiledPredicate {
  switch (def.type) {
    case 'number':
    case 'money':
    case 'integer':
      return compileNumeric(leaf, reader(def.key));
    case 'date':
      return compileDate(leaf, reader(def.key), ctx);
    case 'tags':
      return compileTags(leaf, reader(def.key));
    default:
      return compileDiscrete(leaf, reader(def.key), def.type === 'boolean' ? 'boolean' : 'string');
  }
}

function compileNumeric(leaf: LeafCondition, read: (p: EnterpriseProfile) => unknown): CompiledPredicate {
  // `typeof x === 'number'` plus the comparison: NaN/Infinity are not valid facts (readFact), and
  // every comparison below is false for NaN; ±Infinity are excluded explicitly.
  const num = (p: EnterpriseProfile): number => {
    const v = read(p);
    return typeof v === 'number' && v - v === 0 ? v : NaN;
  };
  const value = leaf.value;
  const op = leaf.operator as NumericOperator;
  switch (op) {
    case 'equal': {
      const x = value as number;
      return (p) => num(p) === x;
    }
    case 'notEqual': {
      const x = value as number;
      return (p) => {
        const v = num(p);
        return v === v && v !== x;
      };
    }
    case 'lessThan': {
      const x = value as number;
      return (p) => num(p) < x;
    }
    case 'lessThanInclusive': {
      const x = value as number;
      return (p) => num(p) <= x;
    }
    case 'greaterThan': {
      const x = value as number;
      return (p) => num(p) > x;
    }
    case 'greaterThanInclusive': {
      const x = value as number;
      return (p) => num(p) >= x;
    }
    case 'between': {
      const [lo, hi] = value as number[];
      return (p) => {
        const v = num(p);
        return v >= lo && v <= hi;
      };
    }
    case 'in': {
      const set = new Set(value as number[]);
      return (p) => set.has(num(p));
    }
    case 'notIn': {
      const set = new Set(value as number[]);
      return (p) => {
        const v = num(p);
        return v === v && !set.has(v);
      };
    }
    default:
      return unsupportedOperator(op, 'a numeric fact');
  }
}

/**
 * Parsed day numbers by date text. Profiles repeat a few thousand distinct dates, and parsing
 * (regex + calendar check) dominated the compiled evaluator's time. Bounded so a stream of
 * distinct strings cannot grow it without limit.
 */
const dayCache = new Map<string, number>();
const DAY_CACHE_LIMIT = 100_000;

function cachedDay(value: unknown): number {
  if (typeof value !== 'string') return NaN;
  let day = dayCache.get(value);
  if (day === undefined) {
    day = toDayNumber(value) ?? NaN;
    if (dayCache.size >= DAY_CACHE_LIMIT) dayCache.clear();
    dayCache.set(value, day);
  }
  return day;
}

function compileDate(leaf: LeafCondition, read: (p: EnterpriseProfile) => unknown, ctx: EvaluationContext): CompiledPredicate {
  // Missing or invalid dates become NaN, for which every comparison is false.
  const day = (p: EnterpriseProfile): number => cachedDay(read(p));
  const target = (): number => toDayNumber(leaf.value) as number;
  const op = leaf.operator as DateOperator;
  switch (op) {
    case 'equal': {
      const x = target();
      return (p) => day(p) === x;
    }
    case 'notEqual': {
      const x = target();
      return (p) => {
        const d = day(p);
        return d === d && d !== x;
      };
    }
    case 'dateBefore': {
      const x = target();
      return (p) => day(p) < x;
    }
    case 'dateAfter': {
      const x = target();
      return (p) => day(p) > x;
    }
    case 'dateOnOrAfter': {
      const x = target();
      return (p) => day(p) >= x;
    }
    case 'dateOnOrBefore': {
      const x = target();
      return (p) => day(p) <= x;
    }
    case 'yearsSinceAtLeast': {
      const cutoff = toDayNumber(yearsSinceCutoff(ctx.asOf, leaf.value as number)) as number;
      return (p) => day(p) <= cutoff;
    }
    case 'yearsSinceLessThan': {
      const cutoff = toDayNumber(yearsSinceCutoff(ctx.asOf, leaf.value as number)) as number;
      return (p) => day(p) > cutoff;
    }
    default:
      return unsupportedOperator(op, 'a date fact');
  }
}

function compileTags(leaf: LeafCondition, read: (p: EnterpriseProfile) => unknown): CompiledPredicate {
  const wanted = typeof leaf.value === 'string' ? [leaf.value] : (leaf.value as string[]);
  const op = leaf.operator as TagOperator;
  if (op === 'hasTag' || (op === 'hasAnyTag' && wanted.length === 1)) {
    const tag = wanted[0];
    return (p) => {
      const tags = read(p);
      return Array.isArray(tags) && tags.includes(tag);
    };
  }
  const set = new Set(wanted);
  if (op === 'hasAnyTag') {
    return (p) => {
      const tags = read(p);
      if (!Array.isArray(tags)) return false;
      for (let i = 0; i < tags.length; i += 1) if (set.has(tags[i] as string)) return true;
      return false;
    };
  }
  if (op === 'hasAllTags') {
    return (p) => {
      const tags = read(p);
      if (!Array.isArray(tags)) return false;
      let found = 0;
      const seen = new Set<string>();
      for (let i = 0; i < tags.length; i += 1) {
        const t = tags[i] as string;
        if (set.has(t) && !seen.has(t)) {
          seen.add(t);
          found += 1;
        }
      }
      return found === set.size;
    };
  }
  return unsupportedOperator(op, 'a tags fact');
}

function compileDiscrete(leaf: LeafCondition, read: (p: EnterpriseProfile) => unknown, kind: 'string' | 'boolean'): CompiledPredicate {
  const ok = (v: unknown): boolean => typeof v === kind;
  const op = leaf.operator as DiscreteOperator;
  switch (op) {
    case 'equal': {
      const x = leaf.value;
      return (p) => read(p) === x;
    }
    case 'notEqual': {
      const x = leaf.value;
      return (p) => {
        const v = read(p);
        return ok(v) && v !== x;
      };
    }
    case 'in': {
      const set = new Set<unknown>(leaf.value as string[]);
      return (p) => {
        const v = read(p);
        return ok(v) && set.has(v);
      };
    }
    case 'notIn': {
      const set = new Set<unknown>(leaf.value as string[]);
      return (p) => {
        const v = read(p);
        return ok(v) && !set.has(v);
      };
    }
    case 'inRegion': {
      const prefixes = codePrefixes(leaf.value as string | string[]);
      if (prefixes.length === 1) {
        const prefix = prefixes[0];
        return (p) => {
          const v = read(p);
          return typeof v === 'string' && v.startsWith(prefix);
        };
      }
      return (p) => {
        const v = read(p);
        if (typeof v !== 'string') return false;
        for (let i = 0; i < prefixes.length; i += 1) if (v.startsWith(prefixes[i])) return true;
        return false;
      };
    }
    default:
      return unsupportedOperator(op, `a ${kind} fact`);
  }
}
