import { MigrationInterface, QueryRunner } from 'typeorm';
import { allowedPairs, INSTRUCTION_STATUSES } from '../instruction/instruction.states';
import { ENTRY_KINDS, LEDGER_ACCOUNTS } from '../ledger/ledger.rules';

const list = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(',');

/**
 * Payout schema: fund pools, instructions (guarded by a transition table), batches, send chunks,
 * the append-only balanced double-entry ledger, reconciliation runs.
 */
export class PayoutInit1732000006000 implements MigrationInterface {
  name = 'PayoutInit1732000006000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS payout`);

    // 资金池: one per item; the CHECK makes overspending impossible whatever runs concurrently.
    await q.query(`CREATE TABLE payout.fund_pools (
      id text CONSTRAINT "PK_fund_pools" PRIMARY KEY,
      item_id text NULL,
      item_name text NULL,
      department_code text NULL,
      budget_fen bigint NULL CONSTRAINT "CHK_fund_pools_budget" CHECK (budget_fen IS NULL OR budget_fen >= 0),
      committed_fen bigint NOT NULL DEFAULT 0 CONSTRAINT "CHK_fund_pools_committed" CHECK (committed_fen >= 0),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "CHK_fund_pools_cap" CHECK (budget_fen IS NULL OR committed_fen <= budget_fen))`);

    await q.query(`CREATE TABLE payout.batches (
      id uuid CONSTRAINT "PK_batches" PRIMARY KEY,
      batch_no text NOT NULL CONSTRAINT "UQ_batches_no" UNIQUE,
      title text NOT NULL,
      status text NOT NULL CONSTRAINT "CHK_batches_status"
        CHECK (status IN ('draft','submitted','approved','rejected','sending','completed')),
      filter jsonb NOT NULL DEFAULT '{}'::jsonb,
      instruction_count integer NOT NULL DEFAULT 0,
      total_fen bigint NOT NULL DEFAULT 0,
      created_by uuid NOT NULL,
      created_by_name text NULL,
      submitted_by uuid NULL,
      submitted_at timestamptz NULL,
      approved_by uuid NULL,
      approved_at timestamptz NULL,
      rejected_by uuid NULL,
      rejected_at timestamptz NULL,
      reject_reason text NULL,
      completed_at timestamptz NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "CHK_batches_four_eyes" CHECK (
        (approved_by IS NULL OR (approved_by <> created_by AND approved_by IS DISTINCT FROM submitted_by))
        AND (rejected_by IS NULL OR (rejected_by <> created_by AND rejected_by IS DISTINCT FROM submitted_by))))`);
    await q.query(`CREATE INDEX "IDX_batches_status" ON payout.batches (status, created_at)`);

    await q.query(`CREATE TABLE payout.send_chunks (
      id uuid CONSTRAINT "PK_send_chunks" PRIMARY KEY,
      batch_id uuid NOT NULL CONSTRAINT "FK_send_chunks_batch" REFERENCES payout.batches(id),
      chunk_no integer NOT NULL,
      instruction_count integer NOT NULL,
      status text NOT NULL DEFAULT 'pending' CONSTRAINT "CHK_send_chunks_status" CHECK (status IN ('pending','sending','done')),
      attempts integer NOT NULL DEFAULT 0,
      lease_until timestamptz NULL,
      last_error text NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      done_at timestamptz NULL,
      CONSTRAINT "UQ_send_chunks_batch_no" UNIQUE (batch_id, chunk_no))`);
    await q.query(`CREATE INDEX "IDX_send_chunks_open" ON payout.send_chunks (created_at) WHERE status <> 'done'`);

