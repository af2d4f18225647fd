import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notices to a firm (办理通知): "公示期满，请于…前确认收款账户", "退回补正：…", "资金已到账" … Each is
 * an entry of the firm's inbox next to its pushed policies, and goes out through the same delivery
 * outbox and channels (SMS, app message; stable delivery ids, retries). `dedupe_key` makes a notice
 * recorded twice (a redelivered event, a rerun job) one notice.
 */
export class PolicyNotices1732000015001 implements MigrationInterface {
  name = 'PolicyNotices1732000015001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE policy.notices (
      id uuid CONSTRAINT "PK_notices" PRIMARY KEY,
      enterprise_id uuid NOT NULL,
      kind text NOT NULL,
      title text NOT NULL,
      body text NOT NULL,
      item_id uuid NULL,
      application_id uuid NULL,
      dedupe_key text NOT NULL CONSTRAINT "UQ_notices_dedupe" UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz NULL,
      dismissed_at timestamptz NULL)`);
    await q.query(`CREATE INDEX "IDX_notices_enterprise" ON policy.notices (enterprise_id, created_at DESC)`);
    await q.query(`CREATE INDEX "IDX_notices_application" ON policy.notices (application_id) WHERE application_id IS NOT NULL`);
    await q.query(`ALTER TABLE policy.push_deliveries ADD COLUMN notice_id uuid NULL CONSTRAINT "FK_push_deliveries_notice" REFERENCES policy.notices(id)`);
    await q.query(`CREATE INDEX "IDX_push_deliveries_notice" ON policy.push_deliveries (notice_id) WHERE notice_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM policy.push_deliveries WHERE notice_id IS NOT NULL`);
    await q.query(`ALTER TABLE policy.push_deliveries DROP COLUMN notice_id`);
    await q.query(`DROP TABLE policy.notices`);
  }
}
