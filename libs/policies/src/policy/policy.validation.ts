import { ENTERPRISE_FACTS, isAcceptedDate } from '@app/contracts';
import { DomainError } from '@app/core';
import { FactRegistry, isLeaf, isAll, isAny, RuleCondition, validateBenefitFormula, validateRule, isUnsatisfiable } from '@app/rules';
import { CASH_OUT_MODES, EditablePolicyField, ItemContent, POLICY_CATEGORIES, POLICY_LEVELS, PolicyChanges, PolicyMeta } from './policy.types';

export const ENTERPRISE_REGISTRY = new FactRegistry(ENTERPRISE_FACTS);

export interface FieldProblem {
  pointer: string;
  code: string;
  message: string;
}

const validDate = (s: unknown): s is string => isAcceptedDate(s);

/** Facts a rule tests: re-matching after a profile change only considers items that use a changed fact. */
export function factsUsed(rule: RuleCondition): string[] {
  const out = new Set<string>();
  const stack: RuleCondition[] = [rule];
  while (stack.length) {
    const n = stack.pop()!;
    if (isLeaf(n)) out.add(n.fact);
    else if (isAll(n)) stack.push(...n.all);
    else if (isAny(n)) stack.push(...n.any);
    else stack.push(n.not);
  }
  return [...out].sort();
}

/** Validates item content; every problem has a JSON pointer, a code and a Chinese message. */
export function validateItemContent(input: Partial<ItemContent>, base = ''): FieldProblem[] {
  const p: FieldProblem[] = [];
  const add = (pointer: string, code: string, message: string) => p.push({ pointer: `${base}${pointer}`, code, message });
  if (typeof input.name !== 'string' || input.name.trim().length < 2 || input.name.length > 200) add('/name', 'ITEM.INVALID_NAME', '事项名称应为 2–200 字');
  const rule = validateRule(input.rule, ENTERPRISE_REGISTRY);
  if (!rule.ok) for (const e of rule.errors) add(`/rule${e.pointer}`, e.code, e.message);
  else if (isUnsatisfiable(rule.rule, ENTERPRISE_REGISTRY)) add('/rule', 'RULE.UNSATISFIABLE', '申报条件相互矛盾，任何企业都无法满足');
  const formula = validateBenefitFormula(input.formula, ENTERPRISE_REGISTRY);
  if (!formula.ok) for (const e of formula.errors) add(`/formula${e.pointer}`, e.code, e.message);
  if (!CASH_OUT_MODES.includes(input.mode as never)) add('/mode', 'ITEM.INVALID_MODE', `兑现方式应为 ${CASH_OUT_MODES.join('/')}`);
  for (const k of ['applyFrom', 'applyTo', 'effectiveTo'] as const) {
    if (input[k] != null && !validDate(input[k])) add(`/${k}`, 'ITEM.INVALID_DATE', `${k} 应为有效日期 YYYY-MM-DD`);
  }
  if (!validDate(input.effectiveFrom)) add('/effectiveFrom', 'ITEM.INVALID_DATE', '生效日期应为有效日期 YYYY-MM-DD');
  if (input.applyFrom && input.applyTo && input.applyTo < input.applyFrom) add('/applyTo', 'ITEM.INVALID_WINDOW', '申报截止日期早于开始日期');
  if (input.effectiveTo && input.effectiveFrom && input.effectiveTo < input.effectiveFrom) add('/effectiveTo', 'ITEM.INVALID_WINDOW', '失效日期早于生效日期');
  if (!Number.isSafeInteger(input.fundPoolFen) || (input.fundPoolFen as number) < 0) add('/fundPoolFen', 'ITEM.INVALID_POOL', '资金池金额应为非负整数（分）');
  if (!Array.isArray(input.materials) || input.materials.some((m) => typeof m !== 'string' || m.length > 200) || input.materials.length > 50) {
    add('/materials', 'ITEM.INVALID_MATERIALS', '申报材料应为不超过 50 项的文字列表');
  }
  if (input.exclusionGroup != null && !/^[a-z0-9_-]{1,64}$/.test(input.exclusionGroup)) add('/exclusionGroup', 'ITEM.INVALID_EXCLUSION_GROUP', '不重复享受分组代码应为小写字母、数字、_ 或 -');
  return p;
}

