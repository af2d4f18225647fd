import { MigrationInterface, QueryRunner } from 'typeorm';

/** Core schema: departments, users, outbox and handler dedupe; audit schema: the hash-chained log. */
export class CoreInit1732000000000 implements MigrationInterface {
  name = 'CoreInit1732000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS core`);
    await q.query(`CREATE SCHEMA IF NOT EXISTS audit`);
    await q.query(`CREATE TABLE core.departments (
      code text CONSTRAINT "PK_departments" PRIMARY KEY,
      name text NOT NULL CONSTRAINT "UQ_departments_name" UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE core.users (
      id uuid CONSTRAINT "PK_users" PRIMARY KEY,
      username text NOT NULL CONSTRAINT "UQ_users_username" UNIQUE,
      password_hash text NOT NULL,
      display_name text NOT NULL,
      role text NOT NULL CONSTRAINT "CHK_users_role" CHECK (role IN
        ('enterprise','dept_editor','dept_reviewer','finance_maker','finance_checker','leader','auditor','admin')),
      department_code text NULL CONSTRAINT "FK_users_department" REFERENCES core.departments(code),
      enterprise_id uuid NULL,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "CHK_users_scope" CHECK (
        (role IN ('dept_editor','dept_reviewer') AND department_code IS NOT NULL)
        OR (role = 'enterprise' AND enterprise_id IS NOT NULL)
        OR role NOT IN ('dept_editor','dept_reviewer','enterprise')))`);
    await q.query(`CREATE INDEX "IDX_users_enterprise" ON core.users (enterprise_id)`);
    await q.query(`CREATE TABLE core.outbox_events (
      seq bigserial CONSTRAINT "PK_outbox_events" PRIMARY KEY,
      id uuid NOT NULL CONSTRAINT "UQ_outbox_events_id" UNIQUE,
      name text NOT NULL,
      aggregate_type text NOT NULL,
      aggregate_id text NOT NULL,
      payload jsonb NOT NULL,
      occurred_at timestamptz NOT NULL DEFAULT now(),
      relayed_at timestamptz NULL,
      attempts integer NOT NULL DEFAULT 0)`);
    await q.query(`CREATE INDEX "IDX_outbox_pending" ON core.outbox_events (seq) WHERE relayed_at IS NULL`);
    await q.query(`CREATE TABLE core.processed_events (
      event_id uuid NOT NULL,
      handler text NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "PK_processed_events" PRIMARY KEY (event_id, handler))`);
    await q.query(`CREATE TABLE audit.audit_log (
      seq bigint CONSTRAINT "PK_audit_log" PRIMARY KEY,
      id uuid NOT NULL CONSTRAINT "UQ_audit_log_id" UNIQUE,
      at timestamptz NOT NULL,
      actor_id text NULL,
      actor_name text NULL,
      actor_role text NULL,
      action text NOT NULL,
      target_type text NULL,
      target_id text NULL,
      outcome text NOT NULL CONSTRAINT "CHK_audit_outcome" CHECK (outcome IN ('ok','denied','failed')),
      before_digest text NULL,
      after_digest text NULL,
      details jsonb NULL,
      prev_hash text NOT NULL,
      hash text NOT NULL)`);
    await q.query(`CREATE INDEX "IDX_audit_target" ON audit.audit_log (target_type, target_id)`);
    await q.query(`CREATE INDEX "IDX_audit_actor" ON audit.audit_log (actor_id)`);
    // Append-only: the application role can insert but never rewrite history.
    await q.query(`CREATE FUNCTION audit.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit log is append-only'; END $$`);
    await q.query(`CREATE TRIGGER "TRG_audit_log_append_only" BEFORE UPDATE OR DELETE ON audit.audit_log
      FOR EACH ROW EXECUTE FUNCTION audit.refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA audit CASCADE`);
    await q.query(`DROP SCHEMA core CASCADE`);
  }
}
