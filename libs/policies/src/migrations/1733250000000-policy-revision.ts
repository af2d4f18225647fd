import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A policy's revision: editing its information (title, 文号, dates, 解读 …) names the revision the
 * editor read, and the update is guarded by it in SQL — a concurrent edit makes the later one stale
 * (409) instead of silently overwriting the first.
 */
export class PolicyRevision1733250000000 implements MigrationInterface {
  name = 'PolicyRevision1733250000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE policy.policies ADD COLUMN revision integer NOT NULL DEFAULT 1 CONSTRAINT "CHK_policies_revision" CHECK (revision >= 1)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE policy.policies DROP COLUMN revision`);
  }
}
