import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit chain becomes keyed: each entry records the id of the audit key its hash was made with
 * (HMAC). Entries written before stay as they are (key_id NULL, plain SHA-256) and verify as such.
 */
export class CoreAuditKey1732000011000 implements MigrationInterface {
  name = 'CoreAuditKey1732000011000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit.audit_log ADD COLUMN key_id text NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit.audit_log DROP COLUMN key_id`);
  }
}
