import { ACCEPTED_DATE_RANGE_TEXT, DateErrorCodes, dateProblem, FactDefinition } from '@app/contracts';
import type { FactRegistry } from '../facts/fact-registry';
import { CODE_PATTERN } from '../operators/code-prefix';
import { isScalarValueOperator, MAX_YEARS, operatorsFor, OPERATOR_LABELS, unsupportedOperator } from '../operators/operator-catalog';
import { DEFAULT_RULE_LIMITS, RuleLimits } from './rule.limits';
import { RuleError, RuleValidationError } from './rule.errors';
import { CUSTOM_OPERATORS, RuleCondition, RuleOperator, STANDARD_OPERATORS } from './rule.types';

export type RuleValidationResult = { ok: true; rule: RuleCondition } | { ok: false; errors: RuleError[] };

const KNOWN_OPERATORS = new Set<string>([...STANDARD_OPERATORS, ...CUSTOM_OPERATORS]);
const GROUP_KEYS = ['all', 'any', 'not'] as const;
const LEAF_KEYS = new Set(['fact', 'operator', 'value']);
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Stop collecting after this many errors: a 10,000-item rule should not produce 10,000 messages. */
const MAX_ERRORS = 50;

type Json = unknown;
interface Pending {
  node: Json;
  pointer: string;
  depth: number;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

const show = (v: unknown): string => {
  // Never stringify an arbitrary object: it may be deeply nested or huge.
  const text = typeof v === 'object' && v !== null ? (Array.isArray(v) ? '[列表]' : '{对象}') : String(v);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
};

/** Parses rule JSON text with a size limit first, then validates it. */
export function parseRule(json: string, registry: FactRegistry, limits: RuleLimits = DEFAULT_RULE_LIMITS): RuleValidationResult {
  if (json.length > limits.maxJsonChars) {
    return { ok: false, errors: [{ pointer: '', code: 'RULE.TOO_LARGE', message: `规则内容超过 ${limits.maxJsonChars} 个字符` }] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { ok: false, errors: [{ pointer: '', code: 'RULE.INVALID_JSON', message: '规则不是合法的 JSON' }] };
  }
  return validateRule(parsed, registry, limits);
}

/**
 * Checks a rule against the registry. Walks the tree with an explicit stack and refuses to descend
 * past `maxDepth`, so a rule nested 10,000 deep is rejected after 13 steps instead of overflowing.
 */
export function validateRule(input: unknown, registry: FactRegistry, limits: RuleLimits = DEFAULT_RULE_LIMITS): RuleValidationResult {
  const errors: RuleError[] = [];
  const fail = (pointer: string, code: string, message: string) => {
    if (errors.length < MAX_ERRORS) errors.push({ pointer, code, message });
  };
  const stack: Pending[] = [{ node: input, pointer: '', depth: 1 }];
  let conditions = 0;
  let approxChars = 0;
  let tooDeepReported = false;

  while (stack.length > 0 && errors.length < MAX_ERRORS) {
    const { node, pointer, depth } = stack.pop() as Pending;
    conditions += 1;
    if (conditions > limits.maxConditions) {
      fail(pointer, 'RULE.TOO_MANY_CONDITIONS', `条件数量超过 ${limits.maxConditions} 个`);
      break;
    }
    if (depth > limits.maxDepth) {
      if (!tooDeepReported) fail(pointer, 'RULE.TOO_DEEP', `条件嵌套超过 ${limits.maxDepth} 层`);
      tooDeepReported = true;
      continue;
    }
    if (!isPlainObject(node)) {
      fail(pointer, 'RULE.MALFORMED', '条件必须是对象');
      continue;
    }
    const keys = Object.keys(node);
    const forbidden = keys.find((k) => FORBIDDEN_KEYS.has(k));
    if (forbidden !== undefined) {
      fail(`${pointer}/${forbidden}`, 'RULE.FORBIDDEN_KEY', `不允许的属性名“${forbidden}”`);
      continue;
    }
    approxChars += keys.length * 12;
    const groupKeys = GROUP_KEYS.filter((k) => k in node);
    if (groupKeys.length > 0) {
      if (groupKeys.length > 1 || keys.length > 1) {
        fail(pointer, 'RULE.MALFORMED', '条件组只能包含 all、any、not 之一，且不能有其他属性');
        continue;
      }
      const kind = groupKeys[0];
      const body = node[kind];
      if (kind === 'not') {
        stack.push({ node: body, pointer: `${pointer}/not`, depth: depth + 1 });
        continue;
      }
      if (!Array.isArray(body)) {
        fail(`${pointer}/${kind}`, 'RULE.MALFORMED', `条件组“${kind}”必须是数组`);
        continue;
      }
      if (body.length === 0) {
        fail(`${pointer}/${kind}`, 'RULE.EMPTY_GROUP', `条件组“${kind}”不能为空`);
        continue;
      }
      // Pushed in reverse so errors come out in document order.
      for (let i = body.length - 1; i >= 0; i -= 1) stack.push({ node: body[i], pointer: `${pointer}/${kind}/${i}`, depth: depth + 1 });
      continue;
    }
    if (!('fact' in node)) {
      fail(pointer, 'RULE.MALFORMED', '条件必须包含 all、any、not 或 fact');
      continue;
    }
    approxChars += validateLeaf(node, pointer, registry, limits, fail);
    if (approxChars > limits.maxJsonChars) {
      fail('', 'RULE.TOO_LARGE', `规则内容超过 ${limits.maxJsonChars} 个字符`);
      break;
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, rule: cleanCopy(input as RuleCondition) };
}

export function assertValidRule(input: unknown, registry: FactRegistry, limits?: RuleLimits): RuleCondition {
  const result = validateRule(input, registry, limits);
  if (!result.ok) throw new RuleValidationError(result.errors);
  return result.rule;
}

type Fail = (pointer: string, code: string, message: string) => void;

/** Returns the approximate JSON size of the leaf, for the overall size limit. */
function validateLeaf(node: Record<string, unknown>, pointer: string, registry: FactRegistry, limits: RuleLimits, fail: Fail): number {
  if ('path' in node) {
    // A path would let a rule reach into nested data with JSONPath; profiles are flat, so refuse it.
    fail(`${pointer}/path`, 'RULE.PATH_NOT_ALLOWED', '不支持 path 取值路径');
    return 0;
  }
  if ('params' in node) {
    fail(`${pointer}/params`, 'RULE.PARAMS_NOT_ALLOWED', '不支持 params 参数');
    return 0;
  }
  const extra = Object.keys(node).find((k) => !LEAF_KEYS.has(k));
  if (extra !== undefined) {
    fail(`${pointer}/${extra}`, 'RULE.MALFORMED', `条件不支持属性“${show(extra)}”`);
    return 0;
  }
  const { fact, operator, value } = node;
  if (typeof fact !== 'string') {
    fail(`${pointer}/fact`, 'RULE.MALFORMED', '条件项 fact 必须是字符串');
    return 0;
  }
  const def = registry.get(fact);
  if (!def) {
    fail(`${pointer}/fact`, 'RULE.UNKNOWN_FACT', `未知的条件项“${show(fact)}”`);
    return 0;
  }
  if (typeof operator !== 'string' || !KNOWN_OPERATORS.has(operator)) {
    fail(`${pointer}/operator`, 'RULE.UNKNOWN_OPERATOR', `未知的运算符“${show(operator)}”`);
    return 0;
  }
  const op = operator as RuleOperator;
  if (!operatorsFor(def).includes(op)) {
    fail(`${pointer}/operator`, 'RULE.OPERATOR_NOT_ALLOWED', `条件项“${def.label}”不支持运算符“${OPERATOR_LABELS[op]}”（${op}）`);
    return 0;
  }
  if (!('value' in node)) {
    fail(`${pointer}/value`, 'RULE.MALFORMED', '条件缺少比较值 value');
    return 0;
  }
  validateValue(def, op, value, `${pointer}/value`, limits, fail);
  return typeof value === 'string' ? value.length + 40 : Array.isArray(value) ? value.length * 12 + 40 : 60;
}

function validateValue(def: FactDefinition, op: RuleOperator, value: unknown, pointer: string, limits: RuleLimits, fail: Fail): void {
  const label = def.label;
  const scalarOk = (v: unknown): string | undefined => {
    // Returns the Chinese description of what was expected when `v` does not fit.
    switch (def.type) {
      case 'money':
        return typeof v === 'number' && Number.isSafeInteger(v) ? undefined : '以分为单位的整数金额';
      case 'integer':
        return typeof v === 'number' && Number.isSafeInteger(v) ? undefined : '整数';
      case 'number':
        return typeof v === 'number' && Number.isFinite(v) ? undefined : '数值';
      case 'boolean':
        return typeof v === 'boolean' ? undefined : '是/否（true 或 false）';
      case 'date':
        return dateProblem(v) === undefined ? undefined : `${ACCEPTED_DATE_RANGE_TEXT}之间 YYYY-MM-DD 格式的有效日期`;
      case 'string':
      case 'enum':
      case 'tags':
        if (typeof v !== 'string' || v.length === 0) return '非空文本';
        return v.length > limits.maxStringLength ? `不超过 ${limits.maxStringLength} 个字符的文本` : undefined;
    }
  };
  const checkScalar = (v: unknown, at: string): boolean => {
    const expected = scalarOk(v);
    if (expected !== undefined) {
      const outOfRange = def.type === 'date' && dateProblem(v) === DateErrorCodes.OutOfRange;
      fail(at, outOfRange ? DateErrorCodes.OutOfRange : 'RULE.INVALID_VALUE', `“${label}”的比较值应为${expected}，实际为“${show(v)}”`);
      return false;
    }
    if (def.type === 'enum' && !def.allowedValues?.some((a) => a.value === v)) {
      const options = (def.allowedValues ?? []).map((a) => `${a.label}（${a.value}）`).join('、');
      fail(at, 'RULE.VALUE_NOT_ALLOWED', `“${label}”不允许取值“${show(v)}”，可选值：${options}`);
      return false;
    }
    return true;
  };
  const checkList = (v: unknown, item: (x: unknown, at: string) => boolean): void => {
    if (!Array.isArray(v) || v.length === 0) {
      fail(pointer, 'RULE.INVALID_VALUE', `“${label}”的比较值应为非空列表`);
      return;
    }
    if (v.length > limits.maxListItems) {
      fail(pointer, 'RULE.INVALID_VALUE', `“${label}”的列表不能超过 ${limits.maxListItems} 项`);
      return;
    }
    v.forEach((x, i) => item(x, `${pointer}/${i}`));
  };
  const checkCode = (x: unknown, at: string): boolean => {
    if (typeof x === 'string' && CODE_PATTERN.test(x)) return true;
    fail(at, 'RULE.INVALID_VALUE', `“${label}”的代码应为 1–12 位数字或大写字母，实际为“${show(x)}”`);
    return false;
  };

  if (isScalarValueOperator(op)) {
    checkScalar(value, pointer);
    return;
  }
  switch (op) {
    case 'in':
    case 'notIn':
    case 'hasAnyTag':
    case 'hasAllTags':
      checkList(value, checkScalar);
      return;
    case 'between':
      if (!Array.isArray(value) || value.length !== 2) {
        fail(pointer, 'RULE.INVALID_VALUE', `“${label}”的“介于”比较值应为 [下限, 上限]`);
        return;
      }
      if (checkScalar(value[0], `${pointer}/0`) && checkScalar(value[1], `${pointer}/1`) && (value[0] as number) > (value[1] as number)) {
        fail(pointer, 'RULE.INVALID_RANGE', `“${label}”的下限不能大于上限`);
      }
      return;
    case 'yearsSinceAtLeast':
    case 'yearsSinceLessThan':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_YEARS) {
        fail(pointer, 'RULE.INVALID_VALUE', `“${label}”的年数应为 0–${MAX_YEARS} 的整数，实际为“${show(value)}”`);
      }
      return;
    case 'inRegion':
      if (Array.isArray(value)) checkList(value, checkCode);
      else checkCode(value, pointer);
      return;
    case 'hasTag':
      checkScalar(value, pointer);
      return;
    default:
      unsupportedOperator(op, 'validation');
  }
}

/** Rebuilds the validated rule from plain objects only (depth is already bounded). */
function cleanCopy(node: RuleCondition): RuleCondition {
  if ('all' in node) return { all: node.all.map(cleanCopy) };
  if ('any' in node) return { any: node.any.map(cleanCopy) };
  if ('not' in node) return { not: cleanCopy(node.not) };
  const value = Array.isArray(node.value) ? [...(node.value as (string | number)[])] : node.value;
  return { fact: node.fact, operator: node.operator, value };
}
