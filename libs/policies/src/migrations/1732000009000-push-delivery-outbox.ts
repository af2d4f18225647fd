import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Push deliveries become an outbox: matching records a `pending` delivery per firm and channel in
 * its own transaction; a sender claims pending rows (SKIP LOCKED, several workers), calls the
 * gateway after the commit, and marks them `sent`, or `pending` again with a back-off, or `failed`
 * after the last attempt. A rolled-back matching transaction therefore sends nothing, and a
 * delivery whose sender died mid-call is sent again with the same id (gateways dedupe by it).
 *
 * A delivery now keeps how many items it announces (`items`) and only the ones its message names
 * (`item_version_ids`, up to three): the full list is the firm's inbox, and a firm eligible for
 * hundreds of new items no longer costs a row of hundreds of ids per channel.
 */
export class PushDeliveryOutbox1732000009000 implements MigrationInterface {
  name = 'PushDeliveryOutbox1732000009000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE policy.push_deliveries
      ADD COLUMN attempts integer NOT NULL DEFAULT 0,
      ADD COLUMN next_at timestamptz NULL,
      ADD COLUMN claimed_at timestamptz NULL,
      ADD COLUMN sent_at timestamptz NULL,
      ADD COLUMN items integer NULL`);
    await q.query(`UPDATE policy.push_deliveries SET items = cardinality(item_version_ids),
      attempts = CASE WHEN status IN ('sent','delivered') THEN 1 ELSE 0 END, sent_at = CASE WHEN status IN ('sent','delivered') THEN at END`);
    await q.query(`ALTER TABLE policy.push_deliveries ALTER COLUMN items SET NOT NULL`);
    await q.query(`ALTER TABLE policy.push_deliveries ADD CONSTRAINT "CHK_push_deliveries_status" CHECK (status IN ('pending','sending','sent','delivered','failed'))`);
    await q.query(`CREATE INDEX "IDX_push_deliveries_open" ON policy.push_deliveries (at) WHERE status IN ('pending','sending')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX policy."IDX_push_deliveries_open"`);
    await q.query(`ALTER TABLE policy.push_deliveries DROP CONSTRAINT "CHK_push_deliveries_status",
      DROP COLUMN attempts, DROP COLUMN next_at, DROP COLUMN claimed_at, DROP COLUMN sent_at, DROP COLUMN items`);
  }
}
