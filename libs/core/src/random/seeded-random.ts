/**
 * mulberry32: a tiny, fast, deterministic PRNG for demo data, benchmarks and property-test fixtures
 * (never for secrets). One implementation for the whole tree.
 */
export class SeededRandom {
  protected state: number;

  constructor(seed = 0) {
    this.state = seed | 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

/** The generator as a plain function: `const rng = seededRng(42); rng()`. */
export function seededRng(seed: number): () => number {
  const r = new SeededRandom(seed);
  return () => r.next();
}
