import { Client } from '@elastic/elasticsearch';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { ENTERPRISE_FACTS } from '@app/contracts';
import { compileToEsQuery, ENTERPRISE_INDEX_MAPPING, FactRegistry, ReferenceEvaluator } from '@app/rules';
import { contextArb, profileArb, ruleArb } from '@app/rules/testing';
import { describeWhen, needs } from '../support/requires';

/**
 * Elasticsearch results ≡ reference on random rules. Runs only against a real cluster named by
 * ELASTICSEARCH_URL (none is available in CI by default); the DSL itself is unit-tested.
 */
const url = process.env.ELASTICSEARCH_URL;
const registry = new FactRegistry(ENTERPRISE_FACTS);

describeWhen(needs.elasticsearch, 'Elasticsearch query ≡ reference evaluator', () => {
  const client = new Client({ node: url ?? 'http://localhost:9200' });
  const index = `rules_test_${randomBytes(4).toString('hex')}`;
  const profiles = fc.sample(profileArb(registry), { numRuns: 300, seed: 7 });

  beforeAll(async () => {
    await client.indices.create({ index, mappings: ENTERPRISE_INDEX_MAPPING });
    const operations = profiles.flatMap((p, id) => [{ index: { _index: index, _id: String(id) } }, p]);
    await client.bulk({ operations, refresh: 'wait_for' });
  }, 60_000);

  afterAll(async () => {
    await client.indices.delete({ index }, { ignore: [404] });
    await client.close();
  });

  it('matches the same documents for random rules', async () => {
    const cases = fc.sample(fc.tuple(ruleArb(registry, 3), contextArb()), { numRuns: 200, seed: 11 });
    for (const [rule, ctx] of cases) {
      const reference = new ReferenceEvaluator(rule, registry, ctx);
      const expected: string[] = [];
      for (const [id, p] of profiles.entries()) if (await reference.evaluate(p)) expected.push(String(id));
      const res = await client.search({ index, query: compileToEsQuery(rule, registry, ctx), size: 10_000, _source: false });
      const actual = res.hits.hits.map((h) => h._id as string).sort((a, b) => Number(a) - Number(b));
      expect({ rule, ctx, ids: actual }).toEqual({ rule, ctx, ids: expected });
    }
  }, 120_000);
});
