/**
 * Leaf kernels of the columnar evaluator: one monomorphic loop per comparison shape (a shared loop
 * calling a predicate closure would make the call site megamorphic and several times slower).
 *
 * A kernel visits only the words listed in `words[0..count)`: for each listed word w it writes
 * `out[w] = test(rows of w) & mask[w]`, then compacts the list in place to the words whose result
 * is non-zero and returns their number. Unlisted words are neither read nor written. So inside an
 * `all`, a later condition only visits the words that still have a candidate row — once the mask is
 * sparse, most of the bitset is never looked at again — and a kernel can be run on a small sample
 * of words to estimate its selectivity.
 *
 * Within a listed word with mask m:
 * - more than DENSE_MIN rows set: all 32 rows are tested and the result is ANDed with m;
 * - otherwise only the set bits of m are visited (none when m is 0).
 * Both loops are branch-free: a comparison becomes 0/1 with unary `+` and is combined with `&`/`|`,
 * so a condition that holds for half the rows costs no mispredicted branches (`a && b ? 1 : 0`
 * compiles to jumps and was several times slower at 40 % selectivity on the benchmark data).
 *
 * Rows past rowCount (up to the store's capacity) hold the "missing" sentinel and are masked off.
 */
export type WordOp = (mask: Uint32Array, out: Uint32Array, words: Int32Array, count: number) => number;

const FULL = 0xffffffff;
/** A word with more rows than this is tested densely (measured crossover: ~20–28 of 32). */
const DENSE_MIN = 24;

