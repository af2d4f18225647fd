import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Policy search: the districts an item is open to (from its rule's region conditions), for the
 * public portal's 适用区域 filter. NULL means every district. The documents are emptied so the
 * indexer rebuilds them all, with the new column, when the app starts (SearchIndexer builds an
 * empty index over published items at bootstrap).
 */
export class PolicySearchRegions1732000014000 implements MigrationInterface {
  name = 'PolicySearchRegions1732000014000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE policy.search_documents ADD COLUMN regions text[] NULL`);
    await q.query(`DELETE FROM policy.search_documents`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE policy.search_documents DROP COLUMN regions`);
  }
}
