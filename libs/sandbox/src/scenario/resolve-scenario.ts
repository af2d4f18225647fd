import { DomainError } from '@app/core';
import { isAcceptedDate } from '@app/contracts';
import { BenefitFormula, FactRegistry, RuleCondition, RuleError, validateBenefitFormula, validateRule } from '@app/rules';
import { invalid, SandboxErrors } from '../sandbox.errors';
import { applyPatch, PatchOperation, PointerError } from './json-pointer';
import { BudgetPriority, GroupKey, ResolvedScenario, ScenarioDefinition } from './scenario.types';

export const GROUP_KEYS: readonly GroupKey[] = ['district', 'industry', 'scale', 'tag'];
export const DEFAULT_SAMPLE_SIZE = 20;
export const MAX_SAMPLE_SIZE = 200;
const MAX_PATCH_OPS = 100;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Today's date in China (UTC+8), for 成立满N年 when the scenario does not fix `asOf`. */
export function chinaToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * Checks a scenario definition and applies its overrides. Every refusal is a coded DomainError
 * whose details say where: `at` (a pointer into the request) and `errors` (each with the pointer
 * inside the rule or formula, a code and a Chinese message):
 * - SANDBOX.INVALID_SCENARIO — the definition's shape;
 * - SANDBOX.INVALID_OVERRIDE — an edit whose path does not exist;
 * - SANDBOX.INVALID_RULE / SANDBOX.INVALID_FORMULA — validateRule / validateBenefitFormula failed,
 *   on the base (`at: /base/rule`) or on the rule after the edits (`at: /overrides/rule`).
 */
export function resolveScenario(input: unknown, registry: FactRegistry, today = chinaToday()): ResolvedScenario {
  const shape: RuleError[] = [];
  const bad = (pointer: string, message: string) => shape.push({ pointer, code: SandboxErrors.InvalidScenario, message });
  if (!isObject(input)) throw invalid(SandboxErrors.InvalidScenario, '情景定义必须是对象', '', [{ pointer: '', code: SandboxErrors.InvalidScenario, message: '情景定义必须是对象' }]);
  const def = input as Partial<ScenarioDefinition> & Record<string, unknown>;
  for (const key of Object.keys(def)) if (!['base', 'overrides', 'options'].includes(key)) bad(`/${key}`, `情景不支持属性“${key}”`);
  const base = def.base;
  if (isObject(base) && 'itemVersionId' in base) {
    throw new DomainError(SandboxErrors.BaseNotSupported, '暂不支持以政策事项版本为基准，请直接提供条件与公式（政策中心上线后开放）', {
      at: '/base/itemVersionId',
    });
  }
  if (!isObject(base) || !('rule' in base) || !('formula' in base)) bad('/base', '基准须包含 rule（申报条件）与 formula（补贴公式）');
  const overrides = def.overrides ?? {};
  if (!isObject(overrides)) bad('/overrides', 'overrides 必须是对象');
  const o = (isObject(overrides) ? overrides : {}) as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!['rule', 'replaceRule', 'formula', 'replaceFormula', 'budgetCapFen', 'budgetPriority'].includes(key)) bad(`/overrides/${key}`, `不支持的调整项“${key}”`);
  }
  checkOps(o.rule, '/overrides/rule', bad);
  checkOps(o.formula, '/overrides/formula', bad);
  if (o.rule !== undefined && o.replaceRule !== undefined) bad('/overrides/replaceRule', '不能同时逐项修改与整体替换条件');
  if (o.formula !== undefined && o.replaceFormula !== undefined) bad('/overrides/replaceFormula', '不能同时逐项修改与整体替换公式');
  const cap = o.budgetCapFen;
  if (cap !== undefined && !(typeof cap === 'number' && Number.isSafeInteger(cap) && cap >= 0)) bad('/overrides/budgetCapFen', '预算上限应为以分为单位的非负整数');
  if (o.budgetPriority !== undefined && o.budgetPriority !== 'registration' && o.budgetPriority !== 'amountAscending') {
    bad('/overrides/budgetPriority', '资金分配顺序应为 registration（按登记顺序）或 amountAscending（按金额从小到大）');
  }
  const options = def.options ?? {};
  if (!isObject(options)) bad('/options', 'options 必须是对象');
  const op = (isObject(options) ? options : {}) as Record<string, unknown>;
  for (const key of Object.keys(op)) if (!['groupBy', 'industryLevel', 'sampleSize', 'asOf'].includes(key)) bad(`/options/${key}`, `不支持的选项“${key}”`);
  const groupBy = op.groupBy ?? GROUP_KEYS;
  if (!Array.isArray(groupBy) || groupBy.some((g) => !GROUP_KEYS.includes(g as GroupKey))) bad('/options/groupBy', `分组维度只能是 ${GROUP_KEYS.join('、')}`);
  if (op.industryLevel !== undefined && op.industryLevel !== 'section' && op.industryLevel !== 'division') bad('/options/industryLevel', '行业分组应为 section（门类）或 division（大类）');
  const sample = op.sampleSize ?? DEFAULT_SAMPLE_SIZE;
  if (!(typeof sample === 'number' && Number.isInteger(sample) && sample >= 0 && sample <= MAX_SAMPLE_SIZE)) bad('/options/sampleSize', `样例数量应为 0–${MAX_SAMPLE_SIZE} 的整数`);
  if (op.asOf !== undefined && !isAcceptedDate(op.asOf)) bad('/options/asOf', '测算基准日应为 YYYY-MM-DD');
  if (shape.length > 0) throw invalid(SandboxErrors.InvalidScenario, '情景定义不合法', shape[0].pointer, shape);

  const inline = base as { rule: unknown; formula: unknown };
  const ruleOps = o.rule as PatchOperation[] | undefined;
  const formulaOps = o.formula as PatchOperation[] | undefined;
  const baseRule = checkRule(inline.rule, registry, '/base/rule', '基准申报条件不合法');
  const baseFormula = checkFormula(inline.formula, registry, '/base/formula', '基准补贴公式不合法');
  const rule =
    o.replaceRule !== undefined
      ? checkRule(o.replaceRule, registry, '/overrides/replaceRule', '替换后的申报条件不合法')
      : ruleOps
        ? checkRule(patch(baseRule, ruleOps, '/overrides/rule'), registry, '/overrides/rule', '调整后的申报条件不合法')
        : baseRule;
  const formula =
    o.replaceFormula !== undefined
      ? checkFormula(o.replaceFormula, registry, '/overrides/replaceFormula', '替换后的补贴公式不合法')
      : formulaOps
        ? checkFormula(patch(baseFormula, formulaOps, '/overrides/formula'), registry, '/overrides/formula', '调整后的补贴公式不合法')
        : baseFormula;
  return {
    baseRule,
    baseFormula,
    rule,
    formula,
    budget: cap === undefined ? undefined : { capFen: cap as number, priority: (o.budgetPriority as BudgetPriority | undefined) ?? 'registration' },
    groupBy: [...new Set(groupBy as GroupKey[])],
    industryLevel: (op.industryLevel as 'section' | 'division' | undefined) ?? 'section',
    sampleSize: sample as number,
    asOf: (op.asOf as string | undefined) ?? today,
  };
}

