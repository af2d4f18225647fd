import { Client, errors } from '@elastic/elasticsearch';
import Mock, { MockPattern } from '@elastic/elasticsearch-mock';
import { ElasticsearchPolicySearch, EXACT_BOOST, POLICY_SEARCH_INDEX_MAPPING, TOKEN_FIELDS } from './elasticsearch-policy-search';
import { parseSearchText } from './search-query';
import type { CompiledSearchQuery, SearchDocument } from './search.types';

type Params = MockPattern;

const doc = (over: Partial<SearchDocument> = {}): SearchDocument => ({
  itemId: '0190a000-0000-7000-8000-000000000001',
  itemVersionId: '0190a000-0000-7000-8000-0000000000v1',
  policyId: '0190a000-0000-7000-8000-0000000000p1',
  department: 'kjj',
  level: 'municipal',
  category: 'subsidy',
  mode: 'application',
  status: 'published',
  effectiveFrom: '2026-01-01',
  effectiveTo: '2099-12-31',
  regions: null,
  titleTokens: '郑州 研发 投入 郑 州 研 发 投 入 研发 费用 补助',
  tagTokens: '研发 科技 创新',
  bodyTokens: '对 高新 技术 研发 费用 给予 补助',
  display: {
    policyCode: 'KJ-1', policyTitle: '郑州市支持企业研发投入若干措施', docNumber: '郑科〔2026〕1号', tags: ['研发'], publishDate: null,
    itemCode: 'KJ-RD', itemName: '研发费用补助', version: 1, fullText: '对高新技术企业研发费用给予补助。',
  },
  ...over,
});

const notFound = (type: string): Record<string, unknown> =>
  new errors.ResponseError({ body: { error: { type }, status: 404 }, statusCode: 404, headers: {}, warnings: null, meta: {} } as unknown as ConstructorParameters<typeof errors.ResponseError>[0]) as unknown as Record<string, unknown>;

