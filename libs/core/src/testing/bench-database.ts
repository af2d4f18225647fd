import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * Secrets for a benchmark that runs with NODE_ENV=production: fresh random ones each run (production
 * refuses the published defaults and short secrets).
 */
export function benchSecrets(): { JWT_SECRET: string; ENCRYPTION_KEY: string } {
  return { JWT_SECRET: randomBytes(24).toString('base64'), ENCRYPTION_KEY: randomBytes(32).toString('hex') };
}

/** A fresh PostgreSQL database for a benchmark run (BENCH_DATABASE_URL or the local server), dropped afterwards. */
export async function freshBenchDatabase(name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const run = async (sql: string) => {
    const c = new Client({ connectionString: admin });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await run(`CREATE DATABASE "${name}"`);
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
