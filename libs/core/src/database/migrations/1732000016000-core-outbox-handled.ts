import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `handled_at`: set by the consumer once an event's handlers ran. An event relayed but never handled
 * — its queue job lost with an in-process queue when the process died, with Redis emptied, or with a
 * database restored from a backup taken between relay and handling — is relayed again (see
 * OutboxRelay.redeliver). Events relayed before this migration count as handled.
 */
export class CoreOutboxHandled1732000016000 implements MigrationInterface {
  name = 'CoreOutboxHandled1732000016000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE core.outbox_events ADD COLUMN handled_at timestamptz NULL`);
    await q.query(`UPDATE core.outbox_events SET handled_at = relayed_at WHERE relayed_at IS NOT NULL`);
    await q.query(`CREATE INDEX "IDX_outbox_unhandled" ON core.outbox_events (relayed_at) WHERE relayed_at IS NOT NULL AND handled_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX core."IDX_outbox_unhandled"`);
    await q.query(`ALTER TABLE core.outbox_events DROP COLUMN handled_at`);
  }
}
