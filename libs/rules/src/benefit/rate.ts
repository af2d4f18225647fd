import { MAX_RATE_PPM, PPM } from './benefit.types';

const DECIMAL = /^(\d{1,4})(?:\.(\d{1,6}))?$/;

/** "0.125" → 125000 ppm; undefined when not a decimal with ≤ 6 places within range. */
export function parseRatePpm(rate: unknown): number | undefined {
  if (typeof rate !== 'string') return undefined;
  const m = DECIMAL.exec(rate);
  if (!m) return undefined;
  const ppm = Number(m[1]) * PPM + Number((m[2] ?? '').padEnd(6, '0'));
  return ppm <= MAX_RATE_PPM ? ppm : undefined;
}

/** 125000 ppm → "12.5%". */
export function formatRatePercent(ppm: number): string {
  const whole = Math.floor(ppm / 10_000);
  const frac = String(ppm % 10_000).padStart(4, '0').replace(/0+$/, '');
  return `${whole}${frac ? `.${frac}` : ''}%`;
}

/** value × ppm / 1e6, rounded half-up to an integer (half away from zero), exactly. */
export function applyRate(value: number, ppm: number): number {
  return divideHalfUp(BigInt(value) * BigInt(ppm), BigInt(PPM));
}

export function divideHalfUp(numerator: bigint, denominator: bigint): number {
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  const q = (abs * 2n + denominator) / (denominator * 2n);
  return Number(negative ? -q : q);
}
