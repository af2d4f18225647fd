import { MigrationInterface, QueryRunner } from 'typeorm';

/** Which key each key id stood for (fingerprint only): a new key under an old id is refused at boot. */
export class CoreKeyRegistry1732000011010 implements MigrationInterface {
  name = 'CoreKeyRegistry1732000011010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE core.key_registry (
      kid text CONSTRAINT "PK_key_registry" PRIMARY KEY,
      fingerprint text NOT NULL,
      first_seen timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE core.key_registry`);
  }
}
