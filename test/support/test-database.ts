import { Client } from 'pg';
import { randomBytes } from 'node:crypto';

/**
 * Each integration suite gets its own database on the machine's PostgreSQL (dropped afterwards),
 * or an in-memory PGlite when PostgreSQL is not there (scripts/test.js decides).
 */
export interface TestDatabase {
  mode: 'postgres' | 'pglite';
  url?: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(prefix = 't'): Promise<TestDatabase> {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) return { mode: 'pglite', drop: async () => undefined };
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const c = new Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE "${name}"`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    mode: 'postgres',
    url: url.toString(),
    async drop() {
      const d = new Client({ connectionString: admin });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await d.end();
    },
  };
}