describe('ElasticsearchPolicySearch (mocked transport)', () => {
  let mock: Mock;
  let client: Client;
  let es: ElasticsearchPolicySearch;
  let seen: Params[];
  const record = (reply: Record<string, unknown>) => (p: Params) => {
    seen.push(p);
    return reply;
  };

  beforeEach(() => {
    mock = new Mock();
    client = new Client({ node: 'http://localhost:9200', Connection: mock.getConnection() });
    es = new ElasticsearchPolicySearch(client, 'policy_items');
    seen = [];
  });

  it('creates the index with keyword filters and whitespace-analysed token fields, then bulk-indexes', async () => {
    // HEAD /policy_items is not mocked → 404 → "does not exist"
    mock.add({ method: 'PUT', path: '/policy_items' }, record({ acknowledged: true, index: 'policy_items' }));
    mock.add({ method: ['POST', 'PUT'], path: '/_bulk' }, record({ errors: false, took: 1, items: [{ index: { _id: doc().itemId, status: 201 } }] }));

    await es.index([doc()], { refresh: true });
    await es.index([doc({ itemId: 'second' })]);

    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual(['PUT /policy_items', expect.stringMatching(/ \/_bulk$/), expect.stringMatching(/ \/_bulk$/)]);
    expect(seen[0].body).toEqual({ mappings: POLICY_SEARCH_INDEX_MAPPING });
    expect(POLICY_SEARCH_INDEX_MAPPING.properties).toMatchObject({
      department: { type: 'keyword' }, level: { type: 'keyword' }, category: { type: 'keyword' }, mode: { type: 'keyword' }, status: { type: 'keyword' },
      effectiveFrom: { type: 'date', format: 'yyyy-MM-dd' }, effectiveTo: { type: 'date', format: 'yyyy-MM-dd' },
      titleTokens: { type: 'text', analyzer: 'whitespace' }, tagTokens: { type: 'text', analyzer: 'whitespace' }, bodyTokens: { type: 'text', analyzer: 'whitespace' },
      display: { type: 'object', enabled: false },
    });
    expect(seen[1].body).toEqual([{ index: { _index: 'policy_items', _id: doc().itemId } }, doc()]);
    expect(seen[1].querystring).toEqual({ refresh: 'wait_for' });
    expect(seen[2].querystring).toEqual({ refresh: 'false' });
  });

  it('removes by id in one bulk request and reports real failures', async () => {
    mock.add({ method: 'HEAD', path: '/policy_items' }, () => '');
    mock.add({ method: ['POST', 'PUT'], path: '/_bulk' }, record({ errors: false, took: 1, items: [{ delete: { _id: 'a', status: 200 } }, { delete: { _id: 'b', status: 404, result: 'not_found' } }] }));
    await es.remove(['a', 'b']);
    expect(seen[0].body).toEqual([{ delete: { _index: 'policy_items', _id: 'a' } }, { delete: { _index: 'policy_items', _id: 'b' } }]);

    mock.clearAll();
    mock.add({ method: 'HEAD', path: '/policy_items' }, () => '');
    mock.add({ method: ['POST', 'PUT'], path: '/_bulk' }, () => ({
      errors: true, took: 1, items: [{ index: { _id: 'x', status: 400, error: { type: 'mapper_parsing_exception', reason: 'bad date' } } }],
    }));
    await expect(es.index([doc({ itemId: 'x' })])).rejects.toThrow(/mapper_parsing_exception bad date/);
  });

  it('sends the AND-of-synonyms query with filters, paginates and maps hits back', async () => {
    const source = doc();
    mock.add({ method: 'POST', path: '/policy_items/_search' }, record({
      took: 2, timed_out: false,
      hits: { total: { value: 21, relation: 'eq' }, max_score: 7.5, hits: [{ _index: 'policy_items', _id: source.itemId, _score: 7.5, _source: source }] },
    }));
    const query: CompiledSearchQuery = {
      terms: parseSearchText('研发 补贴'),
      filters: { status: 'published', department: 'kjj', mode: 'application', level: 'municipal', category: 'subsidy', onDate: '2026-06-30' },
      page: 3,
      pageSize: 10,
    };
    const page = await es.search(query);

    const token = (t: string, boost?: number) => ({ multi_match: { query: t, fields: TOKEN_FIELDS, operator: 'and', ...(boost ? { boost } : {}) } });
    expect(seen[0].body).toEqual({
      from: 20,
      size: 10,
      track_total_hits: true,
      query: {
        bool: {
          must: [
            { bool: { should: [token('研发', EXACT_BOOST), { bool: { must: [token('研究'), token('开发')] } }], minimum_should_match: 1 } },
            { bool: { should: [token('补贴', EXACT_BOOST), token('补助'), token('资助'), { bool: { must: [token('奖'), token('补')] } }, token('奖励')], minimum_should_match: 1 } },
          ],
          filter: [
            { term: { status: 'published' } },
            { term: { department: 'kjj' } },
            { term: { level: 'municipal' } },
            { term: { category: 'subsidy' } },
            { term: { mode: 'application' } },
            { range: { effectiveFrom: { lte: '2026-06-30', format: 'yyyy-MM-dd' } } },
            { bool: { should: [{ bool: { must_not: [{ exists: { field: 'effectiveTo' } }] } }, { range: { effectiveTo: { gte: '2026-06-30', format: 'yyyy-MM-dd' } } }], minimum_should_match: 1 } },
          ],
        },
      },
      sort: ['_score', { effectiveFrom: { order: 'desc' } }, { itemId: { order: 'asc' } }],
      _source: { excludes: ['titleTokens', 'tagTokens', 'bodyTokens'] },
    });
    expect(page).toEqual({
      total: 21, page: 3, pageSize: 10,
      items: [{
        itemId: source.itemId, itemVersionId: source.itemVersionId, policyId: source.policyId, department: 'kjj', level: 'municipal',
        category: 'subsidy', mode: 'application', status: 'published', effectiveFrom: '2026-01-01', effectiveTo: '2099-12-31', score: 7.5,
        display: source.display,
      }],
    });
  });

  it('filters only: no scoring clause, newest first', async () => {
    mock.add({ method: 'POST', path: '/policy_items/_search' }, record({ hits: { total: { value: 0, relation: 'eq' }, hits: [] } }));
    await es.search({ terms: [], filters: { status: 'withdrawn' }, page: 1, pageSize: 20 });
    expect(seen[0].body).toMatchObject({ query: { bool: { filter: [{ term: { status: 'withdrawn' } }] } }, sort: [{ effectiveFrom: { order: 'desc' } }, { itemId: { order: 'asc' } }] });
    expect((seen[0].body as { query: { bool: object } }).query.bool).not.toHaveProperty('must');
  });

  it('a missing index searches and counts as empty', async () => {
    mock.add({ method: 'POST', path: '/policy_items/_search' }, () => notFound('index_not_found_exception'));
    mock.add({ method: 'POST', path: '/policy_items/_count' }, () => notFound('index_not_found_exception'));
    await expect(es.search({ terms: parseSearchText('研'), filters: { status: 'published' }, page: 1, pageSize: 20 })).resolves.toEqual({ items: [], total: 0, page: 1, pageSize: 20 });
    await expect(es.count()).resolves.toBe(0);
  });
});
