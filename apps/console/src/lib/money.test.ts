import { describe, expect, it } from 'vitest';
import { fenToYuan, formatFen, yuanToFen } from './money';

describe('money: 元 in forms, integer fen in the API', () => {
  it('converts typed 元 to fen exactly (no floating-point drift)', () => {
    expect(yuanToFen('0.29')).toBe(29);
    expect(yuanToFen(0.29)).toBe(29);
    expect(yuanToFen('1,234.5')).toBe(123450);
    expect(yuanToFen('30000000')).toBe(3_000_000_000);
    expect(yuanToFen('19.99')).toBe(1999);
  });

  it('refuses more than two decimals, text, and amounts beyond exact integers', () => {
    expect(() => yuanToFen('1.234')).toThrow('最多两位小数');
    expect(() => yuanToFen(1.005)).toThrow('最多两位小数');
    expect(() => yuanToFen('12元')).toThrow(RangeError);
    expect(() => yuanToFen('99999999999999999')).toThrow('金额过大');
  });

  it('treats empty input as no value', () => {
    expect(yuanToFen('')).toBeNull();
    expect(yuanToFen('  ')).toBeNull();
    expect(yuanToFen(null)).toBeNull();
  });

  it('round-trips fen → 元 → fen', () => {
    for (const fen of [0, 1, 10, 99, 100, 123456, 3_000_000_000, -2500, Number.MAX_SAFE_INTEGER]) {
      expect(yuanToFen(fenToYuan(fen))).toBe(fen);
    }
    expect(fenToYuan(150)).toBe('1.5');
  });

  it('formats for reading with 万元/亿元 only when exact', () => {
    expect(formatFen(123456)).toBe('1,234.56元');
    expect(formatFen(50_000_000)).toBe('50万元');
    expect(formatFen(125_000_000_00)).toBe('1.25亿元');
    expect(formatFen(123_450_000_000)).toBe('123,450万元'); // 12.345亿元 has three decimals: the 万 form is exact and short
    expect(formatFen(1_234_567)).toBe('12,345.67元'); // not 1.234567万元
    expect(formatFen(4_571_165_92)).toBe('4,571,165.92元');
    expect(formatFen(15_000_000)).toBe('15万元');
    expect(formatFen(0)).toBe('0元');
  });
});
