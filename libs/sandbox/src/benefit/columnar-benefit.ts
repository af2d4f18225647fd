import {
  BenefitCaps,
  BenefitFormula,
  BenefitTier,
  ColumnStore,
  divideHalfUp,
  FactRegistry,
  NumericColumn,
  parseRatePpm,
  PPM,
  RowBitset,
} from '@app/rules';

/**
 * Benefit amounts (补贴金额) for many firms at once, straight from the snapshot's columns. Gives
 * exactly what `calculateBenefit` gives per firm (a property test holds it to that): integer fen,
 * rate parts summed exactly and rounded half-up once, 封顶 then 保底 (保底 only for positive
 * amounts), missing value → 0.
 *
 * Exactness without BigInt on the hot path: value × ppm is an exact double while it stays below
 * 2^53, and the half-up division is done on integers with a remainder check. Rows whose product
 * could exceed 2^53 (a 90亿元 revenue at 100%) take the BigInt path, as calculateBenefit does.
 */
const SAFE = Number.MAX_SAFE_INTEGER;

/** A formula prepared once: rates parsed, tier bounds laid out. */
export interface BenefitPlan {
  formula: BenefitFormula;
  /** Column the formula reads; undefined for fixed amounts. */
  factKey?: string;
  /** Amount for one value (NaN = missing). */
  amountOf(value: number): number;
}

export function planBenefit(formula: BenefitFormula, registry: FactRegistry): BenefitPlan {
  if (formula.kind === 'fixed') {
    const amount = withCaps(formula, formula.amount);
    return { formula, amountOf: () => amount };
  }
  // calculateBenefit treats a money value that is not a safe integer as missing.
  const money = registry.require(formula.fact).type === 'money';
  const missing = (v: number) => v !== v || (money && !Number.isSafeInteger(v));
  if (formula.kind === 'rate') {
    const ppm = parseRatePpm(formula.rate) as number;
    return { formula, factKey: formula.fact, amountOf: (v) => (missing(v) ? 0 : withCaps(formula, rateOf(v, ppm))) };
  }
  const ranges = tierRanges(formula.tiers);
  const ppms = formula.tiers.map((t) => (t.rate === undefined ? 0 : (parseRatePpm(t.rate) as number)));
  if (formula.mode === 'bracketed') {
    return {
      formula,
      factKey: formula.fact,
      amountOf: (v) => {
        if (missing(v)) return 0;
        for (let i = 0; i < ranges.length; i += 1) {
          const r = ranges[i];
          const inside = r.loInclusive ? v >= r.lo && v < r.hi : v > r.lo && v <= r.hi;
          if (!inside) continue;
          const tier = formula.tiers[i];
          return withCaps(formula, tier.amount !== undefined ? tier.amount : rateOf(v, ppms[i]));
        }
        return 0;
      },
    };
  }
  const maxPpm = Math.max(...ppms, 0);
  return {
    formula,
    factKey: formula.fact,
    amountOf: (v) => {
      if (missing(v)) return 0;
      let any = false;
      if (!Number.isInteger(v)) {
        // Fractional values (a 'number' fact such as 研发投入强度): calculateBenefit's BigInt path
        // cannot take them; the nearest double is the best defined answer.
        let approx = 0;
        for (let i = 0; i < ranges.length; i += 1) {
          const portion = Math.min(v, ranges[i].hi) - Math.max(ranges[i].lo, 0);
          if (portion <= 0) continue;
          any = true;
          approx += portion * ppms[i];
        }
        return any ? withCaps(formula, Math.floor(approx / PPM + 0.5)) : 0;
      }
      if (Math.abs(v) * maxPpm <= SAFE) {
        // Every slice is ≤ v and non-negative, so the sum of products ≤ v × maxPpm ≤ 2^53: exact.
        let exact = 0;
        for (let i = 0; i < ranges.length; i += 1) {
          const portion = Math.min(v, ranges[i].hi) - Math.max(ranges[i].lo, 0);
          if (portion <= 0) continue;
          any = true;
          exact += portion * ppms[i];
        }
        return any ? withCaps(formula, halfUp(exact)) : 0;
      }
      let big = 0n;
      for (let i = 0; i < ranges.length; i += 1) {
        const portion = Math.min(v, ranges[i].hi) - Math.max(ranges[i].lo, 0);
        if (portion <= 0) continue;
        any = true;
        big += BigInt(portion) * BigInt(ppms[i]);
      }
      return any ? withCaps(formula, divideHalfUp(big, BigInt(PPM))) : 0;
    },
  };
}

