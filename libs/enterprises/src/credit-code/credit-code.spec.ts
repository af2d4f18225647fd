import fc from 'fast-check';
import {
  CREDIT_CODE_ALPHABET,
  creditCodeCheckChar,
  makeCreditCode,
  normalizeCreditCode,
  orgCodeCheckChar,
  validateCreditCode,
} from './credit-code';

const ALPHABET = [...CREDIT_CODE_ALPHABET];

/** Any structurally valid code: authority, category, region, organization-code body, both check characters. */
const validCodeArb = fc
  .record({
    authority: fc.constantFrom(...'123456789ANY'),
    category: fc.integer({ min: 1, max: 9 }),
    region: fc.integer({ min: 0, max: 999_999 }).map((n) => String(n).padStart(6, '0')),
    body: fc.array(fc.constantFrom(...ALPHABET), { minLength: 8, maxLength: 8 }).map((a) => a.join('')),
  })
  .map(({ authority, category, region, body }) => {
    const first17 = `${authority}${category}${region}${body}${orgCodeCheckChar(body)}`;
    return first17 + creditCodeCheckChar(first17);
  });

const reasonOf = (code: string) => {
  const r = validateCreditCode(code);
  return r.ok ? null : r.reason;
};

describe('validateCreditCode', () => {
  it('accepts published codes, whose two check characters it did not compute', () => {
    // The GB 32100 example: body M000100Y → 22·3 + 1·5 + 34·2 = 139, 139 % 11 = 7, 11 − 7 = 4.
    for (const code of ['91350100M000100Y43', '91110000600037341L', '91330100716105852F', '914403001922038216', '91440300708461136T', '91110108551385082Q']) {
      expect(validateCreditCode(code)).toEqual({ ok: true });
    }
  });

  it('accepts codes made for Zhengzhou districts', () => {
    for (const region of ['410100', '410105', '410172', '410122']) {
      const code = makeCreditCode(region, 12_345);
      expect(code).toMatch(new RegExp(`^91${region}MA[${CREDIT_CODE_ALPHABET}]{8}$`));
      expect(validateCreditCode(code)).toEqual({ ok: true });
    }
    expect(validateCreditCode(makeCreditCode('410105', 7, { authority: '5', category: '2' }))).toEqual({ ok: true }); // 民办非企业单位
  });

  it('names the problem in Chinese', () => {
    const good = '91350100M000100Y43';
    expect(validateCreditCode('')).toEqual({ ok: false, code: 'ENTERPRISE.INVALID_CREDIT_CODE', reason: '不能为空' });
    expect(reasonOf(good.slice(0, 17))).toBe('长度应为18位，实为17位');
    expect(reasonOf(`${good}0`)).toBe('长度应为18位，实为19位');
    expect(reasonOf(`91350100M00010I${good.slice(15)}`)).toBe('第15位含非法字符“I”');
    for (const ch of ['O', 'Z', 'S', 'V', '-', '中']) expect(reasonOf(good.slice(0, 10) + ch + good.slice(11))).toBe(`第11位含非法字符“${ch}”`);
    expect(reasonOf(good.slice(0, 17) + '2')).toBe('校验位错误');
    expect(reasonOf('91350100M000100Y53')).toBe('第9–17位组织机构代码校验位错误');
    expect(reasonOf(`B${good.slice(1)}`)).toBe('第1位登记管理部门代码“B”无效');
    expect(reasonOf(`90${good.slice(2)}`)).toBe('第2位机构类别代码“0”无效');
    expect(reasonOf(`9135A100${good.slice(8)}`)).toBe('第3–8位登记管理机关行政区划码应为6位数字');
  });

  it('refuses lower case and surrounding spaces; normalizeCreditCode is the way in for user input', () => {
    const code = makeCreditCode('410105', 42);
    const lower = code.toLowerCase();
    expect(reasonOf(lower)).toMatch(/^第\d+位含小写字母“[a-z]”，应为大写$/);
    expect(reasonOf(` ${code}`)).toBe('长度应为18位，实为19位');
    expect(normalizeCreditCode(`  ${lower}\t`)).toBe(code);
    expect(normalizeCreditCode('９１３５０１００Ｍ０００１００Ｙ４３')).toBe('91350100M000100Y43'); // full-width from a Chinese IME
    expect(normalizeCreditCode('9135 0100 M000 100Y 43')).toBe('91350100M000100Y43');
  });

  it('accepts every code built with both check characters', () => {
    fc.assert(fc.property(validCodeArb, (code) => validateCreditCode(code).ok));
  });

  it('rejects every single-character substitution, at any position, by any other alphabet character', () => {
    fc.assert(
      fc.property(validCodeArb, (code) => {
        for (let i = 0; i < 18; i++) {
          for (const ch of ALPHABET) {
            if (ch === code[i]) continue;
            const altered = code.slice(0, i) + ch + code.slice(i + 1);
            if (validateCreditCode(altered).ok) throw new Error(`${altered} (position ${i + 1} of ${code}) was accepted`);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('rejects every swap of two different adjacent characters within positions 1–17', () => {
    // Weights are powers of 3 mod 31, so a swap changes the weighted sum by (a − b)(3^i − 3^(i+1)) ≢ 0.
    // A swap of positions 17 and 18 moves the check character itself and is not always caught.
    fc.assert(
      fc.property(validCodeArb, (code) => {
        for (let i = 0; i < 16; i++) {
          if (code[i] === code[i + 1]) continue;
          const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
          if (validateCreditCode(swapped).ok) throw new Error(`${swapped} (swap at ${i + 1} of ${code}) was accepted`);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('makeCreditCode', () => {
  it('is deterministic and gives distinct codes for distinct serials', () => {
    expect(makeCreditCode('410105', 900_001)).toBe(makeCreditCode('410105', 900_001));
    const codes = new Set<string>();
    for (let serial = 0; serial < 100_000; serial++) codes.add(makeCreditCode('410105', serial));
    expect(codes.size).toBe(100_000);
  });

  it('makes valid codes for any region and serial', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 0, max: 31 ** 6 - 1 }), (region, serial) => {
        const code = makeCreditCode(String(region).padStart(6, '0'), serial);
        return code.length === 18 && code.startsWith('91') && validateCreditCode(code).ok;
      }),
    );
  });

  it('refuses inputs it cannot encode', () => {
    expect(() => makeCreditCode('4101', 1)).toThrow(RangeError);
    expect(() => makeCreditCode('410105', -1)).toThrow(RangeError);
    expect(() => makeCreditCode('410105', 1.5)).toThrow(RangeError);
    expect(() => makeCreditCode('410105', 31 ** 6)).toThrow(RangeError);
    expect(() => makeCreditCode('410105', 1, { authority: 'Z' })).toThrow(RangeError);
  });
});
