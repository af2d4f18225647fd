import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A 免申即享 application pre-qualified on facts a person changed by hand (not a data source) carries
 * those changes — who, what, before/after, why — so the reviewer sees it flagged.
 */
export class ApprovalFactFlags1732000011200 implements MigrationInterface {
  name = 'ApprovalFactFlags1732000011200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE approval.applications ADD COLUMN manual_changes jsonb NULL`);
    await q.query(`CREATE INDEX "IDX_applications_flagged" ON approval.applications (department_code, state) WHERE manual_changes IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX approval."IDX_applications_flagged"`);
    await q.query(`ALTER TABLE approval.applications DROP COLUMN manual_changes`);
  }
}
