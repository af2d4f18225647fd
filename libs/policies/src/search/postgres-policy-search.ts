import type { DataSource } from 'typeorm';
import type { Page } from '@app/core';
import { toExactTsQuery, toTsQuery } from './search-query';
import type { CompiledSearchQuery, PolicySearchBackend, SearchDisplay, SearchDocument, SearchFilters, SearchHit, SearchWriteOptions } from './search.types';

interface HitRow {
  item_id: string;
  item_version_id: string;
  policy_id: string;
  department: string;
  level: SearchHit['level'];
  category: SearchHit['category'];
  mode: SearchHit['mode'];
  status: SearchHit['status'];
  effective_from: string;
  effective_to: string | null;
  display: Omit<SearchDisplay, 'fullText'>;
  full_text: string | null;
  score: number | string;
  total: number | string;
}

/** WHERE clauses for the filters, pushing their values onto params. */
export function filterSql(f: SearchFilters, params: unknown[]): string[] {
  const where = [`d.status = $${params.push(f.status)}`];
  if (f.department) where.push(`d.department = $${params.push(f.department)}`);
  if (f.level) where.push(`d.level = $${params.push(f.level)}`);
  if (f.category) where.push(`d.category = $${params.push(f.category)}`);
  if (f.mode) where.push(`d.mode = $${params.push(f.mode)}`);
  if (f.district) where.push(`(d.regions IS NULL OR $${params.push(f.district)} = ANY(d.regions))`);
  if (f.onDate) {
    const p = params.push(f.onDate);
    where.push(`d.effective_from <= $${p}::date AND (d.effective_to IS NULL OR d.effective_to >= $${p}::date)`);
  }
  return where;
}

/** Written exactly as the GIN expression index "IDX_search_documents_body" so the planner uses it. */
export const MATCH_TSV = `to_tsvector('simple'::regconfig, d.body_tokens)`;

/**
 * PostgreSQL full-text search over `policy.search_documents`. The documents hold tokens segmented
 * by the application; the `simple` configuration only lower-cases and splits on spaces, so a
 * Chinese word is one lexeme. Matching goes through the body expression index; ranking reads the
 * small `head_tsv` (title and item name A, tags B), so title hits come first and text-only hits
 * follow, newest first. The words as typed are ranked once more: exact hits before synonym hits.
 */
export class PostgresPolicySearch implements PolicySearchBackend {
  readonly kind = 'postgres-fts' as const;

  constructor(private readonly dataSource: DataSource) {}

  async index(docs: SearchDocument[], options: SearchWriteOptions = {}): Promise<void> {
    if (!docs.length) return;
    const rows = docs.map((d) => {
      const { fullText: _fullText, ...display } = d.display; // read from policy.policies when shown
      return {
        item_id: d.itemId, item_version_id: d.itemVersionId, policy_id: d.policyId, department: d.department, level: d.level,
        category: d.category, mode: d.mode, status: d.status, effective_from: d.effectiveFrom, effective_to: d.effectiveTo,
        regions: d.regions, title_tokens: d.titleTokens, tag_tokens: d.tagTokens, body_tokens: d.bodyTokens, display,
      };
    });
    await (options.manager ?? this.dataSource).query(
      `INSERT INTO policy.search_documents (item_id, item_version_id, policy_id, department, level, category, mode, status,
         effective_from, effective_to, regions, title_tokens, tag_tokens, body_tokens, display)
       SELECT r.item_id, r.item_version_id, r.policy_id, r.department, r.level, r.category, r.mode, r.status, r.effective_from,
         r.effective_to, r.regions, r.title_tokens, r.tag_tokens, r.body_tokens, r.display
       FROM jsonb_to_recordset($1::jsonb) AS r(item_id uuid, item_version_id uuid, policy_id uuid, department text, level text,
         category text, mode text, status text, effective_from date, effective_to date, regions text[], title_tokens text, tag_tokens text,
         body_tokens text, display jsonb)
       ON CONFLICT (item_id) DO UPDATE SET item_version_id = EXCLUDED.item_version_id, policy_id = EXCLUDED.policy_id,
         department = EXCLUDED.department, level = EXCLUDED.level, category = EXCLUDED.category, mode = EXCLUDED.mode,
         status = EXCLUDED.status, effective_from = EXCLUDED.effective_from, effective_to = EXCLUDED.effective_to, regions = EXCLUDED.regions,
         title_tokens = EXCLUDED.title_tokens, tag_tokens = EXCLUDED.tag_tokens, body_tokens = EXCLUDED.body_tokens,
         display = EXCLUDED.display, indexed_at = now()`,
      [JSON.stringify(rows)],
    );
  }

