import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Publications waiting to be matched. Each publication adds a row and a plan job; a plan job claims
 * every row not yet planned and splits the enterprise table into range jobs for all of them at once,
 * so items published together (a department publishing a batch, an import) are matched in one pass
 * over the firms instead of one pass each.
 */
export class PolicyMatchRequests1732000008000 implements MigrationInterface {
  name = 'PolicyMatchRequests1732000008000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE policy.match_requests (
      item_version_id uuid CONSTRAINT "PK_match_requests" PRIMARY KEY,
      requested_at timestamptz NOT NULL DEFAULT now(),
      planned_at timestamptz NULL,
      -- how many versions the plan that took this one covered, and its range jobs
      plan_versions integer NULL,
      plan_jobs integer NULL)`);
    await q.query(`CREATE INDEX "IDX_match_requests_pending" ON policy.match_requests (requested_at) WHERE planned_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE policy.match_requests`);
  }
}
