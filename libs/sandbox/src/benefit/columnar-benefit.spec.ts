import fc from 'fast-check';
import { ENTERPRISE_FACTS } from '@app/contracts';
import { BenefitFormula, calculateBenefit, ColumnStore, FactRegistry, fullBitset, validateBenefitFormula } from '@app/rules';
import { profileArb } from '@app/rules/testing';
import { computeBenefits, planBenefit, sumOver } from './columnar-benefit';

const registry = new FactRegistry(ENTERPRISE_FACTS);
const WAN = 1_000_000;
const MONEY = ['revenue', 'rdExpense', 'taxPaid', 'exports', 'registeredCapital'];
// Rate tiers need integer values (calculateBenefit's BigInt path); amount tiers take any number.
const INTEGERISH = [...MONEY, 'employees'];
const NUMERIC = [...INTEGERISH, 'rdIntensity', 'revenueGrowth'];

const fen = fc.oneof(fc.constantFrom(0, 1, 50, 99, 100, 5 * WAN, 50 * WAN), fc.integer({ min: 0, max: 500 * WAN }));
const rate = fc.oneof(fc.constantFrom('0', '0.1', '0.015', '0.000001', '0.5', '1', '3.333333'), fc.integer({ min: 0, max: 2_000_000 }).map((ppm) => (ppm / 1e6).toFixed(6)));
const caps = fc.record({ min: fc.option(fen, { nil: undefined }), max: fc.option(fen, { nil: undefined }) }, { requiredKeys: [] });
const bounds = (n: number) =>
  fc.uniqueArray(fc.oneof(fc.constantFrom(0, 10, 300, 1_000 * WAN, 5_000 * WAN), fc.integer({ min: -5, max: 20_000 * WAN })), { minLength: n, maxLength: n }).map((b) => b.sort((x, y) => x - y));

const tiersArb: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(fc.constantFrom('bracketed', 'progressive'), fc.constantFrom('upTo', 'from'), fc.integer({ min: 1, max: 4 }), fc.boolean())
  .chain(([mode, style, n, amounts]) =>
    fc.tuple(
      fc.constantFrom(...(mode === 'bracketed' && amounts ? NUMERIC : INTEGERISH)),
      bounds(n),
      fc.array<Record<string, unknown>>(mode === 'bracketed' && amounts ? fen.map((amount) => ({ amount })) : rate.map((r) => ({ rate: r })), { minLength: n, maxLength: n }),
      fc.boolean(),
    ).map(([fact, b, values, openLast]) => ({
      kind: 'tiers',
      fact,
      mode,
      tiers: values.map((v, i) => (style === 'upTo' && openLast && i === n - 1 ? { ...v } : { ...v, [style]: b[i] })),
    })),
  );

const formulaArb: fc.Arbitrary<BenefitFormula> = fc
  .tuple(
    fc.oneof(
      fen.map((amount) => ({ kind: 'fixed', amount }) as Record<string, unknown>),
      fc.tuple(fc.constantFrom(...MONEY), rate).map(([fact, r]) => ({ kind: 'rate', fact, rate: r }) as Record<string, unknown>),
      tiersArb,
    ),
    caps,
  )
  .map(([f, c]) => {
    const out: Record<string, unknown> = { ...f };
    if (c.min !== undefined) out.min = c.min;
    if (c.max !== undefined) out.max = c.max;
    return out;
  })
  .map((f) => validateBenefitFormula(f, registry))
  .filter((r) => r.ok)
  .map((r) => (r as { ok: true; formula: BenefitFormula }).formula);

/** Profiles from the rule property tests, plus huge money values that force the BigInt path (≤ 2^51 so the
 * result stays a safe integer, which calculateBenefit needs to format its explanation). */
const profile = fc.tuple(profileArb(registry), fc.option(fc.integer({ min: 2 ** 40, max: 2 ** 51 }), { nil: undefined })).map(([p, big]) =>
  big === undefined ? p : { ...p, revenue: big },
);

describe('columnar benefit ≡ calculateBenefit', () => {
  it('gives every firm exactly the amount calculateBenefit gives it', () => {
    let positive = 0;
    let total = 0;
    fc.assert(
      fc.property(formulaArb, fc.array(profile, { minLength: 1, maxLength: 40 }), (formula, profiles) => {
        const store = ColumnStore.fromProfiles(registry, profiles);
        const amounts = computeBenefits(planBenefit(formula, registry), store, fullBitset(store.rowCount));
        const expected = profiles.map((p) => calculateBenefit(formula, p, registry).amountFen);
        expect({ formula, amounts: Array.from(amounts) }).toEqual({ formula, amounts: expected });
        expect(sumOver(amounts, fullBitset(store.rowCount))).toBe(expected.reduce((a, b) => a + b, 0));
        total += expected.length;
        positive += expected.filter((a) => a > 0).length;
      }),
      { numRuns: 600, seed: 20261127 },
    );
    // The property means something only if plenty of amounts are non-zero.
    expect(positive / total).toBeGreaterThan(0.3);
  });

  it('computes only the rows asked for (others stay 0)', () => {
    const store = ColumnStore.fromProfiles(registry, [{ rdExpense: 100 * WAN }, { rdExpense: 200 * WAN }, { rdExpense: 300 * WAN }]);
    const rows = new Uint32Array([0b101]);
    const amounts = computeBenefits(planBenefit({ kind: 'rate', fact: 'rdExpense', rate: '0.1' }, registry), store, rows);
    expect(Array.from(amounts)).toEqual([10 * WAN, 0, 30 * WAN]);
  });

  it('reuses an array it is given, clearing what a previous call left in it', () => {
    const store = ColumnStore.fromProfiles(registry, [{ rdExpense: 100 * WAN }, { rdExpense: 200 * WAN }, { rdExpense: 300 * WAN }]);
    const plan = planBenefit({ kind: 'rate', fact: 'rdExpense', rate: '0.1' }, registry);
    const into = new Float64Array(3).fill(7);
    expect(computeBenefits(plan, store, new Uint32Array([0b010]), into)).toBe(into);
    expect(Array.from(into)).toEqual([0, 20 * WAN, 0]);
    expect(() => computeBenefits(plan, store, new Uint32Array([0b1]), new Float64Array(2))).toThrow(RangeError);
  });
});
