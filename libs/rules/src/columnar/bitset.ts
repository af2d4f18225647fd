/** Row sets as Uint32Array bitsets: bit (i & 31) of word (i >>> 5) is row i. */
export type RowBitset = Uint32Array;

export function wordsFor(rows: number): number {
  return (rows + 31) >>> 5;
}

/** A bitset with the first `rows` bits set. */
export function fullBitset(rows: number): RowBitset {
  const bits = new Uint32Array(wordsFor(rows)).fill(0xffffffff);
  const tail = rows & 31;
  if (tail !== 0) bits[bits.length - 1] = (1 << tail) - 1;
  return bits;
}

/** Hamming weight per word (SWAR), summed. */
export function popcount(bits: RowBitset): number {
  let total = 0;
  for (let i = 0; i < bits.length; i += 1) {
    let v = bits[i];
    v -= (v >>> 1) & 0x55555555;
    v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
    total += (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }
  return total;
}

export function hasRow(bits: RowBitset, row: number): boolean {
  return (bits[row >>> 5] & (1 << (row & 31))) !== 0;
}

/** Calls `fn` with each set row index in ascending order. */
export function forEachRow(bits: RowBitset, fn: (row: number) => void): void {
  for (let w = 0; w < bits.length; w += 1) {
    let word = bits[w];
    while (word !== 0) {
      const low = word & -word;
      fn((w << 5) + (31 - Math.clz32(low)));
      word ^= low;
    }
  }
}

export function rowsOf(bits: RowBitset): number[] {
  const rows: number[] = [];
  forEachRow(bits, (r) => rows.push(r));
  return rows;
}
