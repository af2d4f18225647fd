import { AddressInfo } from 'node:net';
import { Server } from 'node:http';
import { createDataSourceSimServer, DataSourceSyncService, ENTERPRISE_MIGRATIONS, EnterprisesModule, SimulatedSources } from '@app/enterprises';
import { makeEnterpriseRow, toCsv } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * 数据共享 over several pages (5,000 records each): the next page is pulled while the current one is
 * written, yet the cursor only moves with a written page — a page whose write fails is applied by the
 * next run, never skipped — and a record delivered again changes nothing.
 */
describe('data sources: many pages, pulled ahead, never skipped', () => {
  let t: TestApp;
  let sim: SimulatedSources;
  let server: Server;
  /** Enough firms for a page's versions to go in as one COPY. */
  const F = 60;
  const firms = Array.from({ length: F }, () => makeEnterpriseRow({ employees: 10 }));
  const ids: string[] = [];
  /** The headcount of firm `j`'s last record among records `from` … `to - 1`. */
  const lastOf = (j: number, from: number, to: number) => {
    let i = to - 1;
    while (i % F !== j) i--;
    return i >= from ? i : null;
  };

  const employees = async () =>
    (await t.dataSource.query(`SELECT id, employees, version FROM enterprise.enterprises`)) as Array<{ id: string; employees: number; version: number }>;
  const cursor = async () => (await t.dataSource.query(`SELECT cursor FROM enterprise.data_source_cursors WHERE source = 'social'`))[0]?.cursor ?? null;
  /** `n` records of the 社保 source, round-robin over the firms, headcounts from `from` up. */
  const publish = (n: number, from: number) =>
    sim.publish('social', Array.from({ length: n }, (_, i) => ({ id: `SB-${from + i}`, creditCode: String(firms[(from + i) % F].creditCode), fields: { cbrs: from + i } })));

  beforeAll(async () => {
    sim = new SimulatedSources();
    server = createDataSourceSimServer(sim);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = await createTestApp({ imports: [EnterprisesModule], migrations: [...ENTERPRISE_MIGRATIONS], env: { DATA_SOURCE_URL: base, DATA_SOURCE_SYNC_SECONDS: '0' } });
    const admin = await t.createUser({ username: 'admin1', displayName: '管理员', role: 'admin' });
    await t.http.post('/api/v1/enterprises/import').set('authorization', admin).attach('file', Buffer.from(toCsv(firms)), 'firms.csv').expect(200);
    const rows: Array<{ id: string; credit_code: string }> = await t.dataSource.query(`SELECT id, credit_code FROM enterprise.enterprises`);
    for (const f of firms) ids.push(rows.find((r) => r.credit_code === f.creditCode)!.id);
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((r) => server?.close(r));
  });

  it('applies every page once, in order: the last record of each firm stands, one version per firm and page', async () => {
    publish(12_000, 0); // pages of 5,000, 5,000 and 2,000
    const sync = t.app.get(DataSourceSyncService);
    const pages: number[] = [];
    sync.onPageTimed = (p) => pages.push(p.records);
    const res = await sync.sync('social');
    sync.onPageTimed = null;
    expect(pages).toEqual([5000, 5000, 2000]);
    expect(res).toMatchObject({ pages: 3, records: 12_000, changed: 3 * F, confirmed: 0, rejected: 0, cursor: '12000' });
    expect(await cursor()).toBe('12000');
    const byId = new Map((await employees()).map((r) => [r.id, r]));
    expect(ids.map((id) => byId.get(id)!.employees)).toEqual(ids.map((_, j) => lastOf(j, 0, 12_000)));
    expect(ids.map((id) => byId.get(id)!.version)).toEqual(ids.map(() => 4));
    const versions: Array<{ enterprise_id: string; version: number; employees: number; record: string }> = await t.dataSource.query(
      `SELECT enterprise_id, version, (facts->>'employees')::int AS employees, provenance->'employees'->>'recordId' AS record
       FROM enterprise.profile_versions WHERE enterprise_id = $1 ORDER BY version`, [ids[0]]);
    expect(versions.map((v) => [v.version, v.employees, v.record])).toEqual([[1, 10, null], [2, 4980, 'SB-4980'], [3, 9960, 'SB-9960'], [4, 11_940, 'SB-11940']]);
    const events: Array<{ n: number }> = await t.dataSource.query(
      `SELECT jsonb_array_length(payload->'changes') AS n FROM core.outbox_events WHERE name = 'enterprise.batch_changed' ORDER BY occurred_at, id`);
    expect(events.slice(-3).map((e) => e.n)).toEqual([F, F, F]);
  });

  it('a record delivered again confirms the value and writes no version', async () => {
    sim.publish('social', [{ id: 'SB-11999', creditCode: String(firms[F - 1].creditCode), fields: { cbrs: 11_999 } }]);
    const res = await t.app.get(DataSourceSyncService).sync('social');
    expect(res).toMatchObject({ pages: 1, records: 1, changed: 0, confirmed: 1 });
    expect((await employees()).find((r) => r.id === ids[F - 1])!.version).toBe(4);
  });

  it('a page whose write fails keeps the cursor before it (the page pulled ahead is not lost); the next run applies it', async () => {
    const start = Number(await cursor());
    publish(5000, 20_000); // one page that writes
    publish(5000, 30_000); // one page whose write fails
    await t.dataSource.query(`CREATE FUNCTION enterprise.test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF (NEW.facts->>'employees')::int >= 30000 THEN RAISE EXCEPTION 'test: write refused'; END IF; RETURN NEW; END $$`);
    await t.dataSource.query(`CREATE TRIGGER test_refuse BEFORE INSERT ON enterprise.profile_versions FOR EACH ROW EXECUTE FUNCTION enterprise.test_refuse()`);
    try {
      await expect(t.app.get(DataSourceSyncService).sync('social')).rejects.toThrow(/write refused/);
      expect(await cursor()).toBe(String(start + 5000));
      expect((await employees()).map((r) => r.employees).every((e) => e >= 20_000 && e < 30_000)).toBe(true);
    } finally {
      await t.dataSource.query(`DROP TRIGGER test_refuse ON enterprise.profile_versions`);
      await t.dataSource.query(`DROP FUNCTION enterprise.test_refuse()`);
    }
    const res = await t.app.get(DataSourceSyncService).sync('social');
    expect(res).toMatchObject({ pages: 1, records: 5000, changed: F });
    expect(await cursor()).toBe(String(start + 10_000));
    const byId = new Map((await employees()).map((r) => [r.id, r.employees]));
    expect(ids.map((id) => byId.get(id))).toEqual(ids.map((_, j) => lastOf(j, 30_000, 35_000)));
  });
});
