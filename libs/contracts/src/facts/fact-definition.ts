/**
 * The fact registry's shape: every fact a rule may test. Shared by the rules engine (validation,
 * explanation, compilers), the enterprise profiles (一企一档) and the sandbox.
 */
export type FactType = 'number' | 'money' | 'integer' | 'string' | 'enum' | 'boolean' | 'date' | 'tags';

export interface AllowedValue {
  value: string;
  label: string;
}

/**
 * Who may write a fact (issue 16, "facts have owners"). A fact comes from a data source — an import of
 * the department's shared data — and only that source, or the owning department's editors correcting
 * it by hand (a reason given, audited, flagged on what it qualifies), may change it.
 */
export interface FactOwner {
  /** Department code whose editors may correct the fact by hand; null: no department, only its data source. */
  department: string | null;
  /** The data source that supplies it, in Chinese (数据来源). */
  source: string;
  /** Never written by a person in any role: only through its source (credit status: the 失信 list import). */
  sourceOnly?: boolean;
  /** Tags: each tag is owned by the department of the tag library entry, not by the fact as a whole. */
  perTag?: boolean;
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
  /** Who may write it (enterprise facts always say; registries built for tests may leave it out). */
  owner?: FactOwner;
}