function checkOps(ops: unknown, at: string, bad: (pointer: string, message: string) => void): void {
  if (ops === undefined) return;
  if (!Array.isArray(ops) || ops.length > MAX_PATCH_OPS) {
    bad(at, `调整项应为不超过 ${MAX_PATCH_OPS} 条的数组`);
    return;
  }
  ops.forEach((x: unknown, i) => {
    if (!isObject(x) || !['replace', 'add', 'remove'].includes(x.op as string) || typeof x.path !== 'string') {
      bad(`${at}/${i}`, '每条调整须为 {op: replace|add|remove, path: JSON 指针, value}');
    } else if (x.op !== 'remove' && !('value' in x)) bad(`${at}/${i}/value`, '替换与新增须提供 value');
    else if (Object.keys(x).some((k) => !['op', 'path', 'value'].includes(k))) bad(`${at}/${i}`, '调整项只能包含 op、path、value');
  });
}

function patch<T>(doc: T, ops: PatchOperation[], at: string): T {
  try {
    return applyPatch(doc, ops);
  } catch (err) {
    if (!(err instanceof PointerError)) throw err;
    const index = ops.findIndex((x) => x.path === err.pointer);
    throw invalid(SandboxErrors.InvalidOverride, `调整项的路径不存在或不合法：${err.pointer}`, `${at}/${index}/path`, [
      { pointer: err.pointer, code: err.code, message: err.message },
    ]);
  }
}

export function checkRule(rule: unknown, registry: FactRegistry, at: string, message: string): RuleCondition {
  const r = validateRule(rule, registry);
  if (!r.ok) throw invalid(SandboxErrors.InvalidRule, message, at, r.errors);
  return r.rule;
}

function checkFormula(formula: unknown, registry: FactRegistry, at: string, message: string): BenefitFormula {
  const r = validateBenefitFormula(formula, registry);
  if (!r.ok) throw invalid(SandboxErrors.InvalidFormula, message, at, r.errors);
  return r.formula;
}
