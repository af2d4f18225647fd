import type { RuleGroupType, RuleType } from 'react-querybuilder';
import type { FactDefinition } from '../api/types';
import { fenToYuan, yuanToFen } from './money';

/**
 * The rule builder edits react-querybuilder queries; the API stores json-rules-engine conditions
 * (`{all|any: [...]}`, `{not: …}`, leaves `{fact, operator, value}`, money in integer fen). These
 * pure functions convert both ways so that a stored rule opens and saves back unchanged.
 *
 * Mapping: all → group "and", any → group "or", `{not: group}` → that group with `not: true`,
 * `{not: leaf}` → a `not` group holding only that leaf (and back), a root leaf → a root group marked
 * `leafRoot`. Money values are shown in 元 (decimal text) and go back to fen exactly.
 */
export interface JsonLeaf {
  fact: string;
  operator: string;
  value: unknown;
}
export type JsonRule = { all: JsonRule[] } | { any: JsonRule[] } | { not: JsonRule } | JsonLeaf;

/** A builder group; `leafRoot` marks a stored rule that was a single leaf at the top. */
export type BuilderGroup = RuleGroupType & { leafRoot?: boolean };

const isGroup = (r: RuleType | RuleGroupType): r is RuleGroupType => 'rules' in r;
const isLeaf = (r: JsonRule): r is JsonLeaf => typeof r === 'object' && r !== null && 'fact' in r;

const factMap = (facts: readonly FactDefinition[]) => new Map(facts.map((f) => [f.key, f]));

/** Stored value → what the builder's value editor shows (money in 元 text). */
function toEditorValue(def: FactDefinition | undefined, value: unknown): unknown {
  if (def?.type !== 'money') return value;
  const one = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) ? fenToYuan(v) : v);
  return Array.isArray(value) ? value.map(one) : one(value);
}

/** Builder value → stored value (money to fen). Text that is not an amount stays as typed: the API points at it. */
function toStoredValue(def: FactDefinition | undefined, value: unknown): unknown {
  if (def?.type !== 'money') return value;
  const one = (v: unknown) => {
    if (typeof v !== 'string' && typeof v !== 'number') return v;
    try {
      return yuanToFen(v) ?? v;
    } catch {
      return v;
    }
  };
  return Array.isArray(value) ? value.map(one) : one(value);
}

function leafToRule(leaf: JsonLeaf, facts: Map<string, FactDefinition>): RuleType {
  return { field: leaf.fact, operator: leaf.operator, value: toEditorValue(facts.get(leaf.fact), leaf.value) };
}

function toGroup(rule: Exclude<JsonRule, JsonLeaf>, facts: Map<string, FactDefinition>): RuleGroupType {
  if ('all' in rule) return { combinator: 'and', rules: rule.all.map((r) => toChild(r, facts)) };
  if ('any' in rule) return { combinator: 'or', rules: rule.any.map((r) => toChild(r, facts)) };
  const inner = rule.not;
  // {not: leaf} and not(not(x)) become a `not` group holding that one child; not(all|any) is that group negated
  if (isLeaf(inner) || 'not' in inner) return { combinator: 'and', not: true, rules: [toChild(inner, facts)] };
  return { ...toGroup(inner, facts), not: true };
}

function toChild(rule: JsonRule, facts: Map<string, FactDefinition>): RuleType | RuleGroupType {
  return isLeaf(rule) ? leafToRule(rule, facts) : toGroup(rule, facts);
}

/** Stored json-rules-engine condition → builder query. */
export function ruleToQuery(rule: JsonRule | null | undefined, facts: readonly FactDefinition[]): BuilderGroup {
  const map = factMap(facts);
  if (!rule) return { combinator: 'and', rules: [] };
  if (isLeaf(rule)) return { combinator: 'and', rules: [leafToRule(rule, map)], leafRoot: true };
  return toGroup(rule, map);
}

function groupToRule(group: RuleGroupType, facts: Map<string, FactDefinition>): JsonRule {
  const children = group.rules.filter((r): r is RuleType | RuleGroupType => typeof r === 'object');
  if (group.not && children.length === 1) {
    const only = children[0];
    // {not: leaf} and not(not(x)) were opened as a `not` group with one child
    if (!isGroup(only)) return { not: ruleOf(only, facts) };
    if (only.not) return { not: groupToRule(only, facts) };
  }
  const list = children.map((r) => (isGroup(r) ? groupToRule(r, facts) : ruleOf(r, facts)));
  const body: JsonRule = group.combinator === 'or' ? { any: list } : { all: list };
  return group.not ? { not: body } : body;
}

function ruleOf(r: RuleType, facts: Map<string, FactDefinition>): JsonLeaf {
  return { fact: r.field, operator: r.operator, value: toStoredValue(facts.get(r.field), r.value) };
}

/** Builder query → stored json-rules-engine condition (money in fen). */
export function queryToRule(query: BuilderGroup, facts: readonly FactDefinition[]): JsonRule {
  const map = factMap(facts);
  const children = query.rules.filter((r): r is RuleType | RuleGroupType => typeof r === 'object');
  if (query.leafRoot && !query.not && children.length === 1 && !isGroup(children[0])) return ruleOf(children[0], map);
  return groupToRule(query, map);
}

/**
 * A JSON pointer into a stored rule (as the API reports it: `/all/1/any/0/value`, without the
 * `/rule` prefix) → the builder path of the rule or group it points at ([1, 0]); a pointer that
 * goes astray stops at the deepest node it reached. Follows the same mapping as `ruleToQuery`.
 */
export function pointerToPath(rule: JsonRule, pointer: string): number[] {
  if (isLeaf(rule)) return [0]; // a root leaf is the only rule of the root group
  const parts = pointer.split('/').slice(1);
  const path: number[] = [];
  let node: unknown = rule;
  for (let i = 0; i < parts.length; i += 1) {
    const key = parts[i];
    if (typeof node !== 'object' || node === null) break;
    const n = node as Record<string, unknown>;
    if (key === 'all' || key === 'any') {
      const index = Number(parts[i + 1]);
      const list = n[key];
      if (!Array.isArray(list) || !Number.isInteger(index) || index < 0 || index >= list.length) break;
      path.push(index);
      node = list[index];
      i += 1;
    } else if (key === 'not' && typeof n.not === 'object' && n.not !== null) {
      const inner = n.not as JsonRule;
      if (isLeaf(inner) || 'not' in inner) path.push(0);
      node = inner;
    } else {
      break; // fact / operator / value: the leaf itself
    }
  }
  return path;
}

export const OUTSIDE_RULE = '*';

export interface RuleProblem {
  pointer: string;
  code: string;
  message: string;
}

/**
 * Problems from an API error (`details.errors[]` with JSON pointers, optionally under `prefix`, e.g.
 * `/rule`) keyed by builder path ("1.0"); the root group is "", problems outside the rule are under OUTSIDE_RULE.
 */
export function problemsByPath(rule: JsonRule, details: unknown, prefix = '/rule'): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const errors = typeof details === 'object' && details !== null ? (details as { errors?: unknown }).errors : undefined;
  if (!Array.isArray(errors)) return out;
  for (const e of errors) {
    if (typeof e !== 'object' || e === null) continue;
    const { pointer, message } = e as Partial<RuleProblem>;
    if (typeof pointer !== 'string' || typeof message !== 'string') continue;
    const inside = pointer === prefix || pointer.startsWith(`${prefix}/`);
    const key = inside ? pointerToPath(rule, pointer.slice(prefix.length)).join('.') : OUTSIDE_RULE;
    out.set(key, [...(out.get(key) ?? []), message]);
  }
  return out;
}
