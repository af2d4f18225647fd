import type { BenefitFormula, RuleCondition } from '@app/rules';
import type { PatchOperation } from './json-pointer';

/** The base a scenario changes: given inline for now. */
export interface InlineBase {
  rule: unknown;
  formula: unknown;
}
/** Reserved: a published item version of the policy center (政策中心), once it exists. */
export interface ItemVersionBase {
  itemVersionId: string;
}

/** How the money is handed out when a budget cap cannot fund every eligible firm. */
export type BudgetPriority = 'registration' | 'amountAscending';
export const BUDGET_PRIORITIES: readonly BudgetPriority[] = ['registration', 'amountAscending'];

export interface ScenarioOverrides {
  /** JSON-pointer edits of the base rule (replace a threshold, add or remove a condition)… */
  rule?: PatchOperation[];
  /** …or a whole new rule (then `rule` edits are refused). */
  replaceRule?: unknown;
  /** JSON-pointer edits of the base formula (`/rate`, `/max`, `/tiers/1/amount`)… */
  formula?: PatchOperation[];
  /** …or a whole new formula. */
  replaceFormula?: unknown;
  /** 预算上限 in fen. */
  budgetCapFen?: number;
  /** Default `registration`: firms are funded in registration order (先到先得). */
  budgetPriority?: BudgetPriority;
}

export type GroupKey = 'district' | 'industry' | 'scale' | 'tag';
/** `section` (门类, the letter) or `division` (大类, letter + 2 digits). */
export type IndustryLevel = 'section' | 'division';
export const INDUSTRY_LEVELS: readonly IndustryLevel[] = ['section', 'division'];

export interface ScenarioOptions {
  groupBy?: GroupKey[];
  /** `section` (门类, the letter) or `division` (大类, letter + 2 digits). Default `section`. */
  industryLevel?: 'section' | 'division';
  /** Firms listed per gained/lost sample. Default 20, at most 200. */
  sampleSize?: number;
  /** YYYY-MM-DD for 成立满N年 conditions; default today in China. */
  asOf?: string;
}

/** What a leader saves and runs (情景): a base plus overrides. */
export interface ScenarioDefinition {
  base: InlineBase | ItemVersionBase;
  overrides?: ScenarioOverrides;
  options?: ScenarioOptions;
}

/** A definition checked and applied: the rules and formulas the engine runs. */
export interface ResolvedScenario {
  baseRule: RuleCondition;
  baseFormula: BenefitFormula;
  rule: RuleCondition;
  formula: BenefitFormula;
  budget?: { capFen: number; priority: BudgetPriority };
  groupBy: GroupKey[];
  industryLevel: 'section' | 'division';
  sampleSize: number;
  asOf: string;
}
