import { Client, errors, estypes } from '@elastic/elasticsearch';
import Mock, { MockPattern } from '@elastic/elasticsearch-mock';

type Doc = Record<string, unknown>;
type MockParams = MockPattern;
type Reply = Record<string, unknown> | string;
type Eval = { match: boolean; score: number };

const MISS: Eval = { match: false, score: 0 };

function responseError(statusCode: number, type: string): Reply {
  return new errors.ResponseError({ body: { error: { type, reason: type }, status: statusCode }, statusCode, headers: {}, warnings: null, meta: {} } as unknown as ConstructorParameters<typeof errors.ResponseError>[0]) as unknown as Reply;
}

const fieldTokens = (v: unknown) => new Set(typeof v === 'string' ? v.split(/\s+/).filter(Boolean) : []);

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

/**
 * A tiny in-process Elasticsearch behind the real client (through @elastic/elasticsearch-mock):
 * it keeps indexed documents and evaluates the subset of the query DSL the policy-search adapter
 * sends (bool, multi_match over whitespace-analysed fields with boosts, term, range, exists),
 * with a simple score — the sum of the boosts of the best-matching field per clause, no BM25.
 * Anything else throws, so a change of the adapter's DSL cannot pass silently.
 */
export class ElasticsearchEmulator {
  readonly mock = new Mock();
  readonly client: Client;
  readonly indices = new Map<string, Map<string, Doc>>();
  readonly requests: MockParams[] = [];

  constructor() {
    this.client = new Client({ node: 'http://es-emulator:9200', Connection: this.mock.getConnection() });
    const indexOf = (p: MockParams) => decodeURIComponent(String(p.path).split('/')[1] ?? '');
    const seen = (fn: (p: MockParams) => Reply) => (p: MockParams): Reply => {
      this.requests.push(p);
      return fn(p);
    };
    this.mock.add({ method: 'HEAD', path: '/:index' }, seen((p) => (this.indices.has(indexOf(p)) ? '' : responseError(404, 'index_not_found_exception'))));
    this.mock.add({ method: 'PUT', path: '/:index' }, seen((p) => {
      if (this.indices.has(indexOf(p))) return responseError(400, 'resource_already_exists_exception');
      this.indices.set(indexOf(p), new Map());
      return { acknowledged: true, index: indexOf(p) };
    }));
    this.mock.add({ method: ['POST', 'PUT'], path: '/_bulk' }, seen((p) => this.bulk(p.body as unknown as Doc[])));
    this.mock.add({ method: ['GET', 'POST'], path: '/:index/_search' }, seen((p) => this.search(indexOf(p), (p.body ?? {}) as unknown as estypes.SearchRequest)));
    this.mock.add({ method: ['GET', 'POST'], path: '/:index/_count' }, seen((p) => {
      const docs = this.indices.get(indexOf(p));
      return docs ? { count: docs.size } : responseError(404, 'index_not_found_exception');
    }));
    this.mock.add({ method: ['GET', 'POST'], path: '/:index/_refresh' }, seen(() => ({ _shards: { total: 1, successful: 1, failed: 0 } })));
  }

  private bulk(lines: Doc[]): Reply {
    const items: Array<Record<string, { _id: string; status: number; result?: string; error?: { type: string; reason: string } }>> = [];
    for (let i = 0; i < lines.length; i++) {
      const [action, meta] = Object.entries(lines[i])[0] as [string, { _index: string; _id: string }];
      const docs = this.indices.get(meta._index);
      if (!docs) {
        items.push({ [action]: { _id: meta._id, status: 404, error: { type: 'index_not_found_exception', reason: meta._index } } });
        if (action !== 'delete') i++;
        continue;
      }
      if (action === 'delete') {
        const existed = docs.delete(meta._id);
        items.push({ delete: { _id: meta._id, status: existed ? 200 : 404, result: existed ? 'deleted' : 'not_found' } });
      } else {
        docs.set(meta._id, lines[++i]);
        items.push({ [action]: { _id: meta._id, status: 200, result: 'updated' } });
      }
    }
    return { took: 1, errors: items.some((it) => Object.values(it)[0].error), items };
  }

