/**
 * Money is integer fen (分) everywhere. These helpers are the only place that converts to and
 * from 元 text; never compute with floating-point yuan.
 */
export type Fen = number;

export function assertFen(value: unknown, what = 'amount'): asserts value is Fen {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new RangeError(`${what} must be an integer number of fen, got ${String(value)}`);
  }
}

/** Parses a 元 amount written as text ("1234.5", "1,234.56") into fen without float error. */
export function yuanToFen(yuan: string | number): Fen {
  const text = String(yuan).replace(/[,，\s]/g, '');
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) throw new RangeError(`not a 元 amount: ${String(yuan)}`);
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) throw new RangeError(`amount too large: ${String(yuan)}`);
  return m[1] ? -fen : fen;
}

/** Parses 万元 text into fen ("50" → 50万元, "1.5" → 1.5万元), up to 6 decimals (fen precision). */
export function wanYuanToFen(wan: string | number): Fen {
  const text = String(wan).replace(/[,，\s]/g, '');
  const m = /^(-)?(\d+)(?:\.(\d{1,6}))?$/.exec(text);
  if (!m) throw new RangeError(`not a 万元 amount: ${String(wan)}`);
  const fen = Number(m[2]) * 1_000_000 + Number((m[3] ?? '').padEnd(6, '0'));
  return m[1] ? -fen : fen;
}

const group = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** "12,345.60元" */
export function formatYuan(fen: Fen): string {
  assertFen(fen);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${group(String(Math.floor(abs / 100)))}.${String(abs % 100).padStart(2, '0')}元`;
}

/** Human scale: "3,200万元", "1.25亿元", "8,500元", "12.5元" — trailing zeros trimmed. */
export function formatMoney(fen: Fen): string {
  assertFen(fen);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const scaled = (unitFen: number, unit: string, decimals: number) => {
    const whole = Math.floor(abs / unitFen);
    const rest = abs % unitFen;
    const frac = rest === 0 ? '' : String(rest).padStart(String(unitFen).length - 1, '0').slice(0, decimals).replace(/0+$/, '');
    return `${sign}${group(String(whole))}${frac ? '.' + frac : ''}${unit}`;
  };
  if (abs >= 10_000_000_000) return scaled(10_000_000_000, '亿元', 4);
  if (abs >= 1_000_000) return scaled(1_000_000, '万元', 4);
  return scaled(100, '元', 2);
}

export function sumFen(values: Iterable<Fen>): Fen {
  let total = 0;
  for (const v of values) total += v;
  if (!Number.isSafeInteger(total)) throw new RangeError('sum exceeds safe integer range');
  return total;
}

/** Plain 元 text with two decimals and no separators ("1234.56"), for round-tripping through yuanToFen. */
export function fenToYuanText(fen: Fen): string {
  assertFen(fen);
  const abs = Math.abs(fen);
  return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