  async remove(itemIds: string[], options: SearchWriteOptions = {}): Promise<void> {
    if (!itemIds.length) return;
    await (options.manager ?? this.dataSource).query(`DELETE FROM policy.search_documents WHERE item_id = ANY($1::uuid[])`, [itemIds]);
  }

  async search(query: CompiledSearchQuery): Promise<Page<SearchHit>> {
    const params: unknown[] = [];
    const where = filterSql(query.filters, params);
    let score = '0::real';
    let order = 'effective_from DESC, item_id';
    let whereParams = params.length;
    const text = query.terms.length > 0;
    if (text) {
      const tsq = `to_tsquery('simple', $${(whereParams = params.push(toTsQuery(query.terms)))})`;
      where.unshift(`${MATCH_TSV} @@ ${tsq}`);
      const exact = toExactTsQuery(query.terms);
      score = exact ? `ts_rank(d.head_tsv, ${tsq}) + ts_rank(d.head_tsv, to_tsquery('simple', $${params.push(exact)}))` : `ts_rank(d.head_tsv, ${tsq})`;
      order = `score DESC, ${order}`;
    }
    const limit = params.push(query.pageSize);
    const offset = params.push((query.page - 1) * query.pageSize);
    // Score inside a materialized CTE so ranking and counting carry narrow rows, not head_tsv;
    // display fields and the policy text are read for the page only.
    const sql = `WITH matched AS MATERIALIZED (
         SELECT d.item_id, d.effective_from, ${score} AS score FROM policy.search_documents d WHERE ${where.join(' AND ')}),
       ranked AS (
         SELECT item_id, effective_from, score, count(*) OVER () AS total FROM matched ORDER BY ${order} LIMIT $${limit} OFFSET $${offset})
       SELECT d.item_id, d.item_version_id, d.policy_id, d.department, d.level, d.category, d.mode, d.status,
         d.effective_from::text AS effective_from, d.effective_to::text AS effective_to, d.display, p.full_text, r.score, r.total
       FROM ranked r
       JOIN policy.search_documents d ON d.item_id = r.item_id
       LEFT JOIN policy.policies p ON p.id = d.policy_id
       ORDER BY ${order.replace(/(score|effective_from|item_id)/g, 'r.$1')}`;
    const { rows, total } = await this.dataSource.transaction(async (m) => {
      // Text queries must use the GIN index: any plan testing rows one by one re-reads every
      // row's token vector (see the migration). A read-only transaction scopes the setting.
      if (text) await m.query(`SET LOCAL enable_seqscan = off`);
      const found: HitRow[] = await m.query(sql, params);
      if (found.length || query.page === 1) return { rows: found, total: found.length ? Number(found[0].total) : 0 };
      // Past the last page the window count has no row to ride on.
      const [{ n }]: Array<{ n: number }> = await m.query(
        `SELECT count(*)::int AS n FROM policy.search_documents d WHERE ${where.join(' AND ')}`,
        params.slice(0, whereParams),
      );
      return { rows: found, total: n };
    });
    return {
      items: rows.map((r) => ({
        itemId: r.item_id, itemVersionId: r.item_version_id, policyId: r.policy_id, department: r.department, level: r.level,
        category: r.category, mode: r.mode, status: r.status, effectiveFrom: r.effective_from, effectiveTo: r.effective_to,
        score: Number(r.score), display: { ...r.display, fullText: r.full_text ?? '' },
      })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async count(): Promise<number> {
    const [{ n }]: Array<{ n: number }> = await this.dataSource.query(`SELECT count(*)::int AS n FROM policy.search_documents`);
    return n;
  }

  async refresh(): Promise<void> {
    // Writes are visible when their transaction commits.
  }
}