    await q.query(`CREATE TABLE payout.instructions (
      id uuid CONSTRAINT "PK_instructions" PRIMARY KEY,
      application_id uuid NOT NULL,
      source_event_id uuid NULL,
      enterprise_id uuid NOT NULL,
      enterprise_name text NOT NULL,
      item_id text NOT NULL,
      item_version_id text NULL,
      item_name text NOT NULL,
      department_code text NOT NULL,
      district_code text NULL,
      fund_pool_id text NOT NULL CONSTRAINT "FK_instructions_pool" REFERENCES payout.fund_pools(id),
      budget_subject text NOT NULL,
      amount_fen bigint NOT NULL CONSTRAINT "CHK_instructions_amount" CHECK (amount_fen > 0),
      payee_name text NOT NULL,
      payee_account_encrypted text NOT NULL,
      payee_account_masked text NOT NULL,
      payee_bank_name text NULL,
      status text NOT NULL DEFAULT 'created' CONSTRAINT "CHK_instructions_status" CHECK (status IN (${list(INSTRUCTION_STATUSES)})),
      batch_id uuid NULL CONSTRAINT "FK_instructions_batch" REFERENCES payout.batches(id),
      chunk_id uuid NULL CONSTRAINT "FK_instructions_chunk" REFERENCES payout.send_chunks(id),
      reissue_of uuid NULL CONSTRAINT "FK_instructions_reissue_of" REFERENCES payout.instructions(id)
        CONSTRAINT "UQ_instructions_reissue_of" UNIQUE,
      send_attempts integer NOT NULL DEFAULT 0,
      treasury_ref text NULL,
      result_reason text NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      status_changed_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz NULL,
      settled_at timestamptz NULL,
      returned_at timestamptz NULL,
      failed_at timestamptz NULL,
      cancelled_at timestamptz NULL)`);
    // The event delivered twice makes one instruction. A second one exists only as a reissue linked to a
    // returned one, or after the first failed or was cancelled (the firm confirmed again).
    await q.query(`CREATE UNIQUE INDEX "UQ_instructions_application" ON payout.instructions (application_id)
      WHERE reissue_of IS NULL AND status NOT IN ('failed', 'cancelled')`);
    await q.query(`CREATE INDEX "IDX_instructions_status_pool" ON payout.instructions (status, fund_pool_id)`);
    await q.query(`CREATE INDEX "IDX_instructions_batch" ON payout.instructions (batch_id, status)`);
    await q.query(`CREATE INDEX "IDX_instructions_chunk" ON payout.instructions (chunk_id, status)`);
    await q.query(`CREATE INDEX "IDX_instructions_settled_at" ON payout.instructions (settled_at) WHERE settled_at IS NOT NULL`);

