/** Bounds that keep a hostile or accidental rule from costing more than a real one ever needs. */
export interface RuleLimits {
  /** all/any/not nesting, counting the root as 1. */
  maxDepth: number;
  /** Groups plus leaves. */
  maxConditions: number;
  /** Length of the JSON text (for `parseRule`) or the estimated size of an object rule. */
  maxJsonChars: number;
  /** Items in one in/notIn/hasAnyTag/hasAllTags/inRegion list. */
  maxListItems: number;
  /** Characters in one string value. */
  maxStringLength: number;
}

export const DEFAULT_RULE_LIMITS: RuleLimits = {
  maxDepth: 12,
  maxConditions: 200,
  maxJsonChars: 64 * 1024,
  maxListItems: 500,
  maxStringLength: 200,
};