/** value × ppm / 10^6 rounded half away from zero, exactly for integers. */
function rateOf(value: number, ppm: number): number {
  if (!Number.isInteger(value)) {
    // See the note on fractional values above: calculateBenefit throws here.
    const x = (Math.abs(value) * ppm) / PPM;
    return Math.sign(value) * Math.floor(x + 0.5);
  }
  if (Math.abs(value) * ppm <= SAFE) {
    const p = value * ppm;
    return p < 0 ? -halfUp(-p) : halfUp(p);
  }
  return divideHalfUp(BigInt(value) * BigInt(ppm), BigInt(PPM));
}

/** Non-negative exact integer p < 2^53 divided by 10^6, half-up. */
function halfUp(p: number): number {
  let q = Math.floor(p / PPM);
  let r = p - q * PPM;
  if (r < 0) {
    q -= 1;
    r += PPM;
  } else if (r >= PPM) {
    q += 1;
    r -= PPM;
  }
  return 2 * r >= PPM ? q + 1 : q;
}

function withCaps(caps: BenefitCaps, raw: number): number {
  let amount = raw > 0 ? raw : 0;
  if (caps.max !== undefined && amount > caps.max) amount = caps.max;
  if (caps.min !== undefined && amount > 0 && amount < caps.min) amount = caps.min;
  return amount;
}

function tierRanges(tiers: readonly BenefitTier[]): { lo: number; hi: number; loInclusive: boolean }[] {
  if (tiers[0].from !== undefined) {
    return tiers.map((t, i) => ({ lo: t.from as number, hi: i + 1 < tiers.length ? (tiers[i + 1].from as number) : Infinity, loInclusive: true }));
  }
  return tiers.map((t, i) => ({ lo: i === 0 ? -Infinity : (tiers[i - 1].upTo as number), hi: t.upTo ?? Infinity, loInclusive: false }));
}

/**
 * Amount per row for the rows in `rows` (others 0), as a Float64Array indexed by row. Integer fen
 * are exact in a double up to 2^53 (9万亿元), and so are their sums.
 *
 * `into` (of exactly `store.rowCount` entries) is cleared and reused instead of allocating: at
 * 1,000,000 firms a fresh array is 8 MB outside the JS heap, and a few of those per request make
 * V8 collect for "external memory pressure" while a slider moves.
 */
export function computeBenefits(plan: BenefitPlan, store: ColumnStore, rows: RowBitset, into?: Float64Array): Float64Array {
  if (into !== undefined && into.length !== store.rowCount) throw new RangeError(`computeBenefits: into has ${into.length} rows, the store ${store.rowCount}`);
  const out = into === undefined ? new Float64Array(store.rowCount) : into.fill(0);
  const data = plan.factKey === undefined ? undefined : (store.column(plan.factKey) as NumericColumn).data;
  const amountOf = plan.amountOf;
  // Fixed amounts: the same number for every row.
  const constant = data === undefined ? amountOf(0) : 0;
  for (let w = 0; w < rows.length; w += 1) {
    let word = rows[w];
    while (word !== 0) {
      const low = word & -word;
      const row = (w << 5) + (31 - Math.clz32(low));
      out[row] = data === undefined ? constant : amountOf(data[row]);
      word ^= low;
    }
  }
  return out;
}

/** Σ amounts over the rows of a bitset. */
export function sumOver(amounts: Float64Array, rows: RowBitset): number {
  let total = 0;
  for (let w = 0; w < rows.length; w += 1) {
    let word = rows[w];
    while (word !== 0) {
      const low = word & -word;
      total += amounts[(w << 5) + (31 - Math.clz32(low))];
      word ^= low;
    }
  }
  return total;
}
