/** Deterministic profiles and rules for the rules benchmark (seeded PRNG, no Math.random). */
import { seededRng } from '@app/core';
import type { LeafCondition, RuleCondition } from '../src';

export type Rng = () => number;

export { seededRng };

const WAN = 1_000_000;
export const DISTRICTS = ['410102', '410103', '410104', '410105', '410106', '410108', '410122', '410181', '410182', '410183', '410184', '410185', '410202', '410302', '410402', '411002'];
export const INDUSTRIES = ['C3511', 'C3512', 'C3562', 'C3971', 'C2710', 'C1310', 'I6510', 'I6520', 'I6531', 'M7320', 'M7350', 'F5191', 'G5431', 'E4710'];
export const TAGS = ['HNTE', 'SRDI', 'TSME', 'GAZELLE', 'UNICORN', 'EXPORT', 'GREEN', 'DIGITAL', 'TALENT', 'PLATFORM', 'LISTED_RESERVE', 'SPECIAL_NEW', 'INNOVATION_CENTER', 'ENG_CENTER'];
const SCALES = ['large', 'medium', 'small', 'micro'];

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
const maybe = <T>(rng: Rng, value: T, missingRate = 0.05): T | undefined => (rng() < missingRate ? undefined : value);

function dateBetween(rng: Rng, fromYear: number, toYear: number): string {
  const day = Math.floor(rng() * (toYear - fromYear) * 365.25);
  return new Date(Date.UTC(fromYear, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
}

/** A plausible 一企一档 profile; revenue is log-uniform from 10万元 to 10亿元. */
export function makeBenchProfile(i: number, rng: Rng): Record<string, unknown> {
  const revenue = Math.round(10 ** (5 + rng() * 4)) * 100;
  const tags: string[] = [];
  for (const t of TAGS) if (rng() < 0.12) tags.push(t);
  return {
    name: `郑州市第${i}号科技有限公司`,
    districtCode: maybe(rng, pick(rng, DISTRICTS)),
    industryCode: maybe(rng, pick(rng, INDUSTRIES)),
    scale: maybe(rng, pick(rng, SCALES)),
    establishedOn: maybe(rng, dateBetween(rng, 1995, 2026)),
    registeredCapital: maybe(rng, Math.round(rng() * 5_000) * WAN),
    employees: maybe(rng, Math.floor(10 ** (rng() * 3.5))),
    revenue: maybe(rng, revenue),
    taxPaid: maybe(rng, Math.round(revenue * rng() * 0.08)),
    rdExpense: maybe(rng, Math.round(revenue * rng() * 0.1), 0.2),
    exports: maybe(rng, rng() < 0.3 ? Math.round(revenue * rng() * 0.5) : 0),
    rdIntensity: maybe(rng, Math.round(rng() * 1500) / 100, 0.2),
    revenueGrowth: maybe(rng, Math.round((rng() * 80 - 20) * 100) / 100),
    tags: maybe(rng, tags),
    creditStatus: maybe(rng, rng() < 0.97 ? 'good' : 'dishonest'),
    isListed: maybe(rng, rng() < 0.02),
  };
}

function benchLeaf(rng: Rng): LeafCondition {
  const kind = Math.floor(rng() * 12);
  switch (kind) {
    case 0:
      return { fact: 'revenue', operator: 'greaterThanInclusive', value: pick(rng, [500, 1000, 2000, 5000, 10000]) * WAN };
    case 1:
      return { fact: 'employees', operator: 'between', value: [pick(rng, [5, 10, 20]), pick(rng, [100, 300, 1000])] };
    case 2:
      return { fact: 'districtCode', operator: 'inRegion', value: pick(rng, ['410100', '410105', '410122', ['410102', '410103'], '410000']) };
    case 3:
      return { fact: 'establishedOn', operator: pick(rng, ['yearsSinceAtLeast', 'yearsSinceLessThan'] as const), value: pick(rng, [1, 2, 3, 5, 10]) };
    case 4:
      return { fact: 'tags', operator: pick(rng, ['hasTag', 'hasAnyTag', 'hasAllTags'] as const), value: rng() < 0.5 ? pick(rng, TAGS) : [pick(rng, TAGS), pick(rng, TAGS)].filter((t, i, a) => a.indexOf(t) === i) };
    case 5:
      return { fact: 'creditStatus', operator: 'equal', value: 'good' };
    case 6:
      return { fact: 'scale', operator: 'in', value: pick(rng, [['small', 'micro'], ['medium', 'small'], ['large']]) };
    case 7:
      return { fact: 'rdIntensity', operator: 'greaterThanInclusive', value: pick(rng, [3, 4, 5, 6]) };
    case 8:
      return { fact: 'industryCode', operator: 'inRegion', value: pick(rng, ['C', 'C35', 'I65', ['C27', 'C35']]) };
    case 9:
      return { fact: 'establishedOn', operator: pick(rng, ['dateBefore', 'dateOnOrAfter'] as const), value: dateBetween(rng, 2000, 2024) };
    case 10:
      return { fact: 'taxPaid', operator: 'greaterThan', value: pick(rng, [10, 50, 100, 500]) * WAN };
    default:
      return { fact: 'isListed', operator: 'equal', value: false };
  }
}

/** 3–12 conditions: mostly a flat `all`, sometimes with an `any` group or an exclusion (`not`). */
export function makeBenchRule(rng: Rng): RuleCondition {
  const count = 3 + Math.floor(rng() * 10);
  const all: RuleCondition[] = [];
  for (let made = 0; made < count; ) {
    const r = rng();
    if (r < 0.15 && count - made >= 2) {
      all.push({ any: [benchLeaf(rng), benchLeaf(rng)] });
      made += 2;
    } else if (r < 0.25) {
      all.push({ not: benchLeaf(rng) });
      made += 1;
    } else {
      all.push(benchLeaf(rng));
      made += 1;
    }
  }
  return { all };
}
