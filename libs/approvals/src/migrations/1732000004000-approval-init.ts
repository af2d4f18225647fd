import { MigrationInterface, QueryRunner } from 'typeorm';
import { APPLICATION_STATES, CLAIMING_STATES, sqlStates } from '../application/application.states';

/**
 * 审批中心: applications with their timeline (全程透明), materials, credit commitments, fund pools,
 * review batches, 公示 rounds and objections, account verification, SLA calendar and reminders,
 * ratings, the 失信 list and clawbacks (追回).
 */
export class ApprovalInit1732000004000 implements MigrationInterface {
  name = 'ApprovalInit1732000004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS approval`);
    await q.query(`CREATE TABLE approval.applications (
      id uuid CONSTRAINT "PK_applications" PRIMARY KEY,
      enterprise_id uuid NOT NULL,
      enterprise_name text NOT NULL,
      item_id uuid NOT NULL,
      item_version_id uuid NOT NULL,
      item_name text NOT NULL,
      department_code text NOT NULL,
      mode text NOT NULL CONSTRAINT "CHK_applications_mode" CHECK (mode IN ('no_application','instant','application','commitment')),
      period text NOT NULL,
      exclusion_group text NULL,
      state text NOT NULL CONSTRAINT "CHK_applications_state" CHECK (state IN (${sqlStates(APPLICATION_STATES)})),
      amount_fen bigint NOT NULL DEFAULT 0 CONSTRAINT "CHK_applications_amount" CHECK (amount_fen >= 0),
      reserved_fen bigint NOT NULL DEFAULT 0 CONSTRAINT "CHK_applications_reserved" CHECK (reserved_fen >= 0),
      estimate_text text NULL,
      facts jsonb NULL,
      version integer NOT NULL DEFAULT 1,
      state_since timestamptz NOT NULL DEFAULT now(),
      submitted_at timestamptz NULL,
      decided_at timestamptz NULL,
      disclosure_round_id uuid NULL,
      payee_name text NULL,
      payee_bank_name text NULL,
      payee_account_enc text NULL,
      payee_account_masked text NULL,
      confirmed_at timestamptz NULL,
      paid_at timestamptz NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now())`);
    // One live application per firm, item and period (drafts included; withdrawn/rejected/expired free the slot).
    await q.query(`CREATE UNIQUE INDEX "UQ_applications_enterprise_item_period" ON approval.applications (enterprise_id, item_id, period)
      WHERE state NOT IN ('rejected','withdrawn','expired')`);
    // 不重复享受: one claimed benefit per firm, exclusion group and period.
    await q.query(`CREATE UNIQUE INDEX "UQ_applications_exclusion_group" ON approval.applications (enterprise_id, exclusion_group, period)
      WHERE exclusion_group IS NOT NULL AND state IN (${sqlStates(CLAIMING_STATES)})`);
    await q.query(`CREATE INDEX "IDX_applications_item_state" ON approval.applications (item_id, state)`);
    await q.query(`CREATE INDEX "IDX_applications_department_state" ON approval.applications (department_code, state)`);
    await q.query(`CREATE INDEX "IDX_applications_enterprise" ON approval.applications (enterprise_id)`);
    await q.query(`CREATE INDEX "IDX_applications_round" ON approval.applications (disclosure_round_id) WHERE disclosure_round_id IS NOT NULL`);
    await q.query(`CREATE TABLE approval.timeline (
      application_id uuid NOT NULL CONSTRAINT "FK_timeline_application" REFERENCES approval.applications(id),
      step integer NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      command text NOT NULL,
      from_state text NULL,
      to_state text NOT NULL,
      actor_id text NULL,
      actor_role text NOT NULL,
      department_code text NULL,
      outcome text NULL,
      comment text NULL,
      details jsonb NULL,
      CONSTRAINT "PK_timeline" PRIMARY KEY (application_id, step))`);
    await q.query(`CREATE FUNCTION approval.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'approval timeline is append-only'; END $$`);
    await q.query(`CREATE TRIGGER "TRG_timeline_append_only" BEFORE UPDATE OR DELETE ON approval.timeline
      FOR EACH ROW EXECUTE FUNCTION approval.refuse_change()`);
    await q.query(`CREATE TABLE approval.materials (
      id uuid CONSTRAINT "PK_materials" PRIMARY KEY,
      application_id uuid NOT NULL CONSTRAINT "FK_materials_application" REFERENCES approval.applications(id),
      material_name text NOT NULL,
      file_name text NOT NULL,
      content_type text NOT NULL,
      size_bytes integer NOT NULL,
      sha256 char(64) NOT NULL,
      storage_key text NOT NULL,
      uploaded_by text NOT NULL,
      uploaded_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX "IDX_materials_application" ON approval.materials (application_id)`);
    await q.query(`CREATE TABLE approval.commitments (
      id uuid CONSTRAINT "PK_commitments" PRIMARY KEY,
      application_id uuid NOT NULL CONSTRAINT "FK_commitments_application" REFERENCES approval.applications(id),
      text_version text NOT NULL,
      text_sha256 char(64) NOT NULL,
      signer_id text NOT NULL,
      signer_name text NOT NULL,
      signed_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX "IDX_commitments_application" ON approval.commitments (application_id)`);
    await q.query(`CREATE TABLE approval.fund_pools (
      item_id uuid CONSTRAINT "PK_fund_pools" PRIMARY KEY,
      item_name text NOT NULL,
      department_code text NOT NULL,
      total_fen bigint NOT NULL,
      reserved_fen bigint NOT NULL DEFAULT 0,
      paid_fen bigint NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "CHK_fund_pools_reserved" CHECK (reserved_fen >= 0 AND reserved_fen <= total_fen),
      CONSTRAINT "CHK_fund_pools_paid" CHECK (paid_fen >= 0 AND paid_fen <= reserved_fen))`);
    await q.query(`CREATE TABLE approval.review_batches (
      id uuid CONSTRAINT "PK_review_batches" PRIMARY KEY,
      item_id uuid NOT NULL,
      department_code text NOT NULL,
      reviewer_id text NOT NULL,
      approved integer NOT NULL,
      amount_fen bigint NOT NULL,
      filter jsonb NOT NULL,
      sample uuid[] NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE approval.disclosure_rounds (
      id uuid CONSTRAINT "PK_disclosure_rounds" PRIMARY KEY,
      item_id uuid NOT NULL,
      item_name text NOT NULL,
      department_code text NOT NULL,
      working_days integer NOT NULL CONSTRAINT "CHK_disclosure_rounds_days" CHECK (working_days >= 1),
      opened_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      entries integer NOT NULL,
      created_by text NOT NULL)`);
    await q.query(`CREATE INDEX "IDX_disclosure_rounds_ends" ON approval.disclosure_rounds (ends_at)`);
    await q.query(`CREATE TABLE approval.objections (
      id uuid CONSTRAINT "PK_objections" PRIMARY KEY,
      application_id uuid NOT NULL CONSTRAINT "FK_objections_application" REFERENCES approval.applications(id),
      round_id uuid NOT NULL CONSTRAINT "FK_objections_round" REFERENCES approval.disclosure_rounds(id),
      contact_name text NOT NULL,
      contact_enc text NOT NULL,
      contact_masked text NOT NULL,
      reason text NOT NULL,
      status text NOT NULL DEFAULT 'open' CONSTRAINT "CHK_objections_status" CHECK (status IN ('open','upheld','dismissed')),
      resolved_by text NULL,
      resolution text NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      resolved_at timestamptz NULL)`);
    await q.query(`CREATE INDEX "IDX_objections_application" ON approval.objections (application_id, status)`);
    await q.query(`CREATE TABLE approval.account_verifications (
      id uuid CONSTRAINT "PK_account_verifications" PRIMARY KEY,
      application_id uuid NOT NULL CONSTRAINT "FK_account_verifications_application" REFERENCES approval.applications(id),
      holder_name text NOT NULL,
      bank_name text NULL,
      account_enc text NOT NULL,
      account_masked text NOT NULL,
      code_hash char(64) NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      expires_at timestamptz NOT NULL,
      used_at timestamptz NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE approval.calendar_days (
      day date CONSTRAINT "PK_calendar_days" PRIMARY KEY,
      kind text NOT NULL CONSTRAINT "CHK_calendar_days_kind" CHECK (kind IN ('holiday','workday')),
      name text NOT NULL DEFAULT '')`);
    await q.query(`CREATE TABLE approval.reminders (
      application_id uuid NOT NULL CONSTRAINT "FK_reminders_application" REFERENCES approval.applications(id),
      node text NOT NULL,
      due_on date NOT NULL,
      sent_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "PK_reminders" PRIMARY KEY (application_id, node, due_on))`);
    await q.query(`CREATE TABLE approval.ratings (
      application_id uuid CONSTRAINT "PK_ratings" PRIMARY KEY CONSTRAINT "FK_ratings_application" REFERENCES approval.applications(id),
      department_code text NOT NULL,
      score smallint NOT NULL CONSTRAINT "CHK_ratings_score" CHECK (score BETWEEN 1 AND 5),
      comment text NULL,
      rated_by text NOT NULL,
      rated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX "IDX_ratings_department" ON approval.ratings (department_code)`);
    await q.query(`CREATE TABLE approval.dishonest_list (
      id uuid CONSTRAINT "PK_dishonest_list" PRIMARY KEY,
      credit_code char(18) NOT NULL,
      enterprise_id uuid NULL,
      source text NOT NULL,
      listed_from date NOT NULL,
      listed_to date NULL,
      imported_by text NOT NULL,
      imported_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "UQ_dishonest_list_entry" UNIQUE (credit_code, source, listed_from),
      CONSTRAINT "CHK_dishonest_list_window" CHECK (listed_to IS NULL OR listed_to >= listed_from))`);
    await q.query(`CREATE INDEX "IDX_dishonest_list_enterprise" ON approval.dishonest_list (enterprise_id)`);
    await q.query(`CREATE TABLE approval.clawbacks (
      id uuid CONSTRAINT "PK_clawbacks" PRIMARY KEY,
      application_id uuid NOT NULL CONSTRAINT "FK_clawbacks_application" REFERENCES approval.applications(id),
      enterprise_id uuid NOT NULL,
      item_id uuid NOT NULL,
      amount_fen bigint NOT NULL CONSTRAINT "CHK_clawbacks_amount" CHECK (amount_fen > 0),
      recovered_fen bigint NOT NULL DEFAULT 0,
      reason text NOT NULL,
      status text NOT NULL DEFAULT 'pending' CONSTRAINT "CHK_clawbacks_status" CHECK (status IN ('pending','recovered')),
      bar_until date NOT NULL,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      recovered_at timestamptz NULL,
      CONSTRAINT "UQ_clawbacks_application" UNIQUE (application_id),
      CONSTRAINT "CHK_clawbacks_recovered" CHECK (recovered_fen >= 0 AND recovered_fen <= amount_fen))`);
    await q.query(`CREATE INDEX "IDX_clawbacks_bar" ON approval.clawbacks (enterprise_id, bar_until)`);
    await q.query(`CREATE TABLE approval.screenings (
      item_version_id uuid NOT NULL,
      enterprise_id uuid NOT NULL,
      reason text NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "PK_screenings" PRIMARY KEY (item_version_id, enterprise_id))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA approval CASCADE`);
  }
}
