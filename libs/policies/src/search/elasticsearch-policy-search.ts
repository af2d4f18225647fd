import { Client, errors, estypes } from '@elastic/elasticsearch';
import type { Page } from '@app/core';
import type { CompiledSearchQuery, PolicySearchBackend, SearchDocument, SearchFilters, SearchHit, SearchTerm, SearchWriteOptions } from './search.types';

export const DEFAULT_POLICY_SEARCH_INDEX = 'policy_items';

const keyword: estypes.MappingProperty = { type: 'keyword' };
const day: estypes.MappingProperty = { type: 'date', format: 'yyyy-MM-dd' };
// The application segments Chinese (no IK plugin needed): whitespace splitting keeps its words intact.
const tokens: estypes.MappingProperty = { type: 'text', analyzer: 'whitespace' };

/** Keyword fields for filters, app-segmented token fields for matching, display kept unindexed. */
export const POLICY_SEARCH_INDEX_MAPPING: estypes.MappingTypeMapping = {
  dynamic: false,
  properties: {
    itemId: keyword,
    itemVersionId: keyword,
    policyId: keyword,
    department: keyword,
    level: keyword,
    category: keyword,
    mode: keyword,
    status: keyword,
    effectiveFrom: day,
    effectiveTo: day,
    regions: keyword,
    titleTokens: tokens,
    tagTokens: tokens,
    bodyTokens: tokens,
    display: { type: 'object', enabled: false },
  },
};

/** Title and item name count most, then tags and document number, then the full text. */
export const TOKEN_FIELDS = ['titleTokens^3', 'tagTokens^2', 'bodyTokens'];

type EsQuery = estypes.QueryDslQueryContainer;

/** The word as typed weighs this much more than its synonyms. */
export const EXACT_BOOST = 2;

function tokenQuery(token: string, boost?: number): EsQuery {
  // multi_match runs the field's whitespace analyzer: the token is one term, never query syntax.
  return { multi_match: { query: token, fields: TOKEN_FIELDS, operator: 'and', ...(boost ? { boost } : {}) } };
}

function termQuery(term: SearchTerm): EsQuery {
  const alts = term.alternatives.map((a, i): EsQuery => {
    const boost = i === 0 && term.alternatives.length > 1 ? EXACT_BOOST : undefined;
    return a.tokens.length === 1 ? tokenQuery(a.tokens[0], boost) : { bool: { must: a.tokens.map((tk) => tokenQuery(tk)), ...(boost ? { boost } : {}) } };
  });
  return alts.length === 1 ? alts[0] : { bool: { should: alts, minimum_should_match: 1 } };
}

export function esFilters(f: SearchFilters): EsQuery[] {
  const out: EsQuery[] = [{ term: { status: f.status } }];
  if (f.department) out.push({ term: { department: f.department } });
  if (f.level) out.push({ term: { level: f.level } });
  if (f.category) out.push({ term: { category: f.category } });
  if (f.mode) out.push({ term: { mode: f.mode } });
  if (f.district) {
    // "no region list, or one holding the district", written without `should` so it adds no score.
    // (An index created before `regions` was mapped has it unindexed: every item then passes.)
    out.push({ bool: { must_not: [{ bool: { must: [{ exists: { field: 'regions' } }], must_not: [{ term: { regions: f.district } }] } }] } });
  }
  if (f.onDate) {
    out.push({ range: { effectiveFrom: { lte: f.onDate, format: 'yyyy-MM-dd' } } });
    out.push({
      bool: {
        should: [{ bool: { must_not: [{ exists: { field: 'effectiveTo' } }] } }, { range: { effectiveTo: { gte: f.onDate, format: 'yyyy-MM-dd' } } }],
        minimum_should_match: 1,
      },
    });
  }
  return out;
}

