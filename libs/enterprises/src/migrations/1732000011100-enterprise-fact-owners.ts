import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Facts have owners (issue 16): a profile version records whether a person or a data source wrote it
 * and who; the profile keeps, per fact, the person's change that still stands (cleared when a data
 * source writes the fact again), so what pre-qualification builds on it can be flagged. And the id
 * of the key the import digests' blind indexes were made with, so a new key triggers a re-index.
 */
export class EnterpriseFactOwners1732000011100 implements MigrationInterface {
  name = 'EnterpriseFactOwners1732000011100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE enterprise.profile_versions
      ADD COLUMN changed_by text NOT NULL DEFAULT 'source' CONSTRAINT "CHK_profile_versions_changed_by" CHECK (changed_by IN ('person','source')),
      ADD COLUMN actor_name text NULL,
      ADD COLUMN actor_role text NULL,
      ADD COLUMN actor_department text NULL`);
    await q.query(`ALTER TABLE enterprise.enterprises ADD COLUMN manual_facts jsonb NOT NULL DEFAULT '{}'::jsonb`);
    await q.query(`CREATE TABLE enterprise.key_state (
      purpose text CONSTRAINT "PK_key_state" PRIMARY KEY,
      key_id text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now())`);
    // Digests written so far used sha256(master‖value) as the blind index: re-index on first boot.
    await q.query(`INSERT INTO enterprise.key_state (purpose, key_id) VALUES ('blind-index', 'legacy')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE enterprise.key_state`);
    await q.query(`ALTER TABLE enterprise.enterprises DROP COLUMN manual_facts`);
    await q.query(`ALTER TABLE enterprise.profile_versions DROP COLUMN changed_by, DROP COLUMN actor_name, DROP COLUMN actor_role, DROP COLUMN actor_department`);
  }
}
