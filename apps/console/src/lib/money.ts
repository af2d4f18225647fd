/**
 * Money in the browser. The API counts integer fen (分); people type and read 元. Conversion goes
 * through the decimal string, never through floating-point multiplication (0.29 × 100 ≠ 29).
 */

const YUAN = /^(-?)(\d+)(?:\.(\d{0,2}))?$/;

/** The largest amount the API accepts as an exact integer (Number.MAX_SAFE_INTEGER fen). */
export const MAX_FEN = Number.MAX_SAFE_INTEGER;

/**
 * "1,234.5" / "1234.56" / 1234.5 → 123450 / 123456 / 123450 fen. Thousands separators and spaces
 * are ignored. Returns `null` for an empty value, throws `RangeError` (with a Chinese message) for
 * text that is not an amount, has more than two decimals, or is too large to be exact.
 */
export function yuanToFen(input: string | number | null | undefined): number | null {
  if (input === null || input === undefined) return null;
  const text = (typeof input === 'number' ? numberToPlain(input) : input).replace(/[,，\s]/g, '');
  if (text === '') return null;
  const m = YUAN.exec(text);
  if (!m) throw new RangeError(`“${input}”不是有效金额（最多两位小数）`);
  const [, sign, whole, frac = ''] = m;
  const fen = BigInt(whole) * 100n + BigInt((frac + '00').slice(0, 2));
  if (fen > BigInt(MAX_FEN)) throw new RangeError('金额过大');
  const n = Number(fen);
  return sign && n !== 0 ? -n : n;
}

/** 123456 fen → "1234.56"; 100 → "1"; 150 → "1.5" (for form fields: exact, no separators). */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError('金额须为整数（分）');
  const negative = fen < 0;
  const abs = BigInt(Math.abs(fen));
  const whole = abs / 100n;
  const cents = String(abs % 100n).padStart(2, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${cents ? `.${cents}` : ''}`;
}

const group = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/**
 * For reading: 123456 → "1,234.56元", 50000000 → "50万元", 1234500000000 → "123.45亿元" — the
 * 万/亿 forms only when they read short (at most two decimals of the unit) and exact, otherwise the
 * amount in 元 with separators ("4,571,165.92元", not "457.116592万元"): never rounded on screen.
 */
export function formatFen(fen: number): string {
  const yuan = fenToYuan(fen);
  const negative = yuan.startsWith('-');
  const [whole, frac] = (negative ? yuan.slice(1) : yuan).split('.');
  const sign = negative ? '-' : '';
  for (const [unit, zeros] of [['亿元', 8], ['万元', 4]] as const) {
    if (whole.length > zeros) {
      const head = whole.slice(0, -zeros);
      const tail = (whole.slice(-zeros) + (frac ?? '')).replace(/0+$/, '');
      if (tail.length <= 2) return `${sign}${group(head)}${tail ? `.${tail}` : ''}${unit}`;
    }
  }
  return `${sign}${group(whole)}${frac ? `.${frac}` : ''}元`;
}

/** A JavaScript number in plain decimal notation (1e21 → "1000000000000000000000"). */
function numberToPlain(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}
