import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The admin connection for creating scratch databases: DATABASE_URL, then the test runner's, then local. */
export const ADMIN_DATABASE_URL =
  process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/**
 * Jest cannot decide `describe` vs `describe.skip` asynchronously, so reachability is probed in a
 * short-lived child process at load time.
 */
export function postgresReachable(url = ADMIN_DATABASE_URL): boolean {
  const script = `const {Client}=require('pg');const c=new Client({connectionString:process.argv[1],connectionTimeoutMillis:3000});c.connect().then(()=>c.end()).then(()=>process.exit(0),()=>process.exit(1));`;
  const r = spawnSync(process.execPath, ['-e', script, url], { cwd: __dirname, timeout: 8000 });
  return r.status === 0;
}

export interface ScratchDatabase {
  client: Client;
  name: string;
  drop(): Promise<void>;
}

/** Creates `rules_test_<random>` and returns a client connected to it. */
export async function createScratchDatabase(prefix = 'rules_test'): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  return {
    client,
    name,
    async drop() {
      await client.end();
      const cleanup = new Client({ connectionString: ADMIN_DATABASE_URL });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
