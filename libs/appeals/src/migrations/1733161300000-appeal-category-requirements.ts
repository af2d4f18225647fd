import { MigrationInterface, QueryRunner } from 'typeorm';

/** A category's default 办理要求 (printed in the 交办函 when the supervisor writes none at assignment). */
export class AppealCategoryRequirements1733161300000 implements MigrationInterface {
  name = 'AppealCategoryRequirements1733161300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE appeal.categories ADD COLUMN requirements text NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE appeal.categories DROP COLUMN requirements`);
  }
}
