import { Client } from '@elastic/elasticsearch';
import Mock from '@elastic/elasticsearch-mock';
import { ENTERPRISE_FACTS } from '@app/contracts';
import { FactRegistry } from '../facts/fact-registry';
import type { LeafCondition, RuleCondition } from '../rule/rule.types';
import { compileToEsQuery } from './es.compiler';
import { ENTERPRISE_INDEX_MAPPING } from './es.mapping';

const registry = new FactRegistry(ENTERPRISE_FACTS);
const ctx = { asOf: '2024-02-29' };
const q = (rule: RuleCondition) => compileToEsQuery(rule, registry, ctx);
const leaf = (fact: string, operator: LeafCondition['operator'], value: LeafCondition['value']): LeafCondition => ({ fact, operator, value });
const exists = (field: string) => ({ exists: { field } });

describe('compileToEsQuery', () => {
  it.each<[string, LeafCondition, unknown]>([
    ['equal (money)', leaf('revenue', 'equal', 100), { term: { revenue: { value: 100 } } }],
    ['notEqual keeps missing docs out', leaf('scale', 'notEqual', 'large'), { bool: { filter: [exists('scale')], must_not: [{ term: { scale: { value: 'large' } } }] } }],
    ['lessThan', leaf('employees', 'lessThan', 300), { range: { employees: { lt: 300 } } }],
    ['lessThanInclusive', leaf('employees', 'lessThanInclusive', 300), { range: { employees: { lte: 300 } } }],
    ['greaterThan', leaf('rdIntensity', 'greaterThan', 3.5), { range: { rdIntensity: { gt: 3.5 } } }],
    ['greaterThanInclusive', leaf('revenue', 'greaterThanInclusive', 5e9), { range: { revenue: { gte: 5e9 } } }],
    ['between', leaf('revenue', 'between', [1, 9]), { range: { revenue: { gte: 1, lte: 9 } } }],
    ['in', leaf('scale', 'in', ['small', 'micro']), { terms: { scale: ['small', 'micro'] } }],
    ['notIn', leaf('scale', 'notIn', ['large']), { bool: { filter: [exists('scale')], must_not: [{ terms: { scale: ['large'] } }] } }],
    ['equal (boolean)', leaf('isListed', 'equal', false), { term: { isListed: { value: false } } }],
    ['equal (date)', leaf('establishedOn', 'equal', '2020-02-29'), { range: { establishedOn: { gte: '2020-02-29', lte: '2020-02-29', format: 'yyyy-MM-dd' } } }],
    ['dateBefore', leaf('establishedOn', 'dateBefore', '2020-01-01'), { range: { establishedOn: { lt: '2020-01-01', format: 'yyyy-MM-dd' } } }],
    ['dateAfter', leaf('establishedOn', 'dateAfter', '2020-01-01'), { range: { establishedOn: { gt: '2020-01-01', format: 'yyyy-MM-dd' } } }],
    ['dateOnOrAfter', leaf('establishedOn', 'dateOnOrAfter', '2020-01-01'), { range: { establishedOn: { gte: '2020-01-01', format: 'yyyy-MM-dd' } } }],
    ['dateOnOrBefore', leaf('establishedOn', 'dateOnOrBefore', '2020-01-01'), { range: { establishedOn: { lte: '2020-01-01', format: 'yyyy-MM-dd' } } }],
    // asOf 2024-02-29 minus 1 year: 2023 has no 29 February → cutoff 2023-02-28.
    ['yearsSinceAtLeast (leap-day cutoff)', leaf('establishedOn', 'yearsSinceAtLeast', 1), { range: { establishedOn: { lte: '2023-02-28', format: 'yyyy-MM-dd' } } }],
    ['yearsSinceLessThan', leaf('establishedOn', 'yearsSinceLessThan', 4), { range: { establishedOn: { gt: '2020-02-29', format: 'yyyy-MM-dd' } } }],
    ['hasTag', leaf('tags', 'hasTag', 'HNTE'), { term: { tags: { value: 'HNTE' } } }],
    ['hasAnyTag', leaf('tags', 'hasAnyTag', ['HNTE', 'SRDI']), { terms: { tags: ['HNTE', 'SRDI'] } }],
    ['hasAllTags', leaf('tags', 'hasAllTags', ['HNTE', 'SRDI']), { bool: { filter: [{ term: { tags: { value: 'HNTE' } } }, { term: { tags: { value: 'SRDI' } } }] } }],
    ['inRegion strips 00 pairs', leaf('districtCode', 'inRegion', '410100'), { prefix: { districtCode: { value: '4101' } } }],
    [
      'inRegion with several codes',
      leaf('industryCode', 'inRegion', ['C35', 'I']),
      { bool: { should: [{ prefix: { industryCode: { value: 'C35' } } }, { prefix: { industryCode: { value: 'I' } } }], minimum_should_match: 1 } },
    ],
  ])('%s', (_name, rule, expected) => {
    expect(q(rule)).toEqual(expected);
  });

  it('maps all/any/not to bool filter/should/must_not', () => {
    const a = leaf('employees', 'lessThan', 300);
    const b = leaf('tags', 'hasTag', 'HNTE');
    expect(q({ all: [a, { any: [b, { not: a }] }] })).toEqual({
      bool: {
        filter: [
          { range: { employees: { lt: 300 } } },
          { bool: { should: [{ term: { tags: { value: 'HNTE' } } }, { bool: { must_not: [{ range: { employees: { lt: 300 } } }] } }], minimum_should_match: 1 } },
        ],
      },
    });
  });

  it('derives the index mapping from the registry', () => {
    expect(ENTERPRISE_INDEX_MAPPING.properties).toMatchObject({
      revenue: { type: 'long' },
      employees: { type: 'long' },
      rdIntensity: { type: 'double' },
      scale: { type: 'keyword' },
      tags: { type: 'keyword' },
      districtCode: { type: 'keyword' },
      isListed: { type: 'boolean' },
      establishedOn: { type: 'date', format: 'yyyy-MM-dd' },
    });
    expect(Object.keys(ENTERPRISE_INDEX_MAPPING.properties ?? {})).toHaveLength(ENTERPRISE_FACTS.length);
  });

  it('is what a real Client sends to <index>/_search', async () => {
    const mock = new Mock();
    const client = new Client({ node: 'http://localhost:9200', Connection: mock.getConnection() });
    const rule: RuleCondition = { all: [leaf('revenue', 'greaterThanInclusive', 5e9), leaf('districtCode', 'inRegion', '410100')] };
    const query = q(rule);
    const seen: unknown[] = [];
    mock.add({ method: 'POST', path: '/enterprises/_search' }, (params) => {
      seen.push(params.body);
      return { hits: { total: { value: 1, relation: 'eq' }, hits: [{ _index: 'enterprises', _id: 'e-1', _source: {} }] } };
    });
    const result = await client.search({ index: 'enterprises', query, size: 100 });
    expect(result.hits.hits.map((h) => h._id)).toEqual(['e-1']);
    expect(seen).toEqual([{ query, size: 100 }]);
  });
});
