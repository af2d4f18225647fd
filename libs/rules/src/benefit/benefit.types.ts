/**
 * Benefit formulas (补贴测算公式), stored as JSON beside the rule. All money is integer fen; rates
 * are decimal strings ("0.1" = 10%, at most 6 decimals) held internally as parts per million, so
 * amount × rate is exact integer arithmetic with a single half-up rounding to fen at the end.
 */
export interface BenefitCaps {
  /** 保底: applied when the formula yields a positive amount below it. */
  min?: number;
  /** 封顶 */
  max?: number;
}

export interface FixedBenefit extends BenefitCaps {
  kind: 'fixed';
  amount: number;
}

export interface RateBenefit extends BenefitCaps {
  kind: 'rate';
  /** A money fact, e.g. rdExpense. */
  fact: string;
  rate: string;
}

/**
 * A tier bounded above (`upTo`, inclusive; the last tier may omit it) or below (`from`,
 * inclusive). One formula uses one style. A tier pays a fixed `amount` or `rate` × value.
 */
export interface BenefitTier {
  upTo?: number;
  from?: number;
  amount?: number;
  rate?: string;
}

export interface TieredBenefit extends BenefitCaps {
  kind: 'tiers';
  fact: string;
  /** bracketed: the one tier containing the value applies to all of it. progressive: each tier's
   * rate applies to the part of the value inside that tier (like tax brackets); rates only. */
  mode: 'bracketed' | 'progressive';
  tiers: BenefitTier[];
}

export type BenefitFormula = FixedBenefit | RateBenefit | TieredBenefit;

export interface BenefitResult {
  amountFen: number;
  /** Chinese arithmetic, e.g. "研发费用 1,000万元 × 10% = 100万元，封顶 50万元 → 50万元". */
  explanation: string;
  /** The fact the formula needs was not reported. */
  missing: boolean;
}

export const PPM = 1_000_000;
/** Rates above 1000% are certainly typing mistakes. */
export const MAX_RATE_PPM = 10 * PPM;
export const MAX_TIERS = 50;