    // One transition table, enforced in SQL.
    await q.query(`CREATE TABLE payout.instruction_transitions (
      from_status text NOT NULL,
      to_status text NOT NULL,
      CONSTRAINT "PK_instruction_transitions" PRIMARY KEY (from_status, to_status))`);
    const pairs = allowedPairs();
    await q.query(
      `INSERT INTO payout.instruction_transitions (from_status, to_status) SELECT * FROM unnest($1::text[], $2::text[])`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
    await q.query(`CREATE FUNCTION payout.guard_instruction_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status IS DISTINCT FROM OLD.status THEN
          IF NOT EXISTS (SELECT 1 FROM payout.instruction_transitions t WHERE t.from_status = OLD.status AND t.to_status = NEW.status) THEN
            RAISE EXCEPTION 'payout instruction % cannot go from % to %', OLD.id, OLD.status, NEW.status USING ERRCODE = '23514';
          END IF;
          NEW.status_changed_at := now();
        END IF;
        IF NEW.amount_fen <> OLD.amount_fen OR NEW.payee_account_encrypted <> OLD.payee_account_encrypted
           OR NEW.application_id <> OLD.application_id OR NEW.fund_pool_id <> OLD.fund_pool_id THEN
          RAISE EXCEPTION 'payout instruction % snapshot is immutable', OLD.id USING ERRCODE = '23514';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER "TRG_instructions_guard" BEFORE UPDATE ON payout.instructions
      FOR EACH ROW EXECUTE FUNCTION payout.guard_instruction_update()`);

    // Ledger: append-only; every entry balances to zero; one entry of each kind per instruction.
    await q.query(`CREATE TABLE payout.journal_entries (
      id uuid CONSTRAINT "PK_journal_entries" PRIMARY KEY,
      seq bigserial NOT NULL CONSTRAINT "UQ_journal_entries_seq" UNIQUE,
      kind text NOT NULL CONSTRAINT "CHK_journal_entries_kind" CHECK (kind IN (${list(ENTRY_KINDS)})),
      instruction_id uuid NOT NULL CONSTRAINT "FK_journal_entries_instruction" REFERENCES payout.instructions(id),
      fund_pool_id text NOT NULL,
      memo text NULL,
      posted_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "UQ_journal_entries_instruction_kind" UNIQUE (instruction_id, kind))`);
    await q.query(`CREATE TABLE payout.journal_lines (
      id bigserial CONSTRAINT "PK_journal_lines" PRIMARY KEY,
      entry_id uuid NOT NULL CONSTRAINT "FK_journal_lines_entry" REFERENCES payout.journal_entries(id),
      fund_pool_id text NOT NULL,
      account text NOT NULL CONSTRAINT "CHK_journal_lines_account" CHECK (account IN (${list(LEDGER_ACCOUNTS)})),
      amount_fen bigint NOT NULL CONSTRAINT "CHK_journal_lines_nonzero" CHECK (amount_fen <> 0))`);
    await q.query(`CREATE INDEX "IDX_journal_lines_entry" ON payout.journal_lines (entry_id)`);
    await q.query(`CREATE INDEX "IDX_journal_lines_pool_account" ON payout.journal_lines (fund_pool_id, account)`);
    await q.query(`CREATE FUNCTION payout.refuse_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'the ledger is append-only'; END $$`);
    await q.query(`CREATE TRIGGER "TRG_journal_entries_append_only" BEFORE UPDATE OR DELETE ON payout.journal_entries
      FOR EACH ROW EXECUTE FUNCTION payout.refuse_ledger_change()`);
    await q.query(`CREATE TRIGGER "TRG_journal_lines_append_only" BEFORE UPDATE OR DELETE ON payout.journal_lines
      FOR EACH ROW EXECUTE FUNCTION payout.refuse_ledger_change()`);
    // After each INSERT statement, every entry it touched must balance over all its lines.
    await q.query(`CREATE FUNCTION payout.assert_entries_balance() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE bad uuid;
      BEGIN
        SELECT l.entry_id INTO bad FROM payout.journal_lines l
         WHERE l.entry_id IN (SELECT DISTINCT entry_id FROM new_lines)
         GROUP BY l.entry_id HAVING sum(l.amount_fen) <> 0 OR count(*) < 2 LIMIT 1;
        IF bad IS NOT NULL THEN
          RAISE EXCEPTION 'journal entry % does not balance', bad USING ERRCODE = '23514';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER "TRG_journal_lines_balance" AFTER INSERT ON payout.journal_lines
      REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION payout.assert_entries_balance()`);

    // 对账 reconciliation
    await q.query(`CREATE TABLE payout.recon_runs (
      id uuid CONSTRAINT "PK_recon_runs" PRIMARY KEY,
      kind text NOT NULL CONSTRAINT "CHK_recon_runs_kind" CHECK (kind IN ('statement','result')),
      file_name text NULL,
      file_id text NULL,
      statement_date date NULL,
      batch_id uuid NULL,
      imported_by uuid NULL,
      imported_at timestamptz NOT NULL DEFAULT now(),
      line_count integer NOT NULL,
      matched integer NOT NULL,
      exceptions integer NOT NULL)`);
    await q.query(`CREATE TABLE payout.recon_items (
      id uuid CONSTRAINT "PK_recon_items" PRIMARY KEY,
      run_id uuid NOT NULL CONSTRAINT "FK_recon_items_run" REFERENCES payout.recon_runs(id),
      line_no integer NULL,
      instruction_id uuid NULL,
      classification text NOT NULL CONSTRAINT "CHK_recon_items_class"
        CHECK (classification IN ('matched','returned','missing_at_bank','unknown_at_bank','amount_mismatch')),
      expected_fen bigint NULL,
      actual_fen bigint NULL,
      bank_ref text NULL,
      detail text NULL,
      resolution text NULL CONSTRAINT "CHK_recon_items_resolution" CHECK (resolution IN ('acknowledged','requeried','reissued','written_off')),
      resolved_by uuid NULL,
      resolved_at timestamptz NULL,
      resolution_note text NULL)`);
    await q.query(`CREATE INDEX "IDX_recon_items_run" ON payout.recon_items (run_id, classification)`);
    await q.query(`CREATE INDEX "IDX_recon_items_open" ON payout.recon_items (run_id) WHERE classification <> 'matched' AND resolution IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA payout CASCADE`);
  }
}
