import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Treasury callbacks carry a nonce, remembered here (a replay hits the primary key); a late return
 * (an instruction already settled) records what confirmed it; a return nobody confirmed becomes a
 * reconciliation exception of its own, in a run of kind `callback`.
 */
export class PayoutCallbackHardening1732000011300 implements MigrationInterface {
  name = 'PayoutCallbackHardening1732000011300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE payout.callback_nonces (
      nonce text CONSTRAINT "PK_callback_nonces" PRIMARY KEY,
      signed_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      channel text NOT NULL,
      source_ip text NULL)`);
    await q.query(`CREATE INDEX "IDX_callback_nonces_received" ON payout.callback_nonces (received_at)`);
    await q.query(`ALTER TABLE payout.instructions ADD COLUMN return_confirmed_by text NULL`);
    // Late returns booked before this change were accepted as they came.
    await q.query(`UPDATE payout.instructions SET return_confirmed_by = 'legacy' WHERE status = 'returned' AND settled_at IS NOT NULL`);
    await q.query(`ALTER TABLE payout.recon_runs DROP CONSTRAINT "CHK_recon_runs_kind"`);
    await q.query(`ALTER TABLE payout.recon_runs ADD CONSTRAINT "CHK_recon_runs_kind" CHECK (kind IN ('statement','result','callback'))`);
    await q.query(`ALTER TABLE payout.recon_items DROP CONSTRAINT "CHK_recon_items_class"`);
    await q.query(`ALTER TABLE payout.recon_items ADD CONSTRAINT "CHK_recon_items_class"
      CHECK (classification IN ('matched','returned','missing_at_bank','unknown_at_bank','amount_mismatch','unconfirmed_return'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM payout.recon_items WHERE classification = 'unconfirmed_return'`);
    await q.query(`ALTER TABLE payout.recon_items DROP CONSTRAINT "CHK_recon_items_class"`);
    await q.query(`ALTER TABLE payout.recon_items ADD CONSTRAINT "CHK_recon_items_class"
      CHECK (classification IN ('matched','returned','missing_at_bank','unknown_at_bank','amount_mismatch'))`);
    await q.query(`DELETE FROM payout.recon_runs WHERE kind = 'callback'`);
    await q.query(`ALTER TABLE payout.recon_runs DROP CONSTRAINT "CHK_recon_runs_kind"`);
    await q.query(`ALTER TABLE payout.recon_runs ADD CONSTRAINT "CHK_recon_runs_kind" CHECK (kind IN ('statement','result'))`);
    await q.query(`ALTER TABLE payout.instructions DROP COLUMN return_confirmed_by`);
    await q.query(`DROP TABLE payout.callback_nonces`);
  }
}
