import { randomInt } from 'node:crypto';

/** Crockford-like alphabet: no 0/O, 1/I/L, U — nothing a firm misreads on the phone. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';

/**
 * The number a firm quotes (SQ2611-7K3M9QX): the month it was received and seven random characters,
 * the last a check character. It reveals no firm, no count and cannot be enumerated.
 */
export function newAppealNumber(chinaDay: string): string {
  let body = '';
  for (let i = 0; i < 6; i++) body += ALPHABET[randomInt(ALPHABET.length)];
  return `SQ${chinaDay.slice(2, 4)}${chinaDay.slice(5, 7)}-${body}${checkChar(body)}`;
}

/** Weights prime to 30: any single mistyped character changes the check character. */
const WEIGHTS = [1, 7, 11, 13, 17, 19];

function checkChar(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += WEIGHTS[i] * ALPHABET.indexOf(body[i]);
  return ALPHABET[sum % ALPHABET.length];
}

/** Well-formed and its check character fits: a mistyped number is refused before any lookup. */
export function isAppealNumber(value: string): boolean {
  const m = /^SQ\d{4}-([A-Z2-9]{6})([A-Z2-9])$/.exec(value);
  return !!m && [...m[1]].every((c) => ALPHABET.includes(c)) && checkChar(m[1]) === m[2];
}
