import { Client } from '@elastic/elasticsearch';
import { randomBytes } from 'node:crypto';
import { ElasticsearchPolicySearch, PolicySearchService, SearchDocument } from '@app/policies';
import { makeSearchDocument } from '@app/policies/testing';
import { describeWhen, needs } from '../support/requires';

/**
 * The Elasticsearch adapter against a real cluster: mapping accepted, bulk indexing, Chinese
 * relevance with app-segmented tokens, filters, hostile text. Runs only where ELASTICSEARCH_URL is
 * set; the request bodies themselves are unit-tested against the mocked transport.
 */
const url = process.env.ELASTICSEARCH_URL;

describeWhen(needs.elasticsearch, 'policy search on a real Elasticsearch', () => {
  const client = new Client({ node: url ?? 'http://localhost:9200' });
  const es = new ElasticsearchPolicySearch(client, `policy_items_test_${randomBytes(4).toString('hex')}`);
  const search = new PolicySearchService(es);
  const docs: SearchDocument[] = [
    makeSearchDocument({ title: '郑州市支持企业研发投入若干措施', name: '研发费用补助', tags: ['研发'], full_text: '对高新技术企业研发费用给予补助。' }),
    makeSearchDocument({ title: '郑州市促进外贸稳定增长若干措施', name: '进出口信用保险保费补贴', department: 'swj', mode: 'instant', full_text: '鼓励外贸企业加大研发投入，对符合条件的给予补助。' }),
    makeSearchDocument({ title: '郑州市人才引进办法', name: '高层次人才安家补助', department: 'rsj', mode: 'commitment', effective_from: '2024-01-01', effective_to: '2025-12-31' }),
    makeSearchDocument({ title: '研发费用后补助试点', name: '研发费用后补助（试点）', status: 'withdrawn' }),
  ];
  const names = async (req: Parameters<PolicySearchService['search']>[0]) => (await search.search(req)).items.map((i) => i.itemName);

  beforeAll(async () => {
    await es.index(docs);
    await es.refresh();
  }, 60_000);
  afterAll(async () => {
    await client.indices.delete({ index: es.indexName }, { ignore: [404] });
    await client.close();
  });

  it("'研发 补贴' finds 研发费用补助 first, the text-only hit after it", async () => {
    expect(await names({ q: '研发 补贴' })).toEqual(['研发费用补助', '进出口信用保险保费补贴']);
  });

  it('one- and two-character queries and synonyms', async () => {
    expect(await names({ q: '研' })).toContain('研发费用补助');
    expect(await names({ q: '外贸' })).toEqual(['进出口信用保险保费补贴']);
  });

  it('filters and statuses', async () => {
    expect(await names({ q: '补贴', department: 'swj' })).toEqual(['进出口信用保险保费补贴']);
    expect(await names({ q: '补助', onDate: '2025-06-30' })).toContain('高层次人才安家补助');
    expect(await names({ q: '补助', onDate: '2026-06-30' })).not.toContain('高层次人才安家补助');
    expect(await names({ status: 'withdrawn' })).toEqual(['研发费用后补助（试点）']);
  });

  it('hostile text is only ever a term', async () => {
    for (const q of [`a & | ! ( ' :*`, `研发" OR "1"="1`, '*:*', '\\', '研发 AND NOT 补贴']) await expect(search.search({ q })).resolves.toBeDefined();
  });

  it('removal takes the item out', async () => {
    await es.remove([docs[1].itemId], { refresh: true });
    expect(await names({ q: '外贸' })).toEqual([]);
  });
});
