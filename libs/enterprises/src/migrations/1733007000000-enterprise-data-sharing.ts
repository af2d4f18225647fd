import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 数据共享比对 (issue 14 §7): where each fact's value came from (source, fetched-at, the source's own
 * record id) on the profile and with every profile version; the pull cursor of each data source and
 * the records it refused; data correction requests (数据异议) routed to the owning source department.
 */
export class EnterpriseDataSharing1733007000000 implements MigrationInterface {
  name = 'EnterpriseDataSharing1733007000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE enterprise.enterprises ADD COLUMN fact_sources jsonb NOT NULL DEFAULT '{}'::jsonb`);
    await q.query(`ALTER TABLE enterprise.profile_versions ADD COLUMN provenance jsonb NULL`);
    await q.query(`CREATE TABLE enterprise.data_source_cursors (
      source text CONSTRAINT "PK_data_source_cursors" PRIMARY KEY,
      cursor text NULL,
      applied bigint NOT NULL DEFAULT 0,
      rejected bigint NOT NULL DEFAULT 0,
      last_pulled_at timestamptz NULL,
      last_error text NULL,
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE enterprise.data_source_rejections (
      id uuid CONSTRAINT "PK_data_source_rejections" PRIMARY KEY,
      source text NOT NULL,
      record_id text NOT NULL,
      credit_code text NULL,
      code text NOT NULL,
      message text NOT NULL,
      details jsonb NULL,
      fetched_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX "IDX_data_source_rejections_source" ON enterprise.data_source_rejections (source, created_at)`);
    await q.query(`CREATE TABLE enterprise.data_corrections (
      id uuid CONSTRAINT "PK_data_corrections" PRIMARY KEY,
      enterprise_id uuid NOT NULL CONSTRAINT "FK_data_corrections_enterprise" REFERENCES enterprise.enterprises(id) ON DELETE CASCADE,
      fact text NOT NULL,
      current_value jsonb NULL,
      claimed_value jsonb NULL,
      evidence text NOT NULL,
      source text NOT NULL,
      source_record_id text NULL,
      department text NOT NULL,
      state text NOT NULL DEFAULT 'pending' CONSTRAINT "CHK_data_corrections_state" CHECK (state IN ('pending','accepted','rejected')),
      attachment_key text NULL,
      attachment_name text NULL,
      attachment_type text NULL,
      corrected_value jsonb NULL,
      resolution text NULL,
      resolved_by text NULL,
      resolved_at timestamptz NULL,
      result_version integer NULL,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX "IDX_data_corrections_enterprise" ON enterprise.data_corrections (enterprise_id, created_at)`);
    await q.query(`CREATE INDEX "IDX_data_corrections_department" ON enterprise.data_corrections (department, state, created_at)`);
    // one open request per firm and fact: a second one waits for the first to be resolved
    await q.query(`CREATE UNIQUE INDEX "UQ_data_corrections_open" ON enterprise.data_corrections (enterprise_id, fact) WHERE state = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE enterprise.data_corrections`);
    await q.query(`DROP TABLE enterprise.data_source_rejections`);
    await q.query(`DROP TABLE enterprise.data_source_cursors`);
    await q.query(`ALTER TABLE enterprise.profile_versions DROP COLUMN provenance`);
    await q.query(`ALTER TABLE enterprise.enterprises DROP COLUMN fact_sources`);
  }
}
