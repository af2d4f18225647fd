/**
 * 统一社会信用代码 (unified social credit code) per GB 32100-2015:
 *
 *   pos 1      登记管理部门代码 (registration authority: 9 = 市场监管/工商, 5 = 民政, 1 = 机构编制, …)
 *   pos 2      机构类别代码 (for authority 9: 1 企业, 2 个体工商户, 3 农民专业合作社)
 *   pos 3–8    登记管理机关行政区划码 (GB/T 2260, 6 digits)
 *   pos 9–17   主体标识码 = 组织机构代码 (GB 11714): 8 body characters + its own check character
 *   pos 18     校验码 over positions 1–17
 *
 * Validation is strict: it accepts only the canonical form (18 upper-case characters, nothing else)
 * so that what is validated is exactly what is stored under the UNIQUE constraint. Callers that take
 * user input run `normalizeCreditCode` first (trim, drop inner spaces, full-width → half-width,
 * upper-case).
 */

/** The 31 characters of the code: digits and upper-case letters without I, O, S, V, Z. */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Weights of positions 1–17 for the final check character (3^(i) mod 31). */
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
/** GB 11714 weights of the 8 body characters of the organization code. */
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/** 登记管理部门代码 in use (GB 32100-2015 附录 A and later assignments). */
const REGISTRATION_AUTHORITIES = new Set(['1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'N', 'Y']);

export type CreditCodeValidation =
  | { ok: true }
  | { ok: false; code: 'ENTERPRISE.INVALID_CREDIT_CODE'; reason: string };

/** Index of each character in the alphabet (−1 when not in it); ASCII only. */
const CREDIT_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < CREDIT_CODE_ALPHABET.length; i++) CREDIT_VALUE[CREDIT_CODE_ALPHABET.charCodeAt(i)] = i;

/** GB 11714 value of a character: 0–9 as themselves, A–Z as 10–35 (not the credit-code index). */
function orgValue(charCode: number): number {
  return charCode <= 57 ? charCode - 48 : charCode - 55;
}

function creditValue(charCode: number): number {
  return charCode < 128 ? CREDIT_VALUE[charCode] : -1;
}

/** The check character (position 18) for the first 17 characters, which must be in the alphabet. */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError(`expected 17 characters, got ${first17.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = creditValue(first17.charCodeAt(i));
    if (v < 0) throw new RangeError(`character “${first17[i]}” is not in the credit-code alphabet`);
    sum += v * CREDIT_WEIGHTS[i];
  }
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31];
}

/** The GB 11714 check character of an 8-character organization-code body (digits or A–Z). */
export function orgCodeCheckChar(body8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(body8)) throw new RangeError(`not an organization-code body: ${body8}`);
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += orgValue(body8.charCodeAt(i)) * ORG_WEIGHTS[i];
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

const invalid = (reason: string): CreditCodeValidation => ({ ok: false, code: 'ENTERPRISE.INVALID_CREDIT_CODE', reason });

/** Validates a code in canonical form; the reason is Chinese and names the first problem found. */
export function validateCreditCode(code: string): CreditCodeValidation {
  if (typeof code !== 'string' || code.length === 0) return invalid('不能为空');
  const chars = Array.from(code); // by code point, so a full-width or CJK character counts once
  if (chars.length !== 18) return invalid(`长度应为18位，实为${chars.length}位`);
  for (let i = 0; i < 18; i++) {
    const ch = chars[i];
    if (creditValue(ch.charCodeAt(0)) >= 0 && ch.length === 1) continue;
    if (/^[a-z]$/.test(ch)) return invalid(`第${i + 1}位含小写字母“${ch}”，应为大写`);
    if (/^\s$/.test(ch)) return invalid(`第${i + 1}位含空白字符`);
    return invalid(`第${i + 1}位含非法字符“${ch}”`);
  }
  if (!REGISTRATION_AUTHORITIES.has(code[0])) return invalid(`第1位登记管理部门代码“${code[0]}”无效`);
  if (!/^[1-9]$/.test(code[1])) return invalid(`第2位机构类别代码“${code[1]}”无效`);
  if (!/^\d{6}$/.test(code.slice(2, 8))) return invalid('第3–8位登记管理机关行政区划码应为6位数字');
  if (code[16] !== orgCodeCheckChar(code.slice(8, 16))) return invalid('第9–17位组织机构代码校验位错误');
  if (code[17] !== creditCodeCheckChar(code.slice(0, 17))) return invalid('校验位错误');
  return { ok: true };
}

/** Full-width ASCII (Ａ１ from a Chinese IME) to half-width, spaces and dashes removed, upper-cased. */
export function normalizeCreditCode(raw: string): string {
  return raw
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000-]/g, '')
    .toUpperCase();
}

export interface MakeCreditCodeOptions {
  /** 登记管理部门代码, default '9' (市场监管). */
  authority?: string;
  /** 机构类别代码, default '1' (企业). */
  category?: string;
}

/** Serials map onto 'MA' + 6 alphabet characters, the range registration offices use for new firms. */
const SERIAL_SPACE = 31 ** 6; // 887,503,681
/** Multiplier coprime to 31^6: a bijection on the serial space that spreads neighbouring serials. */
const SERIAL_SCRAMBLE = 4_782_969; // 3^14, not divisible by 31

/**
 * A valid code for a region and a serial: injective in (regionCode, serial, authority, category),
 * deterministic, and cheap enough to call a million times. For demo data and test factories.
 */
export function makeCreditCode(regionCode: string, serial: number, opts: MakeCreditCodeOptions = {}): string {
  const authority = opts.authority ?? '9';
  const category = opts.category ?? '1';
  if (!/^\d{6}$/.test(regionCode)) throw new RangeError(`region code must be 6 digits, got “${regionCode}”`);
  if (!Number.isSafeInteger(serial) || serial < 0 || serial >= SERIAL_SPACE) {
    throw new RangeError(`serial must be an integer in [0, ${SERIAL_SPACE}), got ${serial}`);
  }
  if (!REGISTRATION_AUTHORITIES.has(authority)) throw new RangeError(`unknown registration authority “${authority}”`);
  if (!/^[1-9]$/.test(category)) throw new RangeError(`category must be a digit 1–9, got “${category}”`);
  // serial * 3^14 < 31^6 * 3^14 ≈ 4.2e15 < 2^53, so the product is exact.
  let n = (serial * SERIAL_SCRAMBLE) % SERIAL_SPACE;
  let tail = '';
  for (let i = 0; i < 6; i++) {
    tail = CREDIT_CODE_ALPHABET[n % 31] + tail;
    n = Math.floor(n / 31);
  }
  const body = `MA${tail}`;
  const first17 = `${authority}${category}${regionCode}${body}${orgCodeCheckChar(body)}`;
  return first17 + creditCodeCheckChar(first17);
}
