/**
 * Leaf kernels of the columnar evaluator: one monomorphic loop per comparison shape (a shared loop
 * calling a predicate closure would make the call site megamorphic and several times slower).
 * Each writes `test(row) & mask` for 32 rows per word. A full mask word takes the dense path; a
 * partial one visits only its set bits, which is how an `all` gets the effect of short-circuit
 * evaluation: later conditions only look at rows that survived the earlier ones.
 *
 * Rows past rowCount (up to the store's capacity) hold the "missing" sentinel and are masked off.
 */
export type WordOp = (mask: Uint32Array, out: Uint32Array, words: number) => void;

const FULL = 0xffffffff;

export function numericRange(data: Float64Array, lo: number, hi: number): WordOp {
  return (mask, out, words) => {
    for (let w = 0; w < words; w += 1) {
      const m = mask[w];
      if (m === 0) {
        out[w] = 0;
        continue;
      }
      const base = w << 5;
      let bits = 0;
      if (m === FULL) {
        for (let j = 0; j < 32; j += 1) {
          const i = base + j;
          const x = data[i];
          bits |= (x >= lo && x <= hi ? 1 : 0) << j;
        }
      } else {
        for (let r = m | 0; r !== 0; r &= r - 1) {
          const low = r & -r;
          const i = base + 31 - Math.clz32(low);
          const x = data[i];
          if (x >= lo && x <= hi) bits |= low;
        }
      }
      out[w] = bits;
    }
  };
}

export function numericLess(data: Float64Array, hi: number): WordOp {
  return (mask, out, words) => {
    for (let w = 0; w < words; w += 1) {
      const m = mask[w];
      if (m === 0) {
        out[w] = 0;
        continue;
      }
      const base = w << 5;
      let bits = 0;
      if (m === FULL) {
        for (let j = 0; j < 32; j += 1) {
          const i = base + j;
          bits |= (data[i] < hi ? 1 : 0) << j;
        }
      } else {
        for (let r = m | 0; r !== 0; r &= r - 1) {
          const low = r & -r;
          const i = base + 31 - Math.clz32(low);
          if (data[i] < hi) bits |= low;
        }
      }
      out[w] = bits;
    }
  };
}

export function numericGreater(data: Float64Array, lo: number): WordOp {
  return (mask, out, words) => {
    for (let w = 0; w < words; w += 1) {
      const m = mask[w];
      if (m === 0) {
        out[w] = 0;
        continue;
      }
      const base = w << 5;
      let bits = 0;
      if (m === FULL) {
        for (let j = 0; j < 32; j += 1) {
          const i = base + j;
          bits |= (data[i] > lo ? 1 : 0) << j;
        }
      } else {
        for (let r = m | 0; r !== 0; r &= r - 1) {
          const low = r & -r;
          const i = base + 31 - Math.clz32(low);
          if (data[i] > lo) bits |= low;
        }
      }
      out[w] = bits;
    }
  };
}

export function numericIn(data: Float64Array, set: Set<number>): WordOp {
  return (mask, out, words) => {
    for (let w = 0; w < words; w += 1) {
      const m = mask[w];
      if (m === 0) {
        out[w] = 0;
        continue;
      }
      const base = w << 5;
      let bits = 0;
      if (m === FULL) {
        for (let j = 0; j < 32; j += 1) {
          const i = base + j;
          bits |= (set.has(data[i]) ? 1 : 0) << j;
        }
      } else {
        for (let r = m | 0; r !== 0; r &= r - 1) {
          const low = r & -r;
          const i = base + 31 - Math.clz32(low);
          if (set.has(data[i])) bits |= low;
        }
      }
      out[w] = bits;
    }
  };
}

export function numericNotIn(data: Float64Array, set: Set<number>): WordOp {
  return (mask, out, words) => {
    for (let w = 0; w < words; w += 1) {
      const m = mask[w];
      if (m === 0) {
        out[w] = 0;
        continue;
      }
      const base = w << 5;
      let bits = 0;
      if (m === FULL) {
        for (let j = 0; j < 32; j += 1) {
          const i = base + j;
          const x = data[i];
          bits |= (x === x && !set.has(x) ? 1 : 0) << j;
        }
      } else {
        for (let r = m | 0; r !== 0; r &= r - 1) {
          const low = r & -r;
          const i = base + 31 - Math.clz32(low);
          const x = data[i];
          if (x === x && !set.has(x)) bits |= low;
        }
      }
      out[w] = bits;
    }
  };
}

