import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbox appends NOTIFY `outbox_events` (once per statement; delivered at commit, and not at all on
 * rollback), so a relay that LISTENs moves events to the queue at once instead of at its next poll.
 */
export class CoreOutboxNotify1732000010000 implements MigrationInterface {
  name = 'CoreOutboxNotify1732000010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION core.notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('outbox_events', '');
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER "TRG_outbox_events_notify" AFTER INSERT ON core.outbox_events
      FOR EACH STATEMENT EXECUTE FUNCTION core.notify_outbox()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "TRG_outbox_events_notify" ON core.outbox_events`);
    await q.query(`DROP FUNCTION core.notify_outbox()`);
  }
}
