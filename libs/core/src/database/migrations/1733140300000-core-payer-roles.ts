import { MigrationInterface, QueryRunner } from 'typeorm';

const BEFORE = `'enterprise','dept_editor','dept_reviewer','finance_maker','finance_checker','leader','auditor','admin','supervisor','officer'`;

/** A department paying its own pools: `dept_payer_maker` (部门支付经办) and `dept_payer_checker` (部门支付复核). */
export class CorePayerRoles1733140300000 implements MigrationInterface {
  name = 'CorePayerRoles1733140300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE core.users DROP CONSTRAINT "CHK_users_role"`);
    await q.query(`ALTER TABLE core.users ADD CONSTRAINT "CHK_users_role" CHECK (role IN (${BEFORE},'dept_payer_maker','dept_payer_checker'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE core.users DROP CONSTRAINT "CHK_users_role"`);
    await q.query(`ALTER TABLE core.users ADD CONSTRAINT "CHK_users_role" CHECK (role IN (${BEFORE}))`);
  }
}
