import { MigrationInterface, QueryRunner } from 'typeorm';

const STATES = `'draft','pre_qualified','submitted','under_review','returned','approved','rejected','in_disclosure','objection_raised','confirmed',
  'ready_for_payout','paid','payout_failed','withdrawn','expired','lapsed','reopen_requested'`;
/** Claiming = every state but draft, rejected, withdrawn, expired: a lapsed application holds its slot during the grace period. */
const CLAIMING = `'pre_qualified','submitted','under_review','returned','approved','in_disclosure','objection_raised','confirmed',
  'ready_for_payout','paid','payout_failed','lapsed','reopen_requested'`;

/**
 * 兑现闭环 (issue 14): the confirmation deadline after 公示 (window, lapse, reopen within a grace
 * period), staff reminders and escalations as an outbox (and the staff's in-app list), 承诺兑现
 * post-verification tasks and credit records, the permanent public list of paid results (结果公开)
 * and public page visits.
 */
export class ApprovalFulfilment1732000015000 implements MigrationInterface {
  name = 'ApprovalFulfilment1732000015000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE approval.applications DROP CONSTRAINT "CHK_applications_state"`);
    await q.query(`ALTER TABLE approval.applications ADD CONSTRAINT "CHK_applications_state" CHECK (state IN (${STATES}))`);
    await q.query(`DROP INDEX approval."UQ_applications_exclusion_group"`);
    await q.query(`CREATE UNIQUE INDEX "UQ_applications_exclusion_group" ON approval.applications (enterprise_id, exclusion_group, period)
      WHERE exclusion_group IS NOT NULL AND state IN (${CLAIMING})`);
    // 确认期: opened when the firm may confirm (公示 ended, or approved without 公示), due on confirm_by (a China date).
    await q.query(`ALTER TABLE approval.applications
      ADD COLUMN confirm_opened_at timestamptz NULL,
      ADD COLUMN confirm_by date NULL,
      ADD COLUMN lapsed_at timestamptz NULL,
      ADD COLUMN reopen_until date NULL`);
    await q.query(`CREATE INDEX "IDX_applications_confirm_by" ON approval.applications (confirm_by) WHERE state IN ('approved','in_disclosure','lapsed')`);
    await q.query(`CREATE INDEX "IDX_applications_paid_at" ON approval.applications (paid_at) WHERE state = 'paid'`);
    await q.query(`CREATE TABLE approval.staff_alerts (
      id uuid CONSTRAINT "PK_staff_alerts" PRIMARY KEY,
      recipient_role text NOT NULL,
      department_code text NULL,
      kind text NOT NULL CONSTRAINT "CHK_staff_alerts_kind" CHECK (kind IN ('reminder','escalation')),
      step text NOT NULL,
      title text NOT NULL,
      body text NOT NULL,
      items integer NOT NULL CONSTRAINT "CHK_staff_alerts_items" CHECK (items > 0),
      application_ids uuid[] NOT NULL,
      status text NOT NULL DEFAULT 'pending' CONSTRAINT "CHK_staff_alerts_status" CHECK (status IN ('pending','sending','sent','failed')),
      attempts integer NOT NULL DEFAULT 0,
      next_at timestamptz NULL,
      claimed_at timestamptz NULL,
      sent_at timestamptz NULL,
      detail text NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz NULL)`);
    await q.query(`CREATE INDEX "IDX_staff_alerts_recipient" ON approval.staff_alerts (recipient_role, department_code, created_at DESC)`);
    await q.query(`CREATE INDEX "IDX_staff_alerts_open" ON approval.staff_alerts (created_at) WHERE status IN ('pending','sending')`);
    await q.query(`CREATE TABLE approval.verifications (
      id uuid CONSTRAINT "PK_verifications" PRIMARY KEY,
      application_id uuid NOT NULL CONSTRAINT "FK_verifications_application" REFERENCES approval.applications(id)
        CONSTRAINT "UQ_verifications_application" UNIQUE,
      enterprise_id uuid NOT NULL,
      item_id uuid NOT NULL,
      department_code text NOT NULL,
      status text NOT NULL DEFAULT 'pending' CONSTRAINT "CHK_verifications_status" CHECK (status IN ('pending','passed','failed')),
      due_on date NOT NULL,
      created_at timestamptz NOT NULL,
      decided_by text NULL,
      decided_at timestamptz NULL,
      comment text NULL,
      clawback_id uuid NULL CONSTRAINT "FK_verifications_clawback" REFERENCES approval.clawbacks(id),
      CONSTRAINT "CHK_verifications_decided" CHECK ((status = 'pending') = (decided_at IS NULL)))`);
    await q.query(`CREATE INDEX "IDX_verifications_department" ON approval.verifications (department_code, status, due_on)`);
    await q.query(`CREATE TABLE approval.credit_records (
      id uuid CONSTRAINT "PK_credit_records" PRIMARY KEY,
      enterprise_id uuid NOT NULL,
      application_id uuid NULL CONSTRAINT "FK_credit_records_application" REFERENCES approval.applications(id),
      kind text NOT NULL CONSTRAINT "CHK_credit_records_kind" CHECK (kind IN ('commitment_breach')),
      reason text NOT NULL,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL,
      CONSTRAINT "UQ_credit_records_application_kind" UNIQUE (application_id, kind))`);
    await q.query(`CREATE INDEX "IDX_credit_records_enterprise" ON approval.credit_records (enterprise_id)`);
    // 结果公开: written once when the money arrives; never changed or removed (a permanent public record).
    await q.query(`CREATE TABLE approval.published_results (
      application_id uuid CONSTRAINT "PK_published_results" PRIMARY KEY CONSTRAINT "FK_published_results_application" REFERENCES approval.applications(id),
      enterprise_id uuid NOT NULL,
      enterprise_name text NOT NULL,
      item_id uuid NOT NULL,
      item_name text NOT NULL,
      department_code text NOT NULL,
      mode text NOT NULL,
      amount_fen bigint NOT NULL CONSTRAINT "CHK_published_results_amount" CHECK (amount_fen > 0),
      started_at timestamptz NOT NULL,
      paid_at timestamptz NOT NULL,
      paid_on date NOT NULL,
      published_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX "IDX_published_results_paid_on" ON approval.published_results (paid_on, application_id)`);
    await q.query(`CREATE INDEX "IDX_published_results_item" ON approval.published_results (item_id, paid_on)`);
    await q.query(`CREATE INDEX "IDX_published_results_department" ON approval.published_results (department_code, paid_on)`);
    // started_at: 免申即享 from the pre-qualification (the publication, for this firm), the others from the first submission.
    await q.query(`INSERT INTO approval.published_results (application_id, enterprise_id, enterprise_name, item_id, item_name, department_code, mode, amount_fen,
        started_at, paid_at, paid_on, published_at)
      SELECT a.id, a.enterprise_id, a.enterprise_name, a.item_id, a.item_name, a.department_code, a.mode, a.reserved_fen,
        CASE WHEN a.mode = 'no_application' THEN a.created_at
             ELSE coalesce((SELECT min(t.at) FROM approval.timeline t WHERE t.application_id = a.id AND t.command = 'submit'), a.submitted_at, a.created_at) END,
        a.paid_at, ((a.paid_at AT TIME ZONE 'UTC') + interval '8 hours')::date, a.paid_at
      FROM approval.applications a WHERE a.state = 'paid' AND a.paid_at IS NOT NULL AND a.reserved_fen > 0`);
    await q.query(`CREATE FUNCTION approval.refuse_result_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'published results are permanent'; END $$`);
    await q.query(`CREATE TRIGGER "TRG_published_results_permanent" BEFORE UPDATE OR DELETE ON approval.published_results
      FOR EACH ROW EXECUTE FUNCTION approval.refuse_result_change()`);
    await q.query(`CREATE TABLE approval.public_visits (
      day date NOT NULL,
      page text NOT NULL,
      visits bigint NOT NULL DEFAULT 0,
      CONSTRAINT "PK_public_visits" PRIMARY KEY (day, page))`);
    await q.query(`ALTER TABLE approval.disclosure_rounds ADD COLUMN closed_at timestamptz NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE approval.disclosure_rounds DROP COLUMN closed_at`);
    await q.query(`DROP TABLE approval.public_visits`);
    await q.query(`DROP TABLE approval.published_results`);
    await q.query(`DROP FUNCTION approval.refuse_result_change()`);
    await q.query(`DROP TABLE approval.credit_records`);
    await q.query(`DROP TABLE approval.verifications`);
    await q.query(`DROP TABLE approval.staff_alerts`);
    await q.query(`DROP INDEX approval."IDX_applications_paid_at"`);
    await q.query(`DROP INDEX approval."IDX_applications_confirm_by"`);
    await q.query(`ALTER TABLE approval.applications DROP COLUMN confirm_opened_at, DROP COLUMN confirm_by, DROP COLUMN lapsed_at, DROP COLUMN reopen_until`);
    await q.query(`UPDATE approval.applications SET state = 'expired' WHERE state IN ('lapsed','reopen_requested')`);
    await q.query(`DROP INDEX approval."UQ_applications_exclusion_group"`);
    await q.query(`CREATE UNIQUE INDEX "UQ_applications_exclusion_group" ON approval.applications (enterprise_id, exclusion_group, period)
      WHERE exclusion_group IS NOT NULL AND state IN ('pre_qualified','submitted','under_review','returned','approved','in_disclosure','objection_raised',
        'confirmed','ready_for_payout','paid','payout_failed')`);
    await q.query(`ALTER TABLE approval.applications DROP CONSTRAINT "CHK_applications_state"`);
    await q.query(`ALTER TABLE approval.applications ADD CONSTRAINT "CHK_applications_state" CHECK (state IN ('draft','pre_qualified','submitted',
      'under_review','returned','approved','rejected','in_disclosure','objection_raised','confirmed','ready_for_payout','paid','payout_failed','withdrawn','expired'))`);
  }
}
