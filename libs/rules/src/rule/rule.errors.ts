import { defineErrors } from '@app/core';

/** One problem in a rule or formula: where (JSON pointer), what (code) and a Chinese message. */
export interface RuleError {
  pointer: string;
  code: string;
  message: string;
}

/** Thrown by the `assert*` helpers; carries every problem found, not just the first. */
export class RuleValidationError extends Error {
  readonly code = 'RULE.INVALID';
  constructor(readonly errors: RuleError[]) {
    super(errors.map((e) => `${e.pointer || '/'}: ${e.message}`).join('; '));
    this.name = 'RuleValidationError';
  }
}

/** Error catalogue of 规则与补贴公式（校验错误的代码，随 RULE.INVALID 等一并返回）: HTTP status and default Chinese message of every code. */
export const RULE_ERRORS = defineErrors('rules', {
  'FACT.EMPTY': [400, '取值不能为空字符串'],
  'FACT.NEGATIVE': [400, '取值不能为负数'],
  'FACT.UNKNOWN': [400, '未知的条件项'],
  'FACT.UNKNOWN_TAG': [400, '标签库中没有该标签'],
  'FACT.VALUE_NOT_ALLOWED': [400, '取值不在可选范围内'],
  'FACT.WRONG_TYPE': [400, '取值类型不正确'],
  'FORMULA.EMPTY_TIERS': [422, '至少需要一个档位'],
  'FORMULA.FACT_TYPE': [422, '该条件项不能作为计算依据'],
  'FORMULA.INVALID_AMOUNT': [400, '档位金额应为以分为单位的非负整数'],
  'FORMULA.INVALID_RATE': [400, '比例应为不超过 6 位小数的小数文本，如 "0.1" 表示 10%，且不超过 10'],
  'FORMULA.MALFORMED': [422, '补贴公式必须是对象'],
  'FORMULA.MIN_EXCEEDS_MAX': [422, '保底金额不能高于封顶金额'],
  'FORMULA.TIER_BOUNDS': [422, '同一公式的档位须统一使用 upTo（上限）或 from（下限）'],
  'FORMULA.TIER_VALUE': [422, '每个档位须且只能指定 amount（金额）或 rate（比例）之一'],
  'FORMULA.UNKNOWN_FACT': [422, '未知的计算依据'],
  'FORMULA.UNKNOWN_KIND': [422, '公式类型 kind 必须是 fixed（固定金额）、rate（按比例）或 tiers（分档）'],
  'RULE.EMPTY_GROUP': [422, '条件组不能为空'],
  'RULE.FORBIDDEN_KEY': [422, '不允许的属性名'],
  'RULE.INVALID': [400, '申报条件不合法'],
  'RULE.INVALID_JSON': [400, '条件不是合法的 JSON'],
  'RULE.INVALID_RANGE': [400, '区间上下限不正确'],
  'RULE.INVALID_VALUE': [400, '取值类型不正确'],
  'RULE.MALFORMED': [422, '条件必须是对象'],
  'RULE.OPERATOR_NOT_ALLOWED': [422, '该条件项不支持此运算符'],
  'RULE.PARAMS_NOT_ALLOWED': [422, '不支持 params 参数'],
  'RULE.PATH_NOT_ALLOWED': [422, '不支持 path 取值路径'],
  'RULE.TOO_DEEP': [422, '条件嵌套层数过多'],
  'RULE.TOO_LARGE': [413, '条件内容过大'],
  'RULE.TOO_MANY_CONDITIONS': [422, '条件数量过多'],
  'RULE.UNKNOWN_FACT': [422, '未知的条件项'],
  'RULE.UNKNOWN_OPERATOR': [422, '未知的运算符'],
  'RULE.UNSATISFIABLE': [422, '申报条件相互矛盾，任何企业都无法满足'],
  'RULE.VALUE_NOT_ALLOWED': [422, '取值不在可选范围内'],
});
