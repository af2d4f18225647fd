import { DomainError, Page } from '@app/core';
import { PolicySearchService } from './policy-search.service';
import type { CompiledSearchQuery, PolicySearchBackend, SearchHit } from './search.types';

class FakeBackend implements PolicySearchBackend {
  readonly kind = 'postgres-fts' as const;
  queries: CompiledSearchQuery[] = [];
  hits: SearchHit[] = [];
  async index(): Promise<void> {}
  async remove(): Promise<void> {}
  async count(): Promise<number> {
    return this.hits.length;
  }
  async refresh(): Promise<void> {}
  async search(q: CompiledSearchQuery): Promise<Page<SearchHit>> {
    this.queries.push(q);
    return { items: this.hits, total: this.hits.length, page: q.page, pageSize: q.pageSize };
  }
}

const hit: SearchHit = {
  itemId: 'i1', itemVersionId: 'v1', policyId: 'p1', department: 'kjj', level: 'municipal', category: 'subsidy', mode: 'application',
  status: 'published', effectiveFrom: '2026-01-01', effectiveTo: null, score: 0.9,
  display: {
    policyCode: 'KJ-1', policyTitle: '支持<企业>研发投入', docNumber: null, tags: [], publishDate: null, itemCode: 'KJ-RD',
    itemName: '研发费用补助', version: 2, fullText: '对高新技术企业研发费用给予补助。',
  },
};

async function errorOf(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, details: e.details };
    throw e;
  }
  return null;
}

describe('PolicySearchService', () => {
  let backend: FakeBackend;
  let service: PolicySearchService;
  beforeEach(() => {
    backend = new FakeBackend();
    service = new PolicySearchService(backend);
  });

  it('defaults to published items, page 1 of 20', async () => {
    await service.search({ q: '研发' });
    expect(backend.queries[0]).toMatchObject({ filters: { status: 'published' }, page: 1, pageSize: 20 });
  });

  it('highlights title, item name and a snippet, escaping HTML', async () => {
    backend.hits = [hit];
    const res = await service.search({ q: '研发 补贴' });
    expect(res.items[0]).toMatchObject({
      itemName: '研发费用补助',
      version: 2,
      highlight: { policyTitle: '支持&lt;企业&gt;<em>研发</em>投入', itemName: '<em>研发</em>费用<em>补助</em>', snippet: '对高新技术企业<em>研发</em>费用给予<em>补助</em>。' },
    });
  });

  it('needs a query text or a filter', async () => {
    expect(await errorOf(service.search({ q: '   ' }))).toEqual({ code: 'SEARCH.INVALID_QUERY', details: { reason: 'empty' } });
    await service.search({ department: 'kjj' });
    await service.search({ status: 'withdrawn' });
    expect(backend.queries.map((q) => q.terms)).toEqual([[], []]);
  });

  it('text without any word finds nothing instead of failing', async () => {
    await expect(service.search({ q: '&|!():*' })).resolves.toEqual({ items: [], total: 0, page: 1, pageSize: 20 });
    expect(backend.queries).toHaveLength(0);
  });

  it.each([
    [{ q: '研发', level: 'galactic' }, 'SEARCH.INVALID_FILTER'],
    [{ q: '研发', status: 'draft' }, 'SEARCH.INVALID_FILTER'],
    [{ q: '研发', onDate: '2026-02-30' }, 'SEARCH.INVALID_DATE'],
    [{ q: '研发', onDate: '20260101' }, 'SEARCH.INVALID_DATE'],
    [{ q: '研发', page: 501, pageSize: 20 }, 'SEARCH.INVALID_PAGE'],
    [{ q: '研'.repeat(101) }, 'SEARCH.INVALID_QUERY'],
  ])('refuses %j with %s', async (req, code) => {
    expect((await errorOf(service.search(req)))?.code).toBe(code);
  });
});