  private search(index: string, body: estypes.SearchRequest): Reply {
    const docs = this.indices.get(index);
    if (!docs) return responseError(404, 'index_not_found_exception');
    const hits = [...docs.entries()]
      .map(([id, doc]) => ({ id, doc, ...this.evaluate(body.query ?? { match_all: {} }, doc) }))
      .filter((h) => h.match);
    const sort = (Array.isArray(body.sort) ? body.sort : body.sort ? [body.sort] : ['_score']) as Array<string | Record<string, { order?: string }>>;
    hits.sort((a, b) => {
      for (const s of sort) {
        const [field, order] = typeof s === 'string' ? [s, s === '_score' ? 'desc' : 'asc'] : [Object.keys(s)[0], Object.values(s)[0].order ?? 'asc'];
        const c = field === '_score' ? a.score - b.score : compare(a.doc[field] ?? '', b.doc[field] ?? '');
        if (c !== 0) return order === 'desc' ? -c : c;
      }
      return 0;
    });
    const excludes = typeof body._source === 'object' && body._source && !Array.isArray(body._source) ? ((body._source as { excludes?: string[] }).excludes ?? []) : [];
    const from = body.from ?? 0;
    return {
      took: 1,
      timed_out: false,
      hits: {
        total: { value: hits.length, relation: 'eq' },
        max_score: hits.length ? Math.max(...hits.map((h) => h.score)) : null,
        hits: hits.slice(from, from + (body.size ?? 10)).map((h) => ({
          _index: index, _id: h.id, _score: h.score,
          _source: Object.fromEntries(Object.entries(h.doc).filter(([k]) => !excludes.includes(k))),
        })),
      },
    };
  }

  private evaluate(q: estypes.QueryDslQueryContainer, doc: Doc): Eval {
    const [kind, spec] = Object.entries(q)[0] as [string, unknown];
    switch (kind) {
      case 'match_all':
        return { match: true, score: 1 };
      case 'bool': {
        const b = spec as estypes.QueryDslBoolQuery;
        const list = (x: unknown) => (x === undefined ? [] : Array.isArray(x) ? x : [x]) as estypes.QueryDslQueryContainer[];
        let score = 0;
        for (const c of list(b.must)) {
          const r = this.evaluate(c, doc);
          if (!r.match) return MISS;
          score += r.score;
        }
        for (const c of list(b.filter)) if (!this.evaluate(c, doc).match) return MISS;
        for (const c of list(b.must_not)) if (this.evaluate(c, doc).match) return MISS;
        const should = list(b.should).map((c) => this.evaluate(c, doc)).filter((r) => r.match);
        const min = Number(b.minimum_should_match ?? (list(b.must).length || list(b.filter).length ? 0 : list(b.should).length ? 1 : 0));
        if (should.length < min) return MISS;
        return { match: true, score: (score + should.reduce((s, r) => s + r.score, 0)) * (b.boost ?? 1) };
      }
      case 'multi_match': {
        const m = spec as estypes.QueryDslMultiMatchQuery;
        const tokens = m.query.split(/\s+/).filter(Boolean);
        let best = 0;
        for (const f of m.fields as string[]) {
          const [field, boost] = f.split('^');
          const have = fieldTokens(doc[field]);
          const hit = m.operator === 'and' ? tokens.every((t) => have.has(t)) : tokens.some((t) => have.has(t));
          if (hit) best = Math.max(best, Number(boost ?? 1));
        }
        return best > 0 ? { match: true, score: best * (m.boost ?? 1) } : MISS;
      }
      case 'term': {
        const [field, v] = Object.entries(spec as Record<string, unknown>)[0];
        const value = typeof v === 'object' && v !== null && 'value' in v ? (v as { value: unknown }).value : v;
        const actual = doc[field];
        return (Array.isArray(actual) ? actual.includes(value) : actual === value) ? { match: true, score: 1 } : MISS;
      }
      case 'range': {
        const [field, r] = Object.entries(spec as Record<string, { lt?: unknown; lte?: unknown; gt?: unknown; gte?: unknown }>)[0];
        const v = doc[field];
        if (v === null || v === undefined) return MISS;
        const ok = (r.lt === undefined || compare(v, r.lt) < 0) && (r.lte === undefined || compare(v, r.lte) <= 0)
          && (r.gt === undefined || compare(v, r.gt) > 0) && (r.gte === undefined || compare(v, r.gte) >= 0);
        return ok ? { match: true, score: 1 } : MISS;
      }
      case 'exists': {
        const v = doc[(spec as { field: string }).field];
        return v !== null && v !== undefined ? { match: true, score: 1 } : MISS;
      }
      default:
        throw new Error(`ElasticsearchEmulator: unsupported query ${kind}`);
    }
  }
}