/** The search request body for a compiled query: the same AND-of-synonym-ORs as PostgreSQL. */
export function toEsSearch(index: string, q: CompiledSearchQuery): estypes.SearchRequest {
  const filter = esFilters(q.filters);
  const hasTerms = q.terms.length > 0;
  return {
    index,
    from: (q.page - 1) * q.pageSize,
    size: q.pageSize,
    track_total_hits: true,
    query: { bool: hasTerms ? { must: q.terms.map(termQuery), filter } : { filter } },
    sort: [...(hasTerms ? ['_score' as const] : []), { effectiveFrom: { order: 'desc' } }, { itemId: { order: 'asc' } }],
    _source: { excludes: ['titleTokens', 'tagTokens', 'bodyTokens'] },
  };
}

const isIndexMissing = (e: unknown) => e instanceof errors.ResponseError && e.statusCode === 404;

/** Elasticsearch 8 adapter: same documents, same query meaning, used when ELASTICSEARCH_URL is set. */
export class ElasticsearchPolicySearch implements PolicySearchBackend {
  readonly kind = 'elasticsearch' as const;
  private ready: Promise<void> | null = null;

  constructor(
    private readonly client: Client,
    readonly indexName = DEFAULT_POLICY_SEARCH_INDEX,
  ) {}

  /** Creates the index with its mapping unless it exists (once per process). */
  ensureIndex(): Promise<void> {
    this.ready ??= (async () => {
      if (await this.client.indices.exists({ index: this.indexName })) return;
      try {
        await this.client.indices.create({ index: this.indexName, mappings: POLICY_SEARCH_INDEX_MAPPING });
      } catch (e) {
        if (!(e instanceof errors.ResponseError && e.body?.error?.type === 'resource_already_exists_exception')) throw e;
      }
    })().catch((e: unknown) => {
      this.ready = null;
      throw e;
    });
    return this.ready;
  }

  async index(docs: SearchDocument[], options: SearchWriteOptions = {}): Promise<void> {
    if (!docs.length) return;
    await this.ensureIndex();
    const operations = docs.flatMap((d) => [{ index: { _index: this.indexName, _id: d.itemId } }, d]);
    this.assertBulk(await this.client.bulk({ operations, refresh: options.refresh ? 'wait_for' : false }));
  }

  async remove(itemIds: string[], options: SearchWriteOptions = {}): Promise<void> {
    if (!itemIds.length) return;
    await this.ensureIndex();
    const operations = itemIds.map((id) => ({ delete: { _index: this.indexName, _id: id } }));
    this.assertBulk(await this.client.bulk({ operations, refresh: options.refresh ? 'wait_for' : false }));
  }

  private assertBulk(res: estypes.BulkResponse): void {
    if (!res.errors) return;
    const failed = res.items.flatMap((i) => Object.values(i)).filter((r) => r?.error); // a delete of a missing id is `not_found`, not an error
    if (failed.length) throw new Error(`Elasticsearch bulk failed for ${failed.length} document(s): ${failed[0]?.error?.type} ${failed[0]?.error?.reason ?? ''}`);
  }

  async search(query: CompiledSearchQuery): Promise<Page<SearchHit>> {
    let res: estypes.SearchResponse<SearchDocument>;
    try {
      res = await this.client.search<SearchDocument>(toEsSearch(this.indexName, query));
    } catch (e) {
      if (isIndexMissing(e)) return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
      throw e;
    }
    const total = typeof res.hits.total === 'number' ? res.hits.total : (res.hits.total?.value ?? 0);
    const items = res.hits.hits.flatMap((h): SearchHit[] => {
      const s = h._source;
      if (!s) return [];
      return [{
        itemId: s.itemId, itemVersionId: s.itemVersionId, policyId: s.policyId, department: s.department, level: s.level,
        category: s.category, mode: s.mode, status: s.status, effectiveFrom: s.effectiveFrom, effectiveTo: s.effectiveTo ?? null,
        score: h._score ?? 0, display: s.display,
      }];
    });
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  async count(): Promise<number> {
    try {
      return (await this.client.count({ index: this.indexName })).count;
    } catch (e) {
      if (isIndexMissing(e)) return 0;
      throw e;
    }
  }

  async refresh(): Promise<void> {
    await this.ensureIndex();
    await this.client.indices.refresh({ index: this.indexName });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
