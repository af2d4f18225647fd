import { MigrationInterface, QueryRunner } from 'typeorm';

/** 数据沙盘: saved what-if scenarios (情景). The snapshot itself lives in memory only. */
export class SandboxInit1732000005000 implements MigrationInterface {
  name = 'SandboxInit1732000005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS sandbox`);
    await q.query(`CREATE TABLE sandbox.scenarios (
      id uuid CONSTRAINT "PK_scenarios" PRIMARY KEY,
      owner_id uuid NOT NULL,
      owner_name text NULL,
      owner_role text NOT NULL,
      department_code text NULL,
      name text NOT NULL CONSTRAINT "CHK_scenarios_name" CHECK (char_length(name) BETWEEN 1 AND 100),
      description text NULL CONSTRAINT "CHK_scenarios_description" CHECK (description IS NULL OR char_length(description) <= 2000),
      definition jsonb NOT NULL CONSTRAINT "CHK_scenarios_definition" CHECK (jsonb_typeof(definition) = 'object'),
      shared boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX "IDX_scenarios_owner" ON sandbox.scenarios (owner_id, updated_at DESC)`);
    await q.query(`CREATE INDEX "IDX_scenarios_department" ON sandbox.scenarios (department_code, updated_at DESC)`);
    await q.query(`CREATE INDEX "IDX_scenarios_shared" ON sandbox.scenarios (updated_at DESC) WHERE shared`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA sandbox CASCADE`);
  }
}
