import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Policy center: policies, items (兑现事项) with immutable published versions, match rows and the
 * push inbox (one entry per firm and item version, ever).
 */
export class PolicyInit1732000002000 implements MigrationInterface {
  name = 'PolicyInit1732000002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS policy`);
    await q.query(`CREATE TABLE policy.policies (
      id uuid CONSTRAINT "PK_policies" PRIMARY KEY,
      code text NOT NULL CONSTRAINT "UQ_policies_code" UNIQUE,
      title text NOT NULL,
      doc_number text NULL,
      owner_department text NOT NULL,
      level text NOT NULL CONSTRAINT "CHK_policies_level" CHECK (level IN ('national','provincial','municipal','county')),
      category text NOT NULL CONSTRAINT "CHK_policies_category" CHECK (category IN ('subsidy','reduction','qualification','service')),
      tags text[] NOT NULL DEFAULT '{}',
      source_url text NULL,
      full_text text NOT NULL DEFAULT '',
      publish_date date NULL,
      effective_from date NOT NULL,
      effective_to date NULL,
      is_demo boolean NOT NULL DEFAULT false,
      search_text text NOT NULL DEFAULT '',
      created_by text NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "CHK_policies_effective" CHECK (effective_to IS NULL OR effective_to >= effective_from))`);
    await q.query(`CREATE INDEX "IDX_policies_department" ON policy.policies (owner_department)`);
    await q.query(`CREATE TABLE policy.items (
      id uuid CONSTRAINT "PK_items" PRIMARY KEY,
      policy_id uuid NOT NULL CONSTRAINT "FK_items_policy" REFERENCES policy.policies(id),
      code text NOT NULL CONSTRAINT "UQ_items_code" UNIQUE,
      owner_department text NOT NULL,
      latest_version integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX "IDX_items_policy" ON policy.items (policy_id)`);
    await q.query(`CREATE TABLE policy.item_versions (
      id uuid CONSTRAINT "PK_item_versions" PRIMARY KEY,
      item_id uuid NOT NULL CONSTRAINT "FK_item_versions_item" REFERENCES policy.items(id),
      version integer NOT NULL,
      status text NOT NULL CONSTRAINT "CHK_item_versions_status" CHECK (status IN ('draft','in_review','published','superseded','withdrawn','expired')),
      name text NOT NULL,
      rule jsonb NOT NULL,
      formula jsonb NOT NULL,
      facts_used text[] NOT NULL,
      mode text NOT NULL CONSTRAINT "CHK_item_versions_mode" CHECK (mode IN ('no_application','instant','application','commitment')),
      apply_from date NULL,
      apply_to date NULL,
      materials jsonb NOT NULL DEFAULT '[]',
      exclusion_group text NULL,
      clause text NULL,
      fund_pool_fen bigint NOT NULL CONSTRAINT "CHK_item_versions_pool" CHECK (fund_pool_fen >= 0),
      contact text NULL,
      effective_from date NOT NULL,
      effective_to date NULL,
      change_note text NULL,
      created_by text NOT NULL,
      submitted_by text NULL,
      reviewed_by text NULL,
      review_comment text NULL,
      published_at timestamptz NULL,
      retired_at timestamptz NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "UQ_item_versions_item_version" UNIQUE (item_id, version),
      CONSTRAINT "CHK_item_versions_apply" CHECK (apply_to IS NULL OR apply_from IS NULL OR apply_to >= apply_from),
      CONSTRAINT "CHK_item_versions_maker_checker" CHECK (reviewed_by IS NULL OR submitted_by IS NULL OR reviewed_by <> submitted_by))`);
    // At most one open draft/review per item, and one version in effect at a time.
    await q.query(`CREATE UNIQUE INDEX "UQ_item_versions_one_open" ON policy.item_versions (item_id) WHERE status IN ('draft','in_review')`);
    await q.query(`CREATE UNIQUE INDEX "UQ_item_versions_one_published" ON policy.item_versions (item_id) WHERE status = 'published'`);
    await q.query(`CREATE INDEX "IDX_item_versions_status" ON policy.item_versions (status)`);
    // Published content never changes: only lifecycle columns may move after publication.
    await q.query(`CREATE FUNCTION policy.freeze_published() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status NOT IN ('draft','in_review') AND (
          NEW.rule IS DISTINCT FROM OLD.rule OR NEW.formula IS DISTINCT FROM OLD.formula OR NEW.name IS DISTINCT FROM OLD.name
          OR NEW.mode IS DISTINCT FROM OLD.mode OR NEW.fund_pool_fen IS DISTINCT FROM OLD.fund_pool_fen
          OR NEW.exclusion_group IS DISTINCT FROM OLD.exclusion_group OR NEW.effective_from IS DISTINCT FROM OLD.effective_from
          OR NEW.effective_to IS DISTINCT FROM OLD.effective_to OR NEW.materials IS DISTINCT FROM OLD.materials) THEN
          RAISE EXCEPTION 'published item versions are immutable';
        END IF;
        IF OLD.status IN ('superseded','withdrawn','expired') AND NEW.status IS DISTINCT FROM OLD.status THEN
          RAISE EXCEPTION 'retired item versions are final';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER "TRG_item_versions_freeze" BEFORE UPDATE ON policy.item_versions
      FOR EACH ROW EXECUTE FUNCTION policy.freeze_published()`);
    await q.query(`CREATE TABLE policy.matches (
      enterprise_id uuid NOT NULL,
      item_version_id uuid NOT NULL,
      item_id uuid NOT NULL,
      outcome text NOT NULL CONSTRAINT "CHK_matches_outcome" CHECK (outcome IN ('eligible','near_miss')),
      facts jsonb NOT NULL,
      near_miss jsonb NULL,
      estimate_fen bigint NOT NULL DEFAULT 0,
      facts_digest text NOT NULL,
      profile_version integer NOT NULL,
      matched_at timestamptz NOT NULL DEFAULT now(),
      retired_at timestamptz NULL,
      CONSTRAINT "PK_matches" PRIMARY KEY (enterprise_id, item_version_id))`);
    // A firm's matches are read through the primary key's leading column (enterprise_id): no second
    // per-firm index to maintain on every one of the millions of bulk inserts.
    await q.query(`CREATE INDEX "IDX_matches_version" ON policy.matches (item_version_id)`);
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
      -- progress of the firm's application for this item (e.g. 已拨付), set by the approval center
      status_text text NULL,
      status_at timestamptz NULL,
      CONSTRAINT "UQ_inbox_enterprise_version" UNIQUE (enterprise_id, item_version_id))`);
    // Title and message are rendered on read from the immutable version's name and the estimate; a
    // firm's inbox is read through UQ_inbox_enterprise_version's leading column.
    // One message per firm and channel for each push run (a digest: "您有 3 项新政策可享受"), listing the
    // new inbox entries it announced — not one SMS per item.
    await q.query(`CREATE TABLE policy.push_deliveries (
      id uuid CONSTRAINT "PK_push_deliveries" PRIMARY KEY,
      enterprise_id uuid NOT NULL,
      channel text NOT NULL,
      inbox_ids uuid[] NOT NULL,
      status text NOT NULL,
      detail text NULL,
      at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX "IDX_push_deliveries_enterprise" ON policy.push_deliveries (enterprise_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA policy CASCADE`);
  }
}
