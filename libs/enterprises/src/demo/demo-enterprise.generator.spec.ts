import type { EnterpriseInput } from '../enterprise/enterprise.types';
import { validateCreditCode } from '../credit-code/credit-code';
import { isKnownDistrict } from '../catalogue/districts';
import { isValidIndustryCode } from '../catalogue/industries';
import { findDemoTag } from '../catalogue/tags';
import { DEMO_AS_OF, demoEnterpriseAt, generateEnterprises, type DemoEnterprise } from './demo-enterprise.generator';

const SEED = 20261127;
const WAN = 1_000_000;
const take = (options: Parameters<typeof generateEnterprises>[0]) => [...generateEnterprises(options)];
const share = (firms: DemoEnterprise[], test: (e: DemoEnterprise) => boolean) => firms.filter(test).length / firms.length;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// 10,000 firms drawn once for the format, distribution and correlation checks.
const sample = take({ count: 10_000, seed: SEED });

describe('generateEnterprises', () => {
  it('gives the same firms for the same seed, and others for another seed', () => {
    expect(take({ count: 200, seed: SEED })).toEqual(sample.slice(0, 200));
    const other = take({ count: 200, seed: SEED + 1 });
    expect(other.filter((e, i) => e.name === sample[i].name && e.revenue === sample[i].revenue).length).toBeLessThan(10);
  });

  it('gives firm i the same way whatever range it is generated in, so ranges split across workers', () => {
    const parts = [
      take({ count: 3_000, seed: SEED }),
      take({ count: 4_500, seed: SEED, startIndex: 3_000 }),
      take({ count: 2_500, seed: SEED, startIndex: 7_500 }),
    ];
    expect(parts.flat()).toEqual(sample);
    expect(demoEnterpriseAt(SEED, 4_321)).toEqual(sample[4_321]);
  });

  it('streams: a million-firm generator yields its first firms without building the rest', () => {
    const stream = generateEnterprises({ count: 1_000_000, seed: SEED });
    const firstTwo = [stream.next().value, stream.next().value];
    expect(firstTwo).toEqual(sample.slice(0, 2));
    expect(stream.return(undefined).done).toBe(true);
  });

  it('checks its options when called', () => {
    expect(() => generateEnterprises({ count: -1, seed: SEED })).toThrow(RangeError);
    expect(() => generateEnterprises({ count: 1, seed: SEED, startIndex: 1.5 })).toThrow(RangeError);
    expect(() => generateEnterprises({ count: 1, seed: 0.5 })).toThrow(RangeError);
    expect(() => generateEnterprises({ count: 1, seed: SEED, asOf: '2026-02-30' })).toThrow(RangeError);
    expect(() => generateEnterprises({ count: 1, seed: SEED, startIndex: 31 ** 6 })).toThrow(RangeError);
  });

  it('makes unique, valid credit codes and catalogue codes', () => {
    expect(new Set(sample.map((e) => e.creditCode)).size).toBe(sample.length);
    const problems = sample.flatMap((e) =>
      [
        validateCreditCode(e.creditCode).ok || 'invalid credit code',
        e.creditCode.slice(2, 8) !== '410174' || 'platform zone code used as registration region',
        isKnownDistrict(e.districtCode) || 'unknown district',
        isValidIndustryCode(e.industryCode) || 'invalid industry',
        e.tags.every((t) => findDemoTag(t) !== null) || 'unknown tag',
        e.tags.join() === [...new Set(e.tags)].sort().join() || 'tags not sorted and unique',
      ].filter((p) => p !== true).map((p) => `${e.creditCode}: ${p}`),
    );
    expect(problems).toEqual([]);
  });

  it('fills every field in the form the import and the rules expect', () => {
    const yearAgo = `${Number(DEMO_AS_OF.slice(0, 4)) - 1}${DEMO_AS_OF.slice(4)}`;
    const problems = sample.flatMap((e) => {
      const input: EnterpriseInput = e; // the seed hands firms to upsertBatch as they are
      const g = e.revenueGrowth;
      return [
        /^(郑州|河南)\S{4,}(股份)?有限公司$/.test(input.name) || 'name',
        (/^\d{4}-\d{2}-\d{2}$/.test(e.establishedOn) && e.establishedOn >= '1990-01-01' && e.establishedOn <= DEMO_AS_OF) || 'establishedOn',
        [e.registeredCapital, e.revenue, e.taxPaid, e.rdExpense, e.exports].every((fen) => Number.isSafeInteger(fen) && fen >= 0) || 'money not whole fen',
        (Number.isInteger(e.employees) && e.employees >= 1) || 'employees',
        e.rdIntensity === (e.revenue > 0 ? Math.round((e.rdExpense / e.revenue) * 10_000) / 100 : null) || 'rdIntensity',
        (g === null ? e.revenue === 0 || e.establishedOn > yearAgo : g >= -30 && g <= 80 && Math.round(g * 100) / 100 === g) || 'revenueGrowth',
        e.exports <= e.revenue || 'exports above revenue',
        /^\p{Script=Han}{2,3}$/u.test(e.contactName) || 'contactName',
        /^1[3-9]\d{9}$/.test(e.contactPhone) || 'contactPhone',
        /^\d{16,19}$/.test(e.bankAccount) || 'bankAccount',
        /银行/.test(e.bankName) || 'bankName',
      ].filter((p) => p !== true).map((p) => `${e.creditCode}: ${p}`);
    });
    expect(problems).toEqual([]);
  });

  it('draws scale, credit and activity in realistic proportions', () => {
    const big = take({ count: 50_000, seed: 1, startIndex: 10_000 });
    const scaleShare = (s: DemoEnterprise['scale']) => share(big, (e) => e.scale === s);
    expect(scaleShare('large')).toBeGreaterThan(0.006);
    expect(scaleShare('large')).toBeLessThan(0.015);
    expect(scaleShare('medium')).toBeGreaterThan(0.045);
    expect(scaleShare('medium')).toBeLessThan(0.075);
    expect(scaleShare('small')).toBeGreaterThan(0.27);
    expect(scaleShare('small')).toBeLessThan(0.33);
    expect(scaleShare('micro')).toBeGreaterThan(0.6);
    expect(scaleShare('micro')).toBeLessThan(0.66);
    const dishonest = share(big, (e) => e.creditStatus === 'dishonest');
    expect(dishonest).toBeGreaterThan(0.01);
    expect(dishonest).toBeLessThan(0.035);
    expect(share(big, (e) => e.rdExpense === 0)).toBeGreaterThan(0.6);
    expect(share(big, (e) => e.exports === 0)).toBeGreaterThan(0.85);
    expect(share(big, (e) => e.isListed)).toBeLessThan(0.01);
    expect(share(big, (e) => e.establishedOn >= '2016-01-01')).toBeGreaterThan(share(big, (e) => e.establishedOn < '2006-01-01'));
    expect(share(big, (e) => e.districtCode === '410105')).toBeGreaterThan(share(big, (e) => e.districtCode === '410106') * 4);
  });

  it('ties money to scale and tags to the facts that define them', () => {
    const revenues = (s: DemoEnterprise['scale']) => median(sample.filter((e) => e.scale === s).map((e) => e.revenue));
    expect(revenues('large')).toBeGreaterThan(revenues('medium'));
    expect(revenues('medium')).toBeGreaterThan(revenues('small'));
    expect(revenues('small')).toBeGreaterThan(revenues('micro'));
    const cutoff = `${Number(DEMO_AS_OF.slice(0, 4)) - 3}${DEMO_AS_OF.slice(4)}`;
    const problems = sample.flatMap((e) => {
      const has = (t: string) => e.tags.includes(t);
      return [
        has('above_scale') === (e.industryCode.startsWith('C') && e.revenue >= 2000 * WAN) || 'above_scale',
        has('foreign_trade') === e.exports > 0 || 'foreign_trade',
        has('dishonest') === (e.creditStatus === 'dishonest') || 'dishonest',
        has('startup') === e.establishedOn > cutoff || 'startup',
        !has('hitech') || (e.rdExpense > 0 && (e.rdIntensity ?? 0) >= 3) || 'hitech without R&D',
        !has('little_giant') || has('specialized') || 'little_giant without specialized',
        !(has('specialized') || has('tech_sme')) || e.scale !== 'large' || 'SME tag on a large firm',
      ].filter((p) => p !== true).map((p) => `${e.creditCode}: ${p}`);
    });
    expect(problems).toEqual([]);
    expect(sample.filter((e) => e.tags.includes('hitech')).length).toBeGreaterThan(50);
    expect(sample.filter((e) => e.tags.includes('above_scale')).length).toBeGreaterThan(50);
  });
});