/** Hamming weight of a 32-bit word (SWAR). */
export function bitCount(v: number): number {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function dense(m: number): boolean {
  return m === FULL || bitCount(m) > DENSE_MIN;
}

/** lo ≤ x ≤ hi; NaN (missing) fails every comparison. */
export function numericRange(data: Float64Array, lo: number, hi: number): WordOp {
  return (mask, out, words, count) => {
    let kept = 0;
    for (let k = 0; k < count; k += 1) {
      const w = words[k];
      const m = mask[w];
      const base = w << 5;
      let bits = 0;
      if (dense(m)) {
        for (let j = 0; j < 32; j += 4) {
          const i = base + j;
          const x0 = data[i];
          const x1 = data[i + 1];
          const x2 = data[i + 2];
          const x3 = data[i + 3];
          bits |=
            ((+(x0 >= lo) & +(x0 <= hi)) |
              ((+(x1 >= lo) & +(x1 <= hi)) << 1) |
              ((+(x2 >= lo) & +(x2 <= hi)) << 2) |
              ((+(x3 >= lo) & +(x3 <= hi)) << 3)) <<
            j;
        }
        bits &= m;
      } else {
        for (let r = m | 0; r !== 0; r &= r - 1) {
          const low = r & -r;
          const x = data[base + 31 - Math.clz32(low)];
          bits |= low & -(+(x >= lo) & +(x <= hi));
        }
      }
      out[w] = bits;
      words[kept] = w;
      kept += +(bits !== 0);
    }
    return kept;
  };
}

export function numericLess(data: Float64Array, hi: number): WordOp {
  return (mask, out, words, count) => {
    let kept = 0;
    for (let k = 0; k < count; k += 1) {
      const w = words[k];
      const m = mask[w];
      const base = w << 5;
      let bits = 0;
      if (dense(m)) {
        for (let j = 0; j < 32; j += 4) {
          const i = base + j;
          const x0 = data[i];
          const x1 = data[i + 1];
          const x2 = data[i + 2];
          const x3 = data[i + 3];
          bits |= (+(x0 < hi) | (+(x1 < hi) << 1) | (+(x2 < hi) << 2) | (+(x3 < hi) << 3)) << j;
        }
        bits &= m;
      } else {
        for (let r = m | 0; r !== 0; r &= r - 1) {
          const low = r & -r;
          const x = data[base + 31 - Math.clz32(low)];
          bits |= low & -+(x < hi);
        }
      }
      out[w] = bits;
      words[kept] = w;
      kept += +(bits !== 0);
    }
    return kept;
  };
}

export function numericGreater(data: Float64Array, lo: number): WordOp {
  return (mask, out, words, count) => {
    let kept = 0;
    for (let k = 0; k < count; k += 1) {
      const w = words[k];
      const m = mask[w];
      const base = w << 5;
      let bits = 0;
      if (dense(m)) {
        for (let j = 0; j < 32; j += 4) {
          const i = base + j;
          const x0 = data[i];
          const x1 = data[i + 1];
          const x2 = data[i + 2];
          const x3 = data[i + 3];
          bits |= (+(x0 > lo) | (+(x1 > lo) << 1) | (+(x2 > lo) << 2) | (+(x3 > lo) << 3)) << j;
        }
        bits &= m;
      } else {
        for (let r = m | 0; r !== 0; r &= r - 1) {
          const low = r & -r;
          const x = data[base + 31 - Math.clz32(low)];
          bits |= low & -+(x > lo);
        }
      }
      out[w] = bits;
      words[kept] = w;
      kept += +(bits !== 0);
    }
    return kept;
  };
}

/** Present and ≠ value (x === x excludes NaN, i.e. missing). */
export function numericNotEqual(data: Float64Array, value: number): WordOp {
  return (mask, out, words, count) => {
    let kept = 0;
    for (let k = 0; k < count; k += 1) {
      const w = words[k];
      const m = mask[w];
      const base = w << 5;
      let bits = 0;
      if (dense(m)) {
        for (let j = 0; j < 32; j += 4) {
          const i = base + j;
          const x0 = data[i];
          const x1 = data[i + 1];
          const x2 = data[i + 2];
          const x3 = data[i + 3];
          bits |=
            ((+(x0 === x0) & +(x0 !== value)) |
              ((+(x1 === x1) & +(x1 !== value)) << 1) |
              ((+(x2 === x2) & +(x2 !== value)) << 2) |
              ((+(x3 === x3) & +(x3 !== value)) << 3)) <<
            j;
        }
        bits &= m;
      } else {
        for (let r = m | 0; r !== 0; r &= r - 1) {
          const low = r & -r;
          const x = data[base + 31 - Math.clz32(low)];
          bits |= low & -(+(x === x) & +(x !== value));
        }
      }
      out[w] = bits;
      words[kept] = w;
      kept += +(bits !== 0);
    }
    return kept;
  };
}

export function numericIn(data: Float64Array, set: ReadonlySet<number>): WordOp {
  return (mask, out, words, count) => {
    let kept = 0;
    for (let k = 0; k < count; k += 1) {
      const w = words[k];
      const m = mask[w];
      const base = w << 5;
      let bits = 0;
      if (dense(m)) {
        for (let j = 0; j < 32; j += 4) {
          const i = base + j;
          const x0 = data[i];
          const x1 = data[i + 1];
          const x2 = data[i + 2];
          const x3 = data[i + 3];
          bits |= (+set.has(x0) | (+set.has(x1) << 1) | (+set.has(x2) << 2) | (+set.has(x3) << 3)) << j;
        }
        bits &= m;
      } else {
        for (let r = m | 0; r !== 0; r &= r - 1) {
          const low = r & -r;
          const x = data[base + 31 - Math.clz32(low)];
          bits |= low & -+set.has(x);
        }
      }
      out[w] = bits;
      words[kept] = w;
      kept += +(bits !== 0);
    }
    return kept;
  };
}

export function numericNotIn(data: Float64Array, set: ReadonlySet<number>): WordOp {
  return (mask, out, words, count) => {
    let kept = 0;
    for (let k = 0; k < count; k += 1) {
      const w = words[k];
      const m = mask[w];
      const base = w << 5;
      let bits = 0;
      if (dense(m)) {
        for (let j = 0; j < 32; j += 4) {
          const i = base + j;
          const x0 = data[i];
          const x1 = data[i + 1];
          const x2 = data[i + 2];
          const x3 = data[i + 3];
          bits |=
            ((+(x0 === x0) & +!set.has(x0)) |
              ((+(x1 === x1) & +!set.has(x1)) << 1) |
              ((+(x2 === x2) & +!set.has(x2)) << 2) |
              ((+(x3 === x3) & +!set.has(x3)) << 3)) <<
            j;
        }
        bits &= m;
      } else {
        for (let r = m | 0; r !== 0; r &= r - 1) {
          const low = r & -r;
          const x = data[base + 31 - Math.clz32(low)];
          bits |= low & -(+(x === x) & +!set.has(x));
        }
      }
      out[w] = bits;
      words[kept] = w;
      kept += +(bits !== 0);
    }
    return kept;
  };
}

export function intRange(data: Int32Array, lo: number, hi: number): WordOp {
  return (mask, out, words, count) => {
    let kept = 0;
    for (let k = 0; k < count; k += 1) {
      const w = words[k];
      const m = mask[w];
      const base = w << 5;
      let bits = 0;
      if (dense(m)) {
        for (let j = 0; j < 32; j += 4) {
          const i = base + j;
          const x0 = data[i];
          const x1 = data[i + 1];
          const x2 = data[i + 2];
          const x3 = data[i + 3];
          bits |=
            ((+(x0 >= lo) & +(x0 <= hi)) |
              ((+(x1 >= lo) & +(x1 <= hi)) << 1) |
              ((+(x2 >= lo) & +(x2 <= hi)) << 2) |
              ((+(x3 >= lo) & +(x3 <= hi)) << 3)) <<
            j;
        }
        bits &= m;
      } else {
        for (let r = m | 0; r !== 0; r &= r - 1) {
          const low = r & -r;
          const x = data[base + 31 - Math.clz32(low)];
          bits |= low & -(+(x >= lo) & +(x <= hi));
        }
      }
      out[w] = bits;
      words[kept] = w;
      kept += +(bits !== 0);
    }
    return kept;
  };
}

export function intNotEqual(data: Int32Array, target: number, missing: number): WordOp {
  return (mask, out, words, count) => {
    let kept = 0;
    for (let k = 0; k < count; k += 1) {
      const w = words[k];
      const m = mask[w];
      const base = w << 5;
      let bits = 0;
      if (dense(m)) {
        for (let j = 0; j < 32; j += 4) {
          const i = base + j;
          const x0 = data[i];
          const x1 = data[i + 1];
          const x2 = data[i + 2];
          const x3 = data[i + 3];
          bits |=
            ((+(x0 !== missing) & +(x0 !== target)) |
              ((+(x1 !== missing) & +(x1 !== target)) << 1) |
              ((+(x2 !== missing) & +(x2 !== target)) << 2) |
              ((+(x3 !== missing) & +(x3 !== target)) << 3)) <<
            j;
        }
        bits &= m;
      } else {
        for (let r = m | 0; r !== 0; r &= r - 1) {
          const low = r & -r;
          const x = data[base + 31 - Math.clz32(low)];
          bits |= low & -(+(x !== missing) & +(x !== target));
        }
      }
      out[w] = bits;
      words[kept] = w;
      kept += +(bits !== 0);
    }
    return kept;
  };
}

export function int8Equal(data: Int8Array, target: number): WordOp {
  return (mask, out, words, count) => {
    let kept = 0;
    for (let k = 0; k < count; k += 1) {
      const w = words[k];
      const m = mask[w];
      const base = w << 5;
      let bits = 0;
      if (dense(m)) {
        for (let j = 0; j < 32; j += 4) {
          const i = base + j;
          const x0 = data[i];
          const x1 = data[i + 1];
          const x2 = data[i + 2];
          const x3 = data[i + 3];
          bits |= (+(x0 === target) | (+(x1 === target) << 1) | (+(x2 === target) << 2) | (+(x3 === target) << 3)) << j;
        }
        bits &= m;
      } else {
        for (let r = m | 0; r !== 0; r &= r - 1) {
          const low = r & -r;
          const x = data[base + 31 - Math.clz32(low)];
          bits |= low & -+(x === target);
        }
      }
      out[w] = bits;
      words[kept] = w;
      kept += +(bits !== 0);
    }
    return kept;
  };
}

export function codeEqual(data: Int32Array, code: number): WordOp {
  return (mask, out, words, count) => {
    let kept = 0;
    for (let k = 0; k < count; k += 1) {
      const w = words[k];
      const m = mask[w];
      const base = w << 5;
      let bits = 0;
      if (dense(m)) {
        for (let j = 0; j < 32; j += 4) {
          const i = base + j;
          const x0 = data[i];
          const x1 = data[i + 1];
          const x2 = data[i + 2];
          const x3 = data[i + 3];
          bits |= (+(x0 === code) | (+(x1 === code) << 1) | (+(x2 === code) << 2) | (+(x3 === code) << 3)) << j;
        }
        bits &= m;
      } else {
        for (let r = m | 0; r !== 0; r &= r - 1) {
          const low = r & -r;
          const x = data[base + 31 - Math.clz32(low)];
          bits |= low & -+(x === code);
        }
      }
      out[w] = bits;
      words[kept] = w;
      kept += +(bits !== 0);
    }
    return kept;
  };
}

/** `table[code + 1]` is 1 when the code matches (slot 0 = missing); see codeTable in the evaluator. */
export function codeLookup(data: Int32Array, table: Uint8Array): WordOp {
  return (mask, out, words, count) => {
    let kept = 0;
    for (let k = 0; k < count; k += 1) {
      const w = words[k];
      const m = mask[w];
      const base = w << 5;
      let bits = 0;
      if (dense(m)) {
        for (let j = 0; j < 32; j += 4) {
          const i = base + j;
          const x0 = data[i];
          const x1 = data[i + 1];
          const x2 = data[i + 2];
          const x3 = data[i + 3];
          bits |= (table[x0 + 1] | (table[x1 + 1] << 1) | (table[x2 + 1] << 2) | (table[x3 + 1] << 3)) << j;
        }
        bits &= m;
      } else {
        for (let r = m | 0; r !== 0; r &= r - 1) {
          const low = r & -r;
          const x = data[base + 31 - Math.clz32(low)];
          bits |= low & -table[x + 1];
        }
      }
      out[w] = bits;
      words[kept] = w;
      kept += +(bits !== 0);
    }
    return kept;
  };
}

/** Over DictionaryColumn.narrow (code + 1, 0 = missing). */
export function narrowEqual(data: Uint8Array, target: number): WordOp {
  return (mask, out, words, count) => {
    let kept = 0;
    for (let k = 0; k < count; k += 1) {
      const w = words[k];
      const m = mask[w];
      const base = w << 5;
      let bits = 0;
      if (dense(m)) {
        for (let j = 0; j < 32; j += 4) {
          const i = base + j;
          const x0 = data[i];
          const x1 = data[i + 1];
          const x2 = data[i + 2];
          const x3 = data[i + 3];
          bits |= (+(x0 === target) | (+(x1 === target) << 1) | (+(x2 === target) << 2) | (+(x3 === target) << 3)) << j;
        }
        bits &= m;
      } else {
        for (let r = m | 0; r !== 0; r &= r - 1) {
          const low = r & -r;
          const x = data[base + 31 - Math.clz32(low)];
          bits |= low & -+(x === target);
        }
      }
      out[w] = bits;
      words[kept] = w;
      kept += +(bits !== 0);
    }
    return kept;
  };
}

/** Over DictionaryColumn.narrow: `table[code + 1]` is 1 when the code matches. */
export function narrowLookup(data: Uint8Array, table: Uint8Array): WordOp {
  return (mask, out, words, count) => {
    let kept = 0;
    for (let k = 0; k < count; k += 1) {
      const w = words[k];
      const m = mask[w];
      const base = w << 5;
      let bits = 0;
      if (dense(m)) {
        for (let j = 0; j < 32; j += 4) {
          const i = base + j;
          const x0 = data[i];
          const x1 = data[i + 1];
          const x2 = data[i + 2];
          const x3 = data[i + 3];
          bits |= (table[x0] | (table[x1] << 1) | (table[x2] << 2) | (table[x3] << 3)) << j;
        }
        bits &= m;
      } else {
        for (let r = m | 0; r !== 0; r &= r - 1) {
          const low = r & -r;
          const x = data[base + 31 - Math.clz32(low)];
          bits |= low & -table[x];
        }
      }
      out[w] = bits;
      words[kept] = w;
      kept += +(bits !== 0);
    }
    return kept;
  };
}

/** Rows carrying every tag: a word-wise AND of the tags' row bitsets. */
export function tagsAll(bitsets: readonly Uint32Array[]): WordOp {
  const n = bitsets.length;
  if (n === 0) return copyMask;
  const first = bitsets[0];
  return (mask, out, words, count) => {
    let kept = 0;
    for (let k = 0; k < count; k += 1) {
      const w = words[k];
      let bits = mask[w] & first[w];
      for (let t = 1; t < n; t += 1) bits &= bitsets[t][w];
      out[w] = bits;
      words[kept] = w;
      kept += +(bits !== 0);
    }
    return kept;
  };
}

/** Rows carrying at least one of the tags: a word-wise OR of the tags' row bitsets. */
export function tagsAny(bitsets: readonly Uint32Array[]): WordOp {
  const n = bitsets.length;
  return (mask, out, words, count) => {
    let kept = 0;
    for (let k = 0; k < count; k += 1) {
      const w = words[k];
      let bits = 0;
      for (let t = 0; t < n; t += 1) bits |= bitsets[t][w];
      bits &= mask[w];
      out[w] = bits;
      words[kept] = w;
      kept += +(bits !== 0);
    }
    return kept;
  };
}

/** A condition every row meets (out = mask). */
export const copyMask: WordOp = (mask, out, words, count) => {
  let kept = 0;
  for (let k = 0; k < count; k += 1) {
    const w = words[k];
    const bits = mask[w];
    out[w] = bits;
    words[kept] = w;
    kept += +(bits !== 0);
  }
  return kept;
};

/** A condition no row can meet. */
export const none: WordOp = (mask, out, words, count) => {
  for (let k = 0; k < count; k += 1) out[words[k]] = 0;
  return 0;
};
