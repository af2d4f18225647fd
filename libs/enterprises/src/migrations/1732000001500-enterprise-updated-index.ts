import { MigrationInterface, QueryRunner } from 'typeorm';

/** The sandbox snapshot and other readers refresh by `updated_at`; without an index that is a full scan. */
export class EnterpriseUpdatedIndex1732000001500 implements MigrationInterface {
  name = 'EnterpriseUpdatedIndex1732000001500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "IDX_enterprises_updated_at" ON enterprise.enterprises (updated_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX enterprise."IDX_enterprises_updated_at"`);
  }
}
