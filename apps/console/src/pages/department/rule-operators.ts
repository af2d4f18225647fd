import type { FactDefinition } from '../../api/types';

/**
 * The operators the API accepts per fact type, with their Chinese words (mirrors
 * libs/rules/src/operators/operator-catalog.ts, which the API's validation enforces).
 */
const NUMERIC = ['equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive', 'between', 'in', 'notIn'];
const BY_TYPE: Record<FactDefinition['type'], string[]> = {
  number: NUMERIC,
  money: NUMERIC,
  integer: NUMERIC,
  string: ['equal', 'notEqual', 'in', 'notIn'],
  enum: ['equal', 'notEqual', 'in', 'notIn'],
  boolean: ['equal', 'notEqual'],
  date: ['equal', 'notEqual', 'dateBefore', 'dateAfter', 'dateOnOrAfter', 'dateOnOrBefore', 'yearsSinceAtLeast', 'yearsSinceLessThan'],
  tags: ['hasTag', 'hasAnyTag', 'hasAllTags'],
};

export function operatorsFor(def: FactDefinition): string[] {
  const base = BY_TYPE[def.type] ?? [];
  return def.type === 'string' && def.format ? [...base, 'inRegion'] : base;
}

export const OPERATOR_LABELS: Record<string, string> = {
  equal: '等于', notEqual: '不等于', lessThan: '低于', lessThanInclusive: '不高于', greaterThan: '高于', greaterThanInclusive: '不低于',
  in: '属于', notIn: '不属于', between: '介于', dateBefore: '早于', dateAfter: '晚于', dateOnOrAfter: '不早于', dateOnOrBefore: '不晚于',
  yearsSinceAtLeast: '成立满（年）', yearsSinceLessThan: '成立不满（年）', hasTag: '具有标签', hasAnyTag: '具有任一标签', hasAllTags: '具有全部标签', inRegion: '位于（含下级）',
};
