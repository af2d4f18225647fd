import type { FactDefinition } from '@app/contracts';
import type { FactRegistry } from '../facts/fact-registry';
import { EnterpriseProfile, readFact } from '../facts/fact-value';
import { formatFactValue } from '../format/fact-format';
import { formatMoney } from '../format/money-format';
import { BenefitCaps, BenefitFormula, BenefitResult, BenefitTier, PPM, TieredBenefit } from './benefit.types';
import { divideHalfUp, formatRatePercent, parseRatePpm } from './rate';

/**
 * Computes the benefit (补贴金额) for one firm. The formula must have passed
 * validateBenefitFormula. Rate parts are summed exactly in fen×ppm and rounded half-up once.
 */
export function calculateBenefit(formula: BenefitFormula, profile: EnterpriseProfile, registry: FactRegistry): BenefitResult {
  if (formula.kind === 'fixed') {
    return withCaps(formula, formula.amount, `固定金额 ${formatMoney(formula.amount)}`);
  }
  const def = registry.require(formula.fact);
  const value = readFact(profile, def);
  const shown = formatFactValue(def, value);
  if (typeof value !== 'number' || (def.type === 'money' && !Number.isSafeInteger(value))) {
    return { amountFen: 0, missing: true, explanation: `${def.label} ${shown}，无法测算，补贴金额为 0` };
  }
  if (formula.kind === 'rate') {
    const ppm = parseRatePpm(formula.rate) as number;
    const raw = divideHalfUp(BigInt(value) * BigInt(ppm), BigInt(PPM));
    return withCaps(formula, raw, `${def.label} ${shown} × ${formatRatePercent(ppm)} = ${formatMoney(raw)}`);
  }
  return formula.mode === 'bracketed' ? bracketed(formula, def, value) : progressive(formula, def, value);
}

/** Lower/upper bounds of each tier as half-open ranges in the tier's own convention. */
function tierRanges(tiers: readonly BenefitTier[]): { lo: number; hi: number; loInclusive: boolean }[] {
  if (tiers[0].from !== undefined) {
    // from-style: [from_i, from_{i+1})
    return tiers.map((t, i) => ({ lo: t.from as number, hi: i + 1 < tiers.length ? (tiers[i + 1].from as number) : Infinity, loInclusive: true }));
  }
  // upTo-style: (upTo_{i-1}, upTo_i]; the first tier starts at -∞ and the last may be unbounded.
  return tiers.map((t, i) => ({ lo: i === 0 ? -Infinity : (tiers[i - 1].upTo as number), hi: t.upTo ?? Infinity, loInclusive: false }));
}

function describeRange(def: FactDefinition, lo: number, hi: number, loInclusive: boolean): string {
  const f = (x: number) => formatFactValue(def, x);
  if (loInclusive) return hi === Infinity ? `${f(lo)} 及以上` : `${f(lo)} 及以上、不足 ${f(hi)}`;
  if (lo === -Infinity) return `不超过 ${f(hi)}`;
  return hi === Infinity ? `超过 ${f(lo)}` : `超过 ${f(lo)} 至 ${f(hi)}`;
}

function bracketed(formula: TieredBenefit, def: FactDefinition, value: number): BenefitResult {
  const ranges = tierRanges(formula.tiers);
  const index = ranges.findIndex((r) => (r.loInclusive ? value >= r.lo : value > r.lo) && (r.loInclusive ? value < r.hi : value <= r.hi));
  const head = `${def.label} ${formatFactValue(def, value)}`;
  if (index < 0) return { amountFen: 0, missing: false, explanation: `${head}，不在任何档位内，补贴金额为 0` };
  const tier = formula.tiers[index];
  const range = ranges[index];
  const where = `${head}，适用第 ${index + 1} 档（${describeRange(def, range.lo, range.hi, range.loInclusive)}）`;
  if (tier.amount !== undefined) return withCaps(formula, tier.amount, `${where}：补助 ${formatMoney(tier.amount)}`);
  const ppm = parseRatePpm(tier.rate) as number;
  const raw = divideHalfUp(BigInt(value) * BigInt(ppm), BigInt(PPM));
  return withCaps(formula, raw, `${where}：${formatFactValue(def, value)} × ${formatRatePercent(ppm)} = ${formatMoney(raw)}`);
}

function progressive(formula: TieredBenefit, def: FactDefinition, value: number): BenefitResult {
  let exact = 0n;
  const parts: string[] = [];
  for (const [i, range] of tierRanges(formula.tiers).entries()) {
    const lo = Math.max(range.lo, 0);
    const portion = Math.min(value, range.hi) - lo;
    if (portion <= 0) continue;
    const ppm = parseRatePpm(formula.tiers[i].rate) as number;
    const product = BigInt(portion) * BigInt(ppm);
    exact += product;
    parts.push(`${formatMoney(portion)} × ${formatRatePercent(ppm)} = ${formatMoney(divideHalfUp(product, BigInt(PPM)))}`);
  }
  const raw = divideHalfUp(exact, BigInt(PPM));
  const head = `${def.label} ${formatFactValue(def, value)}`;
  if (parts.length === 0) return { amountFen: 0, missing: false, explanation: `${head}，未达到任何档位，补贴金额为 0` };
  return withCaps(formula, raw, `${head}，超额累进：${parts.join('；')}；合计 ${formatMoney(raw)}`);
}

/** 封顶 / 保底. A zero or negative result stays 0: 保底 is for firms that qualify for something. */
function withCaps(caps: BenefitCaps, raw: number, text: string): BenefitResult {
  let amount = Math.max(raw, 0);
  let explanation = text;
  if (caps.max !== undefined && amount > caps.max) {
    amount = caps.max;
    explanation += `，封顶 ${formatMoney(caps.max)}`;
  }
  if (caps.min !== undefined && amount > 0 && amount < caps.min) {
    amount = caps.min;
    explanation += `，低于保底按 ${formatMoney(caps.min)} 计`;
  }
  return { amountFen: amount, missing: false, explanation: `${explanation} → ${formatMoney(amount)}` };
}
