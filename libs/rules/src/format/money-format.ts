/**
 * Money display for explanations. The one 元/万元/亿元 formatter lives in libs/core/money; this
 * module re-exports it for the rules engine and adds the few number helpers explanations need.
 */
export { formatMoney } from '@app/core';

/** "12,345" / "-1,234.5" — thousands separators without depending on the process locale. */
export function groupDigits(value: number): string {
  const [whole, frac] = String(Math.abs(value)).split('.');
  const sign = value < 0 ? '-' : '';
  return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac ? `.${frac}` : ''}`;
}

/** Rounds a display number to at most `decimals` places without trailing zeros ("0.30000000004" → "0.3"). */
export function roundForDisplay(value: number, decimals = 4): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
