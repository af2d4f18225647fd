/**
 * The fact registry's shape: every fact a rule may test. Shared by the rules engine (validation,
 * explanation, compilers), the enterprise profiles (一企一档) and the sandbox.
 */
export type FactType = 'number' | 'money' | 'integer' | 'string' | 'enum' | 'boolean' | 'date' | 'tags';

export interface AllowedValue {
  value: string;
  label: string;
}

export interface FactDefinition {
  /** Key used in rules and profiles, e.g. `revenue`. */
  key: string;
  /** Chinese label used in explanations, e.g. `营业收入`. */
  label: string;
  type: FactType;
  /** Display unit. Money facts are stored in integer fen and displayed as 元/万元. */
  unit?: string;
  /** String facts holding hierarchical codes: `region` (GB/T 2260) or `industry` (GB/T 4754). */
  format?: 'region' | 'industry';
  /** Enum facts: the allowed values with Chinese labels. */
  allowedValues?: AllowedValue[];
  /** Column of `enterprise.enterprises` holding this fact (SQL evaluator). */
  column: string;
  description?: string;
}