export function intRange(data: Int32Array, lo: number, hi: number): WordOp {
  return (mask, out, words) => {
    for (let w = 0; w < words; w += 1) {
      const m = mask[w];
      if (m === 0) {
        out[w] = 0;
        continue;
      }
      const base = w << 5;
      let bits = 0;
      if (m === FULL) {
        for (let j = 0; j < 32; j += 1) {
          const i = base + j;
          const x = data[i];
          bits |= (x >= lo && x <= hi ? 1 : 0) << j;
        }
      } else {
        for (let r = m | 0; r !== 0; r &= r - 1) {
          const low = r & -r;
          const i = base + 31 - Math.clz32(low);
          const x = data[i];
          if (x >= lo && x <= hi) bits |= low;
        }
      }
      out[w] = bits;
    }
  };
}

export function intNotEqual(data: Int32Array, target: number, missing: number): WordOp {
  return (mask, out, words) => {
    for (let w = 0; w < words; w += 1) {
      const m = mask[w];
      if (m === 0) {
        out[w] = 0;
        continue;
      }
      const base = w << 5;
      let bits = 0;
      if (m === FULL) {
        for (let j = 0; j < 32; j += 1) {
          const i = base + j;
          const x = data[i];
          bits |= (x !== missing && x !== target ? 1 : 0) << j;
        }
      } else {
        for (let r = m | 0; r !== 0; r &= r - 1) {
          const low = r & -r;
          const i = base + 31 - Math.clz32(low);
          const x = data[i];
          if (x !== missing && x !== target) bits |= low;
        }
      }
      out[w] = bits;
    }
  };
}

export function int8Equal(data: Int8Array, target: number): WordOp {
  return (mask, out, words) => {
    for (let w = 0; w < words; w += 1) {
      const m = mask[w];
      if (m === 0) {
        out[w] = 0;
        continue;
      }
      const base = w << 5;
      let bits = 0;
      if (m === FULL) {
        for (let j = 0; j < 32; j += 1) {
          const i = base + j;
          bits |= (data[i] === target ? 1 : 0) << j;
        }
      } else {
        for (let r = m | 0; r !== 0; r &= r - 1) {
          const low = r & -r;
          const i = base + 31 - Math.clz32(low);
          if (data[i] === target) bits |= low;
        }
      }
      out[w] = bits;
    }
  };
}

export function codeEqual(data: Int32Array, code: number): WordOp {
  return (mask, out, words) => {
    for (let w = 0; w < words; w += 1) {
      const m = mask[w];
      if (m === 0) {
        out[w] = 0;
        continue;
      }
      const base = w << 5;
      let bits = 0;
      if (m === FULL) {
        for (let j = 0; j < 32; j += 1) {
          const i = base + j;
          bits |= (data[i] === code ? 1 : 0) << j;
        }
      } else {
        for (let r = m | 0; r !== 0; r &= r - 1) {
          const low = r & -r;
          const i = base + 31 - Math.clz32(low);
          if (data[i] === code) bits |= low;
        }
      }
      out[w] = bits;
    }
  };
}

export function codeLookup(data: Int32Array, table: Uint8Array): WordOp {
  return (mask, out, words) => {
    for (let w = 0; w < words; w += 1) {
      const m = mask[w];
      if (m === 0) {
        out[w] = 0;
        continue;
      }
      const base = w << 5;
      let bits = 0;
      if (m === FULL) {
        for (let j = 0; j < 32; j += 1) {
          const i = base + j;
          bits |= (table[data[i] + 1] === 1 ? 1 : 0) << j;
        }
      } else {
        for (let r = m | 0; r !== 0; r &= r - 1) {
          const low = r & -r;
          const i = base + 31 - Math.clz32(low);
          if (table[data[i] + 1] === 1) bits |= low;
        }
      }
      out[w] = bits;
    }
  };
}
