import type { FactDefinition, FactType } from '@app/contracts';
import type { RuleOperator } from '../rule/rule.types';

/** Which operators each fact type accepts. Anything else is refused at validation time. */
const NUMERIC_OPERATORS: readonly RuleOperator[] = [
  'equal',
  'notEqual',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
  'between',
  'in',
  'notIn',
];

export const OPERATORS_BY_TYPE: Readonly<Record<FactType, readonly RuleOperator[]>> = {
  number: NUMERIC_OPERATORS,
  money: NUMERIC_OPERATORS,
  integer: NUMERIC_OPERATORS,
  string: ['equal', 'notEqual', 'in', 'notIn'],
  enum: ['equal', 'notEqual', 'in', 'notIn'],
  boolean: ['equal', 'notEqual'],
  date: [
    'equal',
    'notEqual',
    'dateBefore',
    'dateAfter',
    'dateOnOrAfter',
    'dateOnOrBefore',
    'yearsSinceAtLeast',
    'yearsSinceLessThan',
  ],
  tags: ['hasTag', 'hasAnyTag', 'hasAllTags'],
};

export function operatorsFor(def: FactDefinition): readonly RuleOperator[] {
  const base = OPERATORS_BY_TYPE[def.type];
  // Hierarchical codes (行政区划 / 国民经济行业) also match by prefix.
  return def.type === 'string' && def.format ? [...base, 'inRegion'] : base;
}

/** Chinese wording of each operator, used by validation messages and explanations. */
export const OPERATOR_LABELS: Readonly<Record<RuleOperator, string>> = {
  equal: '等于',
  notEqual: '不等于',
  lessThan: '低于',
  lessThanInclusive: '不高于',
  greaterThan: '高于',
  greaterThanInclusive: '不低于',
  in: '属于',
  notIn: '不属于',
  between: '介于',
  dateBefore: '早于',
  dateAfter: '晚于',
  dateOnOrAfter: '不早于',
  dateOnOrBefore: '不晚于',
  yearsSinceAtLeast: '满',
  yearsSinceLessThan: '不满',
  hasTag: '具有标签',
  hasAnyTag: '具有任一标签',
  hasAllTags: '具有全部标签',
  inRegion: '位于',
};

/** Largest N accepted for 成立满 N 年. */
export const MAX_YEARS = 200;