export function validatePolicyMeta(input: Partial<PolicyMeta>, base = ''): FieldProblem[] {
  const p: FieldProblem[] = [];
  const add = (pointer: string, code: string, message: string) => p.push({ pointer: `${base}${pointer}`, code, message });
  if (typeof input.code !== 'string' || !/^[A-Za-z0-9_.-]{2,64}$/.test(input.code)) add('/code', 'POLICY.INVALID_CODE', '政策编码应为 2–64 位字母、数字或 _ . -');
  if (typeof input.title !== 'string' || input.title.trim().length < 4 || input.title.length > 300) add('/title', 'POLICY.INVALID_TITLE', '政策标题应为 4–300 字');
  if (!POLICY_LEVELS.includes(input.level as never)) add('/level', 'POLICY.INVALID_LEVEL', '政策层级应为 national/provincial/municipal/county');
  if (!POLICY_CATEGORIES.includes(input.category as never)) add('/category', 'POLICY.INVALID_CATEGORY', '政策类别应为 subsidy/reduction/qualification/service');
  if (!validDate(input.effectiveFrom)) add('/effectiveFrom', 'POLICY.INVALID_DATE', '生效日期应为有效日期 YYYY-MM-DD');
  if (input.effectiveTo != null && !validDate(input.effectiveTo)) add('/effectiveTo', 'POLICY.INVALID_DATE', '失效日期应为有效日期 YYYY-MM-DD');
  if (input.publishDate != null && !validDate(input.publishDate)) add('/publishDate', 'POLICY.INVALID_DATE', '发布日期应为有效日期 YYYY-MM-DD');
  if (validDate(input.effectiveFrom) && input.effectiveTo != null && validDate(input.effectiveTo) && input.effectiveTo < input.effectiveFrom) {
    add('/effectiveTo', 'POLICY.INVALID_WINDOW', '失效日期早于生效日期');
  }
  if (input.tags && (!Array.isArray(input.tags) || input.tags.some((t) => typeof t !== 'string'))) add('/tags', 'POLICY.INVALID_TAGS', '标签应为文字列表');
  if (input.sourceUrl != null && !/^https?:\/\/\S+$/.test(input.sourceUrl)) add('/sourceUrl', 'POLICY.INVALID_URL', '来源链接应为 http(s) 地址');
  if (input.interpretation != null && (typeof input.interpretation !== 'string' || input.interpretation.length > 20_000)) {
    add('/interpretation', 'POLICY.INVALID_INTERPRETATION', '政策解读应为不超过 20000 字的文字');
  }
  if (input.faq != null) {
    if (!Array.isArray(input.faq) || input.faq.length > 50) add('/faq', 'POLICY.INVALID_FAQ', '常见问题应为不超过 50 条的列表');
    else input.faq.forEach((f, i) => {
      const ok = (v: unknown, max: number) => typeof v === 'string' && v.trim().length > 0 && v.length <= max;
      if (typeof f !== 'object' || f === null || !ok(f.question, 300) || !ok(f.answer, 5_000)) {
        add(`/faq/${i}`, 'POLICY.INVALID_FAQ', '每条常见问题须有问题（≤300 字）和回答（≤5000 字）');
      }
    });
  }
  return p;
}

/**
 * Validates an edit of a policy's information (政策信息) with the creation rules, on the policy as it
 * would become. Only problems of the fields being changed are reported — pointers under /changes — so
 * an older policy's imperfection elsewhere does not block an unrelated edit; a changed date is
 * checked against the other end of the window. Clearing is done with null for the optional fields,
 * [] for tags and FAQ, '' for the full text; required fields cannot be cleared.
 */
export function validatePolicyChanges(current: PolicyMeta, changes: PolicyChanges): FieldProblem[] {
  const touched = new Set(Object.keys(changes));
  const datesTouched = touched.has('effectiveFrom') || touched.has('effectiveTo');
  const problems = validatePolicyMeta({ ...current, ...changes }, '/changes').filter((p) => {
    const field = p.pointer.split('/')[2];
    return touched.has(field) || (p.code === 'POLICY.INVALID_WINDOW' && datesTouched);
  });
  const add = (field: EditablePolicyField, code: string, message: string) => problems.push({ pointer: `/changes/${field}`, code, message });
  const c = changes as Record<string, unknown>;
  if (touched.has('tags') && (!Array.isArray(c.tags) || c.tags.length > 50 || c.tags.some((t) => typeof t !== 'string' || !t.trim() || t.length > 50))) {
    if (!problems.some((p) => p.pointer === '/changes/tags')) add('tags', 'POLICY.INVALID_TAGS', '标签应为不超过 50 个、每个不超过 50 字的文字列表');
  }
  if (touched.has('docNumber') && c.docNumber !== null && (typeof c.docNumber !== 'string' || c.docNumber.length > 100)) {
    add('docNumber', 'POLICY.INVALID_TEXT', '文号应为不超过 100 字的文字');
  }
  if (touched.has('sourceUrl') && typeof c.sourceUrl === 'string' && c.sourceUrl.length > 2000) add('sourceUrl', 'POLICY.INVALID_URL', '来源链接不能超过 2000 字');
  if (touched.has('fullText') && (typeof c.fullText !== 'string' || c.fullText.length > 200_000)) add('fullText', 'POLICY.INVALID_TEXT', '原文应为不超过 200000 字的文字');
  if (touched.has('faq') && !Array.isArray(c.faq) && !problems.some((p) => p.pointer.startsWith('/changes/faq'))) {
    add('faq', 'POLICY.INVALID_FAQ', '常见问题应为列表（清空请传 []）');
  }
  return problems;
}

export function assertNoProblems(problems: FieldProblem[], code = 'POLICY.INVALID'): void {
  if (problems.length) throw new DomainError(code, '政策内容校验未通过', { errors: problems });
}
