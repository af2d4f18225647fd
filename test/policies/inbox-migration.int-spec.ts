import { DataSource } from 'typeorm';
import { CORE_MIGRATIONS, dataSourceOptions, runMigrationsLocked } from '@app/core';
import { ENTERPRISE_MIGRATIONS } from '@app/enterprises';
import { POLICY_MIGRATIONS } from '@app/policies';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/**
 * PolicyInboxOnMatches: a database with inbox rows from before the fold keeps every entry, its
 * read/dismissed/applied state and progress text, and its push deliveries — and `down` gives them back.
 */
describe('migration: the inbox folded into the match rows', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const fold = POLICY_MIGRATIONS.find((M) => M.name.startsWith('PolicyInboxOnMatches'))!;
  const before = POLICY_MIGRATIONS.slice(0, POLICY_MIGRATIONS.indexOf(fold)); // the schema as it was
  const E1 = '01900000-0000-7000-8000-000000000001';
  const E2 = '01900000-0000-7000-8000-000000000002';
  const V1 = '01900000-0000-7000-8000-0000000000a1';
  const V2 = '01900000-0000-7000-8000-0000000000a2';
  const ITEM = '01900000-0000-7000-8000-0000000000b1';
  const INBOX1 = '01900000-0000-7000-8000-0000000000c1';
  const INBOX2 = '01900000-0000-7000-8000-0000000000c2';

  beforeAll(async () => {
    db = await createTestDatabase('migfold');
    const config = db.mode === 'postgres' ? { database: { mode: 'postgres' as const, url: db.url! }, nodeEnv: 'test' as const } : { database: { mode: 'pglite' as const, dataDir: undefined }, nodeEnv: 'test' as const };
    ds = await new DataSource(dataSourceOptions(config as never, { migrations: [...CORE_MIGRATIONS, ...ENTERPRISE_MIGRATIONS, ...before] }, { runMigrations: false, pgliteDataDir: null })).initialize();
    await runMigrationsLocked(ds, db.mode);
    const match = `INSERT INTO policy.matches (enterprise_id, item_version_id, item_id, outcome, facts, estimate_fen, facts_digest, profile_version) VALUES ($1, $2, $3, $4, '{}', $5, 'd', 1)`;
    await ds.query(match, [E1, V1, ITEM, 'eligible', 100]);
    await ds.query(match, [E2, V1, ITEM, 'eligible', 200]);
    await ds.query(match, [E1, V2, ITEM, 'near_miss', 0]);
    await ds.query(
      `INSERT INTO policy.inbox (id, enterprise_id, item_version_id, item_id, kind, estimate_fen, created_at, read_at, dismissed_at, applied_at, status_text, status_at)
       VALUES ($1, $2, $3, $4, 'eligible', 100, '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z', NULL, '2026-11-03T00:00:00Z', '已拨付', '2026-11-04T00:00:00Z'),
              ($5, $6, $3, $4, 'eligible', 200, '2026-11-01T00:00:00Z', NULL, '2026-11-05T00:00:00Z', NULL, NULL, NULL)`,
      [INBOX1, E1, V1, ITEM, INBOX2, E2],
    );
    await ds.query(
      `INSERT INTO policy.push_deliveries (id, enterprise_id, channel, inbox_ids, status) VALUES
       ('01900000-0000-7000-8000-0000000000d1', $1, 'sms', ARRAY[$2::uuid], 'sent'), ('01900000-0000-7000-8000-0000000000d2', $3, 'sms', ARRAY[$4::uuid], 'sent')`,
      [E1, INBOX1, E2, INBOX2],
    );
  });
  afterAll(async () => {
    await ds?.destroy();
    await db.drop();
  });

  it('up: each inbox entry becomes its match row’s pushed state; deliveries name item versions; the inbox table is gone', async () => {
    const qr = ds.createQueryRunner();
    await new fold().up(qr);
    await qr.release();
    const rows = await ds.query(
      `SELECT enterprise_id, item_version_id, pushed_at, read_at, dismissed_at, applied_at, status_text FROM policy.matches ORDER BY enterprise_id, item_version_id`,
    );
    expect(rows.map((r: Record<string, unknown>) => ({ ...r, pushed_at: r.pushed_at && new Date(r.pushed_at as string).toISOString(), read_at: r.read_at && new Date(r.read_at as string).toISOString(), dismissed_at: r.dismissed_at && new Date(r.dismissed_at as string).toISOString(), applied_at: r.applied_at && new Date(r.applied_at as string).toISOString() }))).toEqual([
      { enterprise_id: E1, item_version_id: V1, pushed_at: '2026-11-01T00:00:00.000Z', read_at: '2026-11-02T00:00:00.000Z', dismissed_at: null, applied_at: '2026-11-03T00:00:00.000Z', status_text: '已拨付' },
      { enterprise_id: E1, item_version_id: V2, pushed_at: null, read_at: null, dismissed_at: null, applied_at: null, status_text: null },
      { enterprise_id: E2, item_version_id: V1, pushed_at: '2026-11-01T00:00:00.000Z', read_at: null, dismissed_at: '2026-11-05T00:00:00.000Z', applied_at: null, status_text: null },
    ]);
    const deliveries = await ds.query(`SELECT enterprise_id, item_version_ids FROM policy.push_deliveries ORDER BY enterprise_id`);
    expect(deliveries).toEqual([{ enterprise_id: E1, item_version_ids: [V1] }, { enterprise_id: E2, item_version_ids: [V1] }]);
    const [{ t }] = await ds.query(`SELECT to_regclass('policy.inbox')::text AS t`);
    expect(t).toBeNull();
    // the state columns need a push: a near miss cannot be "read"
    await expect(ds.query(`UPDATE policy.matches SET read_at = now() WHERE enterprise_id = $1 AND item_version_id = $2`, [E1, V2])).rejects.toThrow(/CHK_matches_pushed/);
  });

  it('down: the inbox rows come back with their state', async () => {
    const qr = ds.createQueryRunner();
    await new fold().down(qr);
    await qr.release();
    const rows = await ds.query(`SELECT enterprise_id, item_version_id, status_text, (read_at IS NOT NULL) AS read FROM policy.inbox ORDER BY enterprise_id`);
    expect(rows).toEqual([
      { enterprise_id: E1, item_version_id: V1, status_text: '已拨付', read: true },
      { enterprise_id: E2, item_version_id: V1, status_text: null, read: false },
    ]);
    const deliveries = await ds.query(`SELECT d.enterprise_id, x.item_version_id FROM policy.push_deliveries d JOIN policy.inbox x ON x.id = ANY(d.inbox_ids) ORDER BY d.enterprise_id`);
    expect(deliveries).toEqual([{ enterprise_id: E1, item_version_id: V1 }, { enterprise_id: E2, item_version_id: V1 }]);
  });
});
