import fc from 'fast-check';
import { formatMoney, formatYuan, wanYuanToFen, yuanToFen } from './money';

describe('money', () => {
  it('parses 元 text into integer fen exactly', () => {
    expect(yuanToFen('0.1')).toBe(10);
    expect(yuanToFen('1,234.56')).toBe(123456);
    expect(yuanToFen('19.99')).toBe(1999);
    expect(yuanToFen(5)).toBe(500);
    expect(() => yuanToFen('1.234')).toThrow(RangeError);
    expect(() => yuanToFen('abc')).toThrow(RangeError);
  });

  it('parses 万元', () => {
    expect(wanYuanToFen('50')).toBe(50_000_000);
    expect(wanYuanToFen('1.5')).toBe(1_500_000);
  });

  it('formats 元, 万元 and 亿元', () => {
    expect(formatYuan(123456)).toBe('1,234.56元');
    expect(formatYuan(-5)).toBe('-0.05元');
    expect(formatMoney(3_200 * 1_000_000)).toBe('3,200万元');
    expect(formatMoney(125_000_000_00)).toBe('1.25亿元');
    expect(formatMoney(850_000)).toBe('8,500元');
    expect(formatMoney(1250)).toBe('12.5元');
    expect(formatMoney(15_000_000)).toBe('15万元');
  });

  it('round-trips any fen amount through 元 text', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (fen) => {
        expect(yuanToFen(formatYuan(fen).replace('元', ''))).toBe(fen);
      }),
    );
  });
});
