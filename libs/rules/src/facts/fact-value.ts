import { dateProblem, dateProblemMessage, FactDefinition } from '@app/contracts';
import { isIsoDate } from './day-number';

/** A profile (一企一档 snapshot) keyed by fact key. Any fact may be absent. */
export type EnterpriseProfile = Readonly<Record<string, unknown>>;

/** The value a leaf compares, after input hygiene. `undefined` means 缺失 (missing). */
export type FactValue = number | string | boolean | readonly string[] | undefined;

/**
 * Reads a fact from a profile the way every evaluator does: null, absent and ill-typed values are
 * all "missing", so a string in a money field can never pass a numeric test in one evaluator and
 * fail in another. Own properties only — a profile key named like an Object.prototype member must
 * not resolve to the prototype.
 */
export function readFact(profile: EnterpriseProfile, def: FactDefinition): FactValue {
  if (!Object.prototype.hasOwnProperty.call(profile, def.key)) return undefined;
  const raw = profile[def.key];
  switch (def.type) {
    case 'number':
    case 'money':
    case 'integer':
      return typeof raw === 'number' && Number.isFinite(raw) ? raw : undefined;
    case 'string':
    case 'enum':
      return typeof raw === 'string' ? raw : undefined;
    case 'boolean':
      return typeof raw === 'boolean' ? raw : undefined;
    case 'date':
      return isIsoDate(raw) ? raw : undefined;
    case 'tags':
      return Array.isArray(raw) ? raw.filter((t): t is string => typeof t === 'string') : undefined;
  }
}

/** Why a boundary refuses a fact value: a field-level code and a Chinese message. */
export interface FactValueProblem {
  code: string;
  message: string;
}

export const FactValueCodes = {
  WrongType: 'FACT.WRONG_TYPE',
  Empty: 'FACT.EMPTY',
  Negative: 'FACT.NEGATIVE',
  NotAllowed: 'FACT.VALUE_NOT_ALLOWED',
  UnknownTag: 'FACT.UNKNOWN_TAG',
} as const;

const TYPE_WORDING: Record<FactDefinition['type'], string> = {
  money: '以分为单位的非负整数',
  integer: '非负整数',
  number: '数值',
  boolean: 'true 或 false',
  date: 'YYYY-MM-DD 格式的日期',
  enum: '可选值之一',
  string: '非空文本',
  tags: '标签代码列表',
};

/**
 * What every boundary that takes typed facts (the calculator, a profile patch) accepts, so that a
 * value is either right or refused with a code — and "missing" means only absent or null. readFact
 * above stays lenient because stored data has already passed this check.
 */
export function checkFactValue(def: FactDefinition, value: unknown, knownTags?: ReadonlySet<string>): FactValueProblem | undefined {
  const label = def.label;
  const wrong = (): FactValueProblem => ({ code: FactValueCodes.WrongType, message: `“${label}”应为${TYPE_WORDING[def.type]}` });
  if (value === '') return { code: FactValueCodes.Empty, message: `“${label}”不能为空字符串；没有该项数据时请省略或填 null` };
  switch (def.type) {
    case 'money':
    case 'integer':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) return wrong();
      return value < 0 ? { code: FactValueCodes.Negative, message: `“${label}”不能为负数` } : undefined;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : wrong();
    case 'boolean':
      return typeof value === 'boolean' ? undefined : wrong();
    case 'date': {
      const problem = dateProblem(value);
      return problem ? { code: problem, message: dateProblemMessage(`“${label}”`, value) } : undefined;
    }
    case 'enum':
      if (typeof value !== 'string') return wrong();
      if ((def.allowedValues ?? []).some((a) => a.value === value)) return undefined;
      return {
        code: FactValueCodes.NotAllowed,
        message: `“${label}”不允许取值“${value.slice(0, 40)}”，可选值：${(def.allowedValues ?? []).map((a) => `${a.label}（${a.value}）`).join('、')}`,
      };
    case 'string':
      return typeof value === 'string' && value.trim() !== '' && value.length <= 200 ? undefined : wrong();
    case 'tags': {
      if (!Array.isArray(value) || !value.every((t) => typeof t === 'string' && t !== '')) return wrong();
      const unknown = knownTags ? value.filter((t: string) => !knownTags.has(t)) : [];
      return unknown.length ? { code: FactValueCodes.UnknownTag, message: `未知的标签代码：${unknown.slice(0, 10).join('、')}` } : undefined;
    }
  }
}
