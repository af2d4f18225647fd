import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 实时兑付: who pays each pool (finance or the department's own account), auto-batches and the
 * auto-check, pool top-ups and transfers (动态调拨) under maker/checker, and each pool's balance history.
 */
export class PayoutRealtime1733140301000 implements MigrationInterface {
  name = 'PayoutRealtime1733140301000';

  async up(q: QueryRunner): Promise<void> {
    // 市级以上涉企资金由市直部门直接支付: a pool is paid by finance or by its own department.
    await q.query(`ALTER TABLE payout.fund_pools
      ADD COLUMN payer text NOT NULL DEFAULT 'finance' CONSTRAINT "CHK_fund_pools_payer" CHECK (payer IN ('finance','department')),
      ADD COLUMN budget_line_fen bigint NULL CONSTRAINT "CHK_fund_pools_budget_line" CHECK (budget_line_fen IS NULL OR budget_line_fen >= 0),
      ADD CONSTRAINT "CHK_fund_pools_payer_department" CHECK (payer = 'finance' OR department_code IS NOT NULL)`);

    // payer_code: 'finance' or the paying department's code; a batch never mixes payers.
    await q.query(`ALTER TABLE payout.batches
      ADD COLUMN payer_code text NOT NULL DEFAULT 'finance',
      ADD COLUMN origin text NOT NULL DEFAULT 'manual' CONSTRAINT "CHK_batches_origin" CHECK (origin IN ('manual','auto')),
      ADD COLUMN approval text NULL CONSTRAINT "CHK_batches_approval" CHECK (approval IN ('checker','auto_check')),
      ADD COLUMN auto_check jsonb NULL`);
    await q.query(`CREATE INDEX "IDX_batches_payer_status" ON payout.batches (payer_code, status, created_at)`);
    await q.query(`CREATE INDEX "IDX_instructions_ready" ON payout.instructions (fund_pool_id, created_at) WHERE status = 'created'`);

    // 动态调拨: a finance maker requests, a different finance checker approves; nothing moves before.
    await q.query(`CREATE TABLE payout.pool_movements (
      id uuid CONSTRAINT "PK_pool_movements" PRIMARY KEY,
      kind text NOT NULL CONSTRAINT "CHK_pool_movements_kind" CHECK (kind IN ('top_up','transfer')),
      from_pool_id text NULL CONSTRAINT "FK_pool_movements_from" REFERENCES payout.fund_pools(id),
      to_pool_id text NOT NULL CONSTRAINT "FK_pool_movements_to" REFERENCES payout.fund_pools(id),
      amount_fen bigint NOT NULL CONSTRAINT "CHK_pool_movements_amount" CHECK (amount_fen > 0),
      reason text NOT NULL,
      status text NOT NULL DEFAULT 'requested' CONSTRAINT "CHK_pool_movements_status" CHECK (status IN ('requested','approved','rejected')),
      requested_by uuid NOT NULL,
      requested_by_name text NULL,
      requested_at timestamptz NOT NULL DEFAULT now(),
      decided_by uuid NULL,
      decided_at timestamptz NULL,
      reject_reason text NULL,
      CONSTRAINT "CHK_pool_movements_shape" CHECK ((kind = 'top_up') = (from_pool_id IS NULL) AND from_pool_id IS DISTINCT FROM to_pool_id),
      CONSTRAINT "CHK_pool_movements_four_eyes" CHECK (decided_by IS NULL OR decided_by <> requested_by))`);
    await q.query(`CREATE INDEX "IDX_pool_movements_status" ON payout.pool_movements (status, requested_at)`);

    // Balance history: every change of a pool's budget or commitment, with its cause (set by the
    // changing transaction with set_config('payout.pool_cause'/'payout.pool_ref'), else inferred).
    await q.query(`CREATE TABLE payout.pool_history (
      id bigserial CONSTRAINT "PK_pool_history" PRIMARY KEY,
      fund_pool_id text NOT NULL CONSTRAINT "FK_pool_history_pool" REFERENCES payout.fund_pools(id),
      at timestamptz NOT NULL DEFAULT now(),
      cause text NOT NULL,
      ref text NULL,
      budget_delta_fen bigint NOT NULL,
      committed_delta_fen bigint NOT NULL,
      budget_fen bigint NULL,
      committed_fen bigint NOT NULL)`);
    await q.query(`CREATE INDEX "IDX_pool_history_pool" ON payout.pool_history (fund_pool_id, id)`);
    await q.query(`CREATE FUNCTION payout.record_pool_history() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        cause text := nullif(current_setting('payout.pool_cause', true), '');
        ref text := nullif(current_setting('payout.pool_ref', true), '');
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO payout.pool_history (fund_pool_id, cause, ref, budget_delta_fen, committed_delta_fen, budget_fen, committed_fen)
          VALUES (NEW.id, 'opened', NULL, coalesce(NEW.budget_fen, 0), NEW.committed_fen, NEW.budget_fen, NEW.committed_fen);
        ELSIF NEW.budget_fen IS DISTINCT FROM OLD.budget_fen OR NEW.committed_fen <> OLD.committed_fen THEN
          cause := coalesce(cause, CASE WHEN NEW.committed_fen > OLD.committed_fen THEN 'commit'
            WHEN NEW.committed_fen < OLD.committed_fen THEN 'release' ELSE 'budget' END);
          INSERT INTO payout.pool_history (fund_pool_id, cause, ref, budget_delta_fen, committed_delta_fen, budget_fen, committed_fen)
          VALUES (NEW.id, cause, ref, coalesce(NEW.budget_fen, 0) - coalesce(OLD.budget_fen, 0), NEW.committed_fen - OLD.committed_fen, NEW.budget_fen, NEW.committed_fen);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER "TRG_fund_pools_history" AFTER INSERT OR UPDATE ON payout.fund_pools
      FOR EACH ROW EXECUTE FUNCTION payout.record_pool_history()`);
    await q.query(`INSERT INTO payout.pool_history (fund_pool_id, at, cause, budget_delta_fen, committed_delta_fen, budget_fen, committed_fen)
      SELECT id, created_at, 'opened', coalesce(budget_fen, 0), committed_fen, budget_fen, committed_fen FROM payout.fund_pools`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "TRG_fund_pools_history" ON payout.fund_pools`);
    await q.query(`DROP FUNCTION payout.record_pool_history()`);
    await q.query(`DROP TABLE payout.pool_history`);
    await q.query(`DROP TABLE payout.pool_movements`);
    await q.query(`DROP INDEX payout."IDX_instructions_ready"`);
    await q.query(`DROP INDEX payout."IDX_batches_payer_status"`);
    await q.query(`ALTER TABLE payout.batches DROP COLUMN auto_check, DROP COLUMN approval, DROP COLUMN origin, DROP COLUMN payer_code`);
    await q.query(`ALTER TABLE payout.fund_pools DROP CONSTRAINT "CHK_fund_pools_payer_department", DROP COLUMN budget_line_fen, DROP COLUMN payer`);
  }
}
