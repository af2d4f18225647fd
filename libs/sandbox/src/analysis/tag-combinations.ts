import { popcount, RowBitset, TagColumn } from '@app/rules';
import type { EnterpriseSnapshot } from '../snapshot/enterprise-snapshot';

export interface TagCount {
  tag: string;
  count: number;
}
export interface TagPairCount {
  tags: [string, string];
  count: number;
}
export interface TagCombinationAnswer {
  population: number;
  tags: TagCount[];
  pairs: TagPairCount[];
  timingMs: number;
}

/**
 * 标签库组合分析: how many firms of the population carry each tag, and each pair of tags (one AND
 * and a popcount per pair over the transposed tag bitsets).
 */
export function tagCombinations(snapshot: EnterpriseSnapshot, population: RowBitset, only?: readonly string[], minPairCount = 1): TagCombinationAnswer {
  const started = performance.now();
  const col = snapshot.store.column('tags') as TagColumn;
  const words = population.length;
  const slots = col.tagCodes.map((tag, slot) => ({ tag, slot })).filter((t) => !only || only.includes(t.tag));
  const within = slots.map(({ tag, slot }) => {
    const bits = new Uint32Array(words);
    const src = col.bitsets[slot];
    for (let w = 0; w < words; w += 1) bits[w] = src[w] & population[w];
    return { tag, bits, count: popcount(bits) };
  });
  const pairs: TagPairCount[] = [];
  const scratch = new Uint32Array(words);
  for (let i = 0; i < within.length; i += 1) {
    for (let j = i + 1; j < within.length; j += 1) {
      const a = within[i].bits;
      const b = within[j].bits;
      for (let w = 0; w < words; w += 1) scratch[w] = a[w] & b[w];
      const count = popcount(scratch);
      if (count >= minPairCount) {
        const [x, y] = [within[i].tag, within[j].tag].sort();
        pairs.push({ tags: [x, y], count });
      }
    }
  }
  return {
    population: popcount(population),
    tags: within.map(({ tag, count }) => ({ tag, count })).sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag)),
    pairs: pairs.sort((a, b) => b.count - a.count || a.tags.join().localeCompare(b.tags.join())),
    timingMs: Math.round((performance.now() - started) * 100) / 100,
  };
}
