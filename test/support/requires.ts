/**
 * Suites that need a service the machine may not have (PostgreSQL for a second process, Redis for the
 * Bull variants, an Elasticsearch cluster) declare it here. Without it the suite is still registered:
 * every test is listed by Jest as skipped, under a title that says why, instead of vanishing.
 */
import { privatePostgresAvailable } from './private-postgres';

export interface Requirement {
  met: boolean;
  reason: string;
}

export const needs = {
  postgres: { met: Boolean(process.env.TEST_DATABASE_URL), reason: 'needs PostgreSQL (TEST_DATABASE_URL)' },
  redis: { met: Boolean(process.env.TEST_REDIS_URL), reason: 'needs Redis (TEST_REDIS_URL)' },
  elasticsearch: { met: Boolean(process.env.ELASTICSEARCH_URL), reason: 'needs an Elasticsearch cluster (ELASTICSEARCH_URL)' },
  /** A PostgreSQL server of the suite's own, to stop and restart (test/support/private-postgres.ts). */
  postgresServer: {
    met: privatePostgresAvailable(),
    reason: 'needs the PostgreSQL server binaries (initdb, pg_ctl, pg_dump) under /usr/lib/postgresql/<version>/bin or PG_BIN_DIR',
  },
} satisfies Record<string, Requirement>;

/** `describe` when every requirement is met; otherwise `describe.skip` with the reasons in its title. */
export function describeWhen(requirements: Requirement | Requirement[], name: string, fn: () => void): void {
  const missing = [requirements].flat().filter((r) => !r.met);
  if (missing.length === 0) describe(name, fn);
  else describe.skip(`${name} [skipped: ${missing.map((r) => r.reason).join('; ')}]`, fn);
}

/** Variants of one suite (e.g. per queue adapter), each with its own requirement: unmet ones are listed as skipped. */
export function describeVariants<T>(
  title: string,
  variants: Array<{ name: string; requires?: Requirement | Requirement[]; value: T }>,
  fn: (value: T, name: string) => void,
): void {
  for (const v of variants) describeWhen(v.requires ?? [], title.replace('%s', v.name), () => fn(v.value, v.name));
}
