import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Policy search (PostgreSQL full-text backend): one document per item at its current version,
 * with tokens segmented by the application (jieba). Filled and kept current by SearchIndexer; it
 * can always be rebuilt from policy.items/item_versions.
 *
 * Matching goes through a GIN index on the expression to_tsvector('simple', body_tokens) (body
 * tokens hold every word of the document); ranking reads only `head_tsv` (title and item name
 * weight A, tags and number B), small enough to stay in the row. Measured over 20k items
 * (bench:search), a stored full tsvector is TOASTed and any plan that tests rows one by one —
 * a seq scan, or a btree on status plus a filter — de-TOASTs or recomputes every row's vector
 * (150 ms to 2 s for common words); the GIN bitmap needs no recheck. Hence no btree on the filter
 * columns here, and the search disables seq scans for text queries (PostgresPolicySearch).
 */
export class PolicySearch1732000003000 implements MigrationInterface {
  name = 'PolicySearch1732000003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE policy.search_documents (
      item_id uuid CONSTRAINT "PK_search_documents" PRIMARY KEY CONSTRAINT "FK_search_documents_item" REFERENCES policy.items(id),
      item_version_id uuid NOT NULL,
      policy_id uuid NOT NULL,
      department text NOT NULL,
      level text NOT NULL,
      category text NOT NULL,
      mode text NOT NULL,
      status text NOT NULL CONSTRAINT "CHK_search_documents_status" CHECK (status IN ('published','withdrawn','expired')),
      effective_from date NOT NULL,
      effective_to date NULL,
      title_tokens text NOT NULL DEFAULT '',
      tag_tokens text NOT NULL DEFAULT '',
      body_tokens text NOT NULL DEFAULT '',
      head_tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_tokens), 'A') ||
        setweight(to_tsvector('simple'::regconfig, tag_tokens), 'B')) STORED,
      display jsonb NOT NULL,
      indexed_at timestamptz NOT NULL DEFAULT now())`);
    // Tokens are read only when writing (head_tsv) and by the index build: keep them out of line
    // so the rows a search visits stay narrow (ids, filters, head_tsv, display).
    await q.query(`ALTER TABLE policy.search_documents ALTER COLUMN title_tokens SET STORAGE EXTERNAL,
      ALTER COLUMN tag_tokens SET STORAGE EXTERNAL, ALTER COLUMN body_tokens SET STORAGE EXTERNAL`);
    // The search writes this expression exactly so (MATCH_TSV in postgres-policy-search.ts).
    await q.query(`CREATE INDEX "IDX_search_documents_body" ON policy.search_documents USING gin (to_tsvector('simple'::regconfig, body_tokens))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE policy.search_documents`);
  }
}
