import { ENTERPRISE_FACTS } from '@app/contracts';
import { FactRegistry } from '../facts/fact-registry';
import { calculateBenefit } from './benefit.calculator';
import { assertValidBenefitFormula, validateBenefitFormula } from './benefit.validator';
import { applyRate, parseRatePpm } from './rate';

const registry = new FactRegistry(ENTERPRISE_FACTS);
const WAN = 1_000_000;
const calc = (formula: unknown, profile: Record<string, unknown>) => calculateBenefit(assertValidBenefitFormula(formula, registry), profile, registry);

describe('benefit formulas', () => {
  it('rate × fact with a cap, explained in Chinese', () => {
    const r = calc({ kind: 'rate', fact: 'rdExpense', rate: '0.1', max: 50 * WAN }, { rdExpense: 1_000 * WAN });
    expect(r.amountFen).toBe(50 * WAN);
    expect(r.explanation).toBe('研发费用 1,000万元 × 10% = 100万元，封顶 50万元 → 50万元');
  });

  it('rounds half-up to the fen exactly (no float drift)', () => {
    expect(parseRatePpm('0.000001')).toBe(1);
    expect(applyRate(50, 10_000)).toBe(1); // 0.5 fen → 1
    expect(applyRate(49, 10_000)).toBe(0); // 0.49 fen → 0
    expect(calc({ kind: 'rate', fact: 'revenue', rate: '0.015' }, { revenue: 33 }).amountFen).toBe(0); // 0.495
    expect(calc({ kind: 'rate', fact: 'revenue', rate: '0.015' }, { revenue: 100 }).amountFen).toBe(2); // 1.5
    // 0.1 + 0.2 style drift would show here: 3 × 0.1 of 1 fen-scale amounts.
    expect(calc({ kind: 'rate', fact: 'revenue', rate: '0.3' }, { revenue: 9_007_199_254_740_991 }).amountFen).toBe(2_702_159_776_422_297);
  });

  it('min applies to positive amounts only; zero and missing stay 0', () => {
    expect(calc({ kind: 'rate', fact: 'rdExpense', rate: '0.1', min: 5 * WAN }, { rdExpense: 10 * WAN }).amountFen).toBe(5 * WAN);
    expect(calc({ kind: 'rate', fact: 'rdExpense', rate: '0.1', min: 5 * WAN }, { rdExpense: 0 }).amountFen).toBe(0);
    const missing = calc({ kind: 'rate', fact: 'rdExpense', rate: '0.1', min: 5 * WAN }, {});
    expect(missing).toMatchObject({ amountFen: 0, missing: true });
    expect(missing.explanation).toContain('研发费用 未填报（缺失）');
  });

  it('fixed amount', () => {
    expect(calc({ kind: 'fixed', amount: 20 * WAN }, {})).toMatchObject({ amountFen: 20 * WAN, explanation: '固定金额 20万元 → 20万元' });
  });

  describe('bracketed tiers (upTo inclusive)', () => {
    const formula = {
      kind: 'tiers',
      fact: 'revenue',
      mode: 'bracketed',
      tiers: [{ upTo: 1_000 * WAN, amount: 10 * WAN }, { upTo: 5_000 * WAN, amount: 30 * WAN }, { amount: 50 * WAN }],
    };
    it.each([
      [0, 10],
      [1_000 * WAN, 10],
      [1_000 * WAN + 1, 30],
      [5_000 * WAN, 30],
      [5_000 * WAN + 1, 50],
    ])('revenue %d fen → %d万元', (revenue, wan) => {
      expect(calc(formula, { revenue }).amountFen).toBe(wan * WAN);
    });
    it('explains the tier', () => {
      expect(calc(formula, { revenue: 3_200 * WAN }).explanation).toBe('营业收入 3,200万元，适用第 2 档（超过 1,000万元 至 5,000万元）：补助 30万元 → 30万元');
    });
  });

  it('bracketed tiers with from (inclusive) and rates; below the first tier is 0', () => {
    const formula = { kind: 'tiers', fact: 'revenue', mode: 'bracketed', tiers: [{ from: 1_000 * WAN, rate: '0.01' }, { from: 5_000 * WAN, rate: '0.02' }] };
    expect(calc(formula, { revenue: 1_000 * WAN - 1 }).amountFen).toBe(0);
    expect(calc(formula, { revenue: 1_000 * WAN }).amountFen).toBe(10 * WAN);
    expect(calc(formula, { revenue: 5_000 * WAN }).amountFen).toBe(100 * WAN);
  });

  it('progressive tiers apply each rate to its slice', () => {
    const formula = { kind: 'tiers', fact: 'revenue', mode: 'progressive', tiers: [{ upTo: 1_000 * WAN, rate: '0.05' }, { rate: '0.03' }], max: 100 * WAN };
    const r = calc(formula, { revenue: 3_200 * WAN });
    expect(r.amountFen).toBe(100 * WAN); // 50万 + 66万 = 116万, capped
    expect(r.explanation).toBe('营业收入 3,200万元，超额累进：1,000万元 × 5% = 50万元；2,200万元 × 3% = 66万元；合计 116万元，封顶 100万元 → 100万元');
    expect(calc(formula, { revenue: 1_000 * WAN }).amountFen).toBe(50 * WAN);
  });

  it.each<[string, unknown, { pointer: string; code: string }]>([
    ['unknown kind', { kind: 'bonus' }, { pointer: '/kind', code: 'FORMULA.UNKNOWN_KIND' }],
    ['negative fixed amount', { kind: 'fixed', amount: -1 }, { pointer: '/amount', code: 'FORMULA.INVALID_AMOUNT' }],
    ['fractional fen', { kind: 'fixed', amount: 1.5 }, { pointer: '/amount', code: 'FORMULA.INVALID_AMOUNT' }],
    ['unknown fact', { kind: 'rate', fact: 'profit', rate: '0.1' }, { pointer: '/fact', code: 'FORMULA.UNKNOWN_FACT' }],
    ['rate on a non-money fact', { kind: 'rate', fact: 'employees', rate: '0.1' }, { pointer: '/fact', code: 'FORMULA.FACT_TYPE' }],
    ['rate as a number', { kind: 'rate', fact: 'revenue', rate: 0.1 }, { pointer: '/rate', code: 'FORMULA.INVALID_RATE' }],
    ['rate with 7 decimals', { kind: 'rate', fact: 'revenue', rate: '0.0000001' }, { pointer: '/rate', code: 'FORMULA.INVALID_RATE' }],
    ['min above max', { kind: 'fixed', amount: 1, min: 10, max: 5 }, { pointer: '/min', code: 'FORMULA.MIN_EXCEEDS_MAX' }],
    ['no tiers', { kind: 'tiers', fact: 'revenue', mode: 'bracketed', tiers: [] }, { pointer: '/tiers', code: 'FORMULA.EMPTY_TIERS' }],
    ['tiers not ascending', { kind: 'tiers', fact: 'revenue', mode: 'bracketed', tiers: [{ upTo: 10, amount: 1 }, { upTo: 5, amount: 2 }] }, { pointer: '/tiers/1/upTo', code: 'FORMULA.TIER_BOUNDS' }],
    ['mixed bounds', { kind: 'tiers', fact: 'revenue', mode: 'bracketed', tiers: [{ from: 0, amount: 1 }, { upTo: 5, amount: 2 }] }, { pointer: '/tiers/1/upTo', code: 'FORMULA.TIER_BOUNDS' }],
    ['amount and rate', { kind: 'tiers', fact: 'revenue', mode: 'bracketed', tiers: [{ amount: 1, rate: '0.1' }] }, { pointer: '/tiers/0', code: 'FORMULA.TIER_VALUE' }],
    ['progressive with amounts', { kind: 'tiers', fact: 'revenue', mode: 'progressive', tiers: [{ amount: 1 }] }, { pointer: '/tiers/0/amount', code: 'FORMULA.TIER_VALUE' }],
    ['unknown property', { kind: 'fixed', amount: 1, bonus: 2 }, { pointer: '/bonus', code: 'FORMULA.MALFORMED' }],
  ])('refuses %s', (_name, formula, expected) => {
    const r = validateBenefitFormula(formula, registry);
    expect(r.ok ? [] : r.errors.map(({ pointer, code }) => ({ pointer, code }))).toContainEqual(expected);
    expect(r.ok ? '' : r.errors[0].message).toMatch(/[\u4e00-\u9fff]/);
  });
});
