/**
 * The one place that masks personal numbers for display and logs. Stored data keeps the clear value
 * only encrypted (FieldCipher); everything a person or a log line sees goes through these.
 *
 * - phone numbers: first 3 / last 4 — `138****8000` (mobile), `0371-****5678` (landline)
 * - bank accounts and ID numbers: first 6 / last 4 — `622202*********0123`
 */

/** A mobile number (11 digits, 1[3-9]…) or a landline with area code (0371-12345678 / 037112345678). */
export const PHONE_PATTERN = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

export function maskPhone(value: string | null | undefined): string | null {
  if (!value) return null;
  const v = value.replace(/\s/g, '');
  const landline = /^(0\d{2,3})-(\d{7,8})$/.exec(v);
  if (landline) return `${landline[1]}-****${landline[2].slice(-4)}`;
  if (v.length < 8) return '*'.repeat(v.length);
  return `${v.slice(0, 3)}****${v.slice(-4)}`;
}

/** Bank accounts and ID numbers: first 6 / last 4 ("622202******1234"); short values are fully masked. */
export function maskAccount(value: string | null | undefined): string | null {
  if (!value) return null;
  const v = value.replace(/\s/g, '');
  if (v.length <= 10) return '*'.repeat(v.length);
  return `${v.slice(0, 6)}${'*'.repeat(v.length - 10)}${v.slice(-4)}`;
}

/**
 * Unmasked personal numbers in free text: mobile numbers, 18-digit resident ID numbers (last may be
 * X) and bank-account-like digit runs of 12–32. Digits glued to letters, '-', '.' or ':' are not
 * matched, so ids, amounts, timestamps and 统一社会信用代码 (letters inside) pass.
 */
export const SENSITIVE_NUMBER_PATTERNS: ReadonlyArray<{ kind: 'phone' | 'id' | 'account'; re: RegExp }> = [
  { kind: 'id', re: /(?<![\w.:-])[1-9]\d{5}(?:18|19|20|21)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\w.:-])/g },
  { kind: 'phone', re: /(?<![\w.:-])1[3-9]\d{9}(?![\w.:-])/g },
  { kind: 'account', re: /(?<![\w.:-])\d{12,32}(?![\w.:-])/g },
];

/** Masks every unmasked personal number in a text (log lines, error messages). */
export function maskSensitiveText(text: string): string {
  let out = text;
  for (const { kind, re } of SENSITIVE_NUMBER_PATTERNS) {
    out = out.replace(re, (m) => (kind === 'phone' ? (maskPhone(m) as string) : (maskAccount(m) as string)));
  }
  return out;
}
