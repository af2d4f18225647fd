import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The inbox becomes columns of the match row: a firm's in-app message for an item version is its
 * match row once `pushed_at` is set — set the first time the pair is eligible and never cleared, so
 * a pair is pushed once however often matching reruns (what UQ_inbox_enterprise_version did).
 *
 * Why: bulk matching wrote two rows and five index entries per eligible pair (match + inbox); the
 * inbox row repeated the match's firm, version, item and estimate. One row per pair halves the
 * writes of a publication (see docs/benchmarks.md, bench:match).
 *
 * An inbox entry is now addressed by (firm, item version): the firm is the caller, so the API's
 * entry id is the item version id; push deliveries list item version ids.
 *
 * Every inbox row has its match row (both were written by one statement and neither table deletes
 * rows), so the copy below loses nothing.
 *
 * `facts` is no longer written: a row records the firm's profile version and the digest of its
 * facts, and the facts themselves are in the profile history (enterprise.profile_versions), where
 * the per-condition reasons are rendered from. Older rows keep theirs.
 */
export class PolicyInboxOnMatches1732000007000 implements MigrationInterface {
  name = 'PolicyInboxOnMatches1732000007000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE policy.matches
      ADD COLUMN pushed_at timestamptz NULL,
      ADD COLUMN read_at timestamptz NULL,
      ADD COLUMN dismissed_at timestamptz NULL,
      ADD COLUMN applied_at timestamptz NULL,
      ADD COLUMN status_text text NULL,
      ADD COLUMN status_at timestamptz NULL`);
    await q.query(`UPDATE policy.matches m SET pushed_at = x.created_at, read_at = x.read_at, dismissed_at = x.dismissed_at,
        applied_at = x.applied_at, status_text = x.status_text, status_at = x.status_at
      FROM policy.inbox x WHERE x.enterprise_id = m.enterprise_id AND x.item_version_id = m.item_version_id`);
    await q.query(`ALTER TABLE policy.matches ADD CONSTRAINT "CHK_matches_pushed" CHECK (
      pushed_at IS NOT NULL OR (read_at IS NULL AND dismissed_at IS NULL AND applied_at IS NULL AND status_text IS NULL))`);
    await q.query(`ALTER TABLE policy.push_deliveries ADD COLUMN item_version_ids uuid[] NULL`);
    await q.query(`UPDATE policy.push_deliveries d SET item_version_ids = coalesce(
      (SELECT array_agg(x.item_version_id ORDER BY x.item_version_id) FROM policy.inbox x WHERE x.id = ANY(d.inbox_ids)), '{}')`);
    await q.query(`ALTER TABLE policy.push_deliveries ALTER COLUMN item_version_ids SET NOT NULL, DROP COLUMN inbox_ids`);
    await q.query(`DROP TABLE policy.inbox`);
    await q.query(`ALTER TABLE policy.matches ALTER COLUMN facts DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE policy.matches m SET facts = coalesce(
      (SELECT pv.facts FROM enterprise.profile_versions pv WHERE pv.enterprise_id = m.enterprise_id AND pv.version = m.profile_version), '{}')
      WHERE m.facts IS NULL`);
    await q.query(`ALTER TABLE policy.matches ALTER COLUMN facts SET NOT NULL`);
    await q.query(`CREATE TABLE policy.inbox (
      id uuid CONSTRAINT "PK_inbox" PRIMARY KEY,
      enterprise_id uuid NOT NULL,
      item_version_id uuid NOT NULL,
      item_id uuid NOT NULL,
      kind text NOT NULL CONSTRAINT "CHK_inbox_kind" CHECK (kind IN ('eligible','near_miss')),
      estimate_fen bigint NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz NULL,
      dismissed_at timestamptz NULL,
      applied_at timestamptz NULL,
      status_text text NULL,
      status_at timestamptz NULL,
      CONSTRAINT "UQ_inbox_enterprise_version" UNIQUE (enterprise_id, item_version_id))`);
    await q.query(`INSERT INTO policy.inbox (id, enterprise_id, item_version_id, item_id, kind, estimate_fen, created_at, read_at, dismissed_at, applied_at, status_text, status_at)
      SELECT gen_random_uuid(), enterprise_id, item_version_id, item_id, 'eligible', estimate_fen, pushed_at, read_at, dismissed_at, applied_at, status_text, status_at
      FROM policy.matches WHERE pushed_at IS NOT NULL`);
    await q.query(`ALTER TABLE policy.push_deliveries ADD COLUMN inbox_ids uuid[] NULL`);
    await q.query(`UPDATE policy.push_deliveries d SET inbox_ids = coalesce(
      (SELECT array_agg(x.id) FROM policy.inbox x WHERE x.enterprise_id = d.enterprise_id AND x.item_version_id = ANY(d.item_version_ids)), '{}')`);
    await q.query(`ALTER TABLE policy.push_deliveries ALTER COLUMN inbox_ids SET NOT NULL, DROP COLUMN item_version_ids`);
    await q.query(`ALTER TABLE policy.matches DROP CONSTRAINT "CHK_matches_pushed",
      DROP COLUMN pushed_at, DROP COLUMN read_at, DROP COLUMN dismissed_at, DROP COLUMN applied_at, DROP COLUMN status_text, DROP COLUMN status_at`);
  }
}
