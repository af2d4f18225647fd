/**
 * Benefit rates. The API stores a rate as a decimal string ("0.1" = 10%, at most 6 decimals);
 * people type percent. Conversion shifts the decimal point in the text, never through floats.
 */
const DECIMAL = /^(\d+)(?:\.(\d*))?$/;

/** Moves the decimal point of a non-negative decimal text `places` to the left (negative: right), normalised. */
function shift(text: string, places: number): string | null {
  const m = DECIMAL.exec(text.trim());
  if (!m) return null;
  const [, whole, frac = ''] = m;
  const digits = whole + frac;
  let point = whole.length - places;
  let padded = digits;
  if (point <= 0) {
    padded = '0'.repeat(1 - point) + digits;
    point = 1;
  } else if (point > digits.length) {
    padded = digits + '0'.repeat(point - digits.length);
  }
  const int = padded.slice(0, point).replace(/^0+(?=\d)/, '');
  const dec = padded.slice(point).replace(/0+$/, '');
  return dec ? `${int}.${dec}` : int;
}

/** "12.5" (%) → "0.125"; "" → ""; text that is not a percentage → null. */
export function percentToRate(percent: string | null | undefined): string | null {
  if (percent === null || percent === undefined || percent.trim() === '') return '';
  return shift(percent, 2);
}

/** "0.125" → "12.5" (%); a rate that is not a decimal text → null. */
export function rateToPercent(rate: string | null | undefined): string | null {
  if (rate === null || rate === undefined || rate === '') return null;
  return shift(rate, -2);
}
