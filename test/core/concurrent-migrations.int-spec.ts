import { DataSource } from 'typeorm';
import { APPROVAL_MIGRATIONS } from '@app/approvals';
import { CORE_MIGRATIONS, dataSourceOptions, runMigrationsLocked } from '@app/core';
import { ENTERPRISE_MIGRATIONS } from '@app/enterprises';
import { PAYOUT_MIGRATIONS } from '@app/payouts';
import { POLICY_MIGRATIONS } from '@app/policies';
import { SANDBOX_MIGRATIONS } from '@app/sandbox';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { describeWhen, needs } from '../support/requires';

/** Several apps starting at once against one new database: every migration runs exactly once. */

describeWhen(needs.postgres, 'migrations under concurrent start-up (PostgreSQL)', () => {
  let db: TestDatabase;
  const sources: DataSource[] = [];
  const all = [...CORE_MIGRATIONS, ...ENTERPRISE_MIGRATIONS, ...POLICY_MIGRATIONS, ...APPROVAL_MIGRATIONS, ...SANDBOX_MIGRATIONS, ...PAYOUT_MIGRATIONS];

  beforeAll(async () => {
    db = await createTestDatabase('mig');
  });
  afterAll(async () => {
    for (const s of sources) await s.destroy().catch(() => undefined);
    await db.drop();
  });

  it('four processes race; all start; each migration is applied once', async () => {
    const config = { database: { mode: 'postgres' as const, url: db.url! }, nodeEnv: 'test' as const };
    const start = async () => {
      const ds = await new DataSource(dataSourceOptions(config, { migrations: all }, { runMigrations: false })).initialize();
      sources.push(ds);
      await runMigrationsLocked(ds, 'postgres');
    };
    await Promise.all([start(), start(), start(), start()]);
    const rows: Array<{ name: string; n: number }> = await sources[0].query(`SELECT name, count(*)::int AS n FROM migrations GROUP BY name`);
    expect(rows).toHaveLength(all.length);
    expect(rows.every((r) => r.n === 1)).toBe(true);
  });
});
