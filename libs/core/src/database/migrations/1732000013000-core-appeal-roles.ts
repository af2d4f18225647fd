import { MigrationInterface, QueryRunner } from 'typeorm';

/** Roles of the appeals loop: `supervisor` (督办) and `officer` (包联干部). */
export class CoreAppealRoles1732000013000 implements MigrationInterface {
  name = 'CoreAppealRoles1732000013000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE core.users DROP CONSTRAINT "CHK_users_role"`);
    await q.query(`ALTER TABLE core.users ADD CONSTRAINT "CHK_users_role" CHECK (role IN
      ('enterprise','dept_editor','dept_reviewer','finance_maker','finance_checker','leader','auditor','admin','supervisor','officer'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE core.users DROP CONSTRAINT "CHK_users_role"`);
    await q.query(`ALTER TABLE core.users ADD CONSTRAINT "CHK_users_role" CHECK (role IN
      ('enterprise','dept_editor','dept_reviewer','finance_maker','finance_checker','leader','auditor','admin'))`);
  }
}
