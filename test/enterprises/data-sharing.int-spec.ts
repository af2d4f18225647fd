import { AddressInfo } from 'node:net';
import { Server } from 'node:http';
import {
  createDataSourceSimServer, DataSourceSyncService, DataSourceUnavailableError, DEMO_TAGS, ENTERPRISE_MIGRATIONS, EnterprisesModule, HttpDataSourceAdapter,
  SimulatedSources, TagsService,
} from '@app/enterprises';
import { makeEnterpriseRow, toCsv } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * 数据共享比对 (issue 14 §7) over real HTTP: the platform pulls the departments' simulated sources
 * through the HTTP adapter (cursor, retries), keeps provenance per fact, refuses bad records one by
 * one, and firms dispute sourced values (数据异议) that the owning department resolves.
 */
describe('data sharing: data sources, provenance, correction requests', () => {
  let t: TestApp;
  let sim: SimulatedSources;
  let server: Server;
  let base: string;
  let admin: string;
  let firmUser: string;
  let otherFirmUser: string;
  let rsjEditor: string;
  let kjjEditor: string;
  const firm = makeEnterpriseRow({ employees: 40, revenue: '32000000', rdExpense: '2500000', tags: 'tech_sme' });
  const other = makeEnterpriseRow();
  let firmId: string;
  let otherId: string;

  const publish = async (source: string, records: unknown[]) => {
    const res = await fetch(`${base}/sources/${source}/records`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records }) });
    expect(res.status).toBe(200);
  };
  const row = async (id: string) =>
    (await t.dataSource.query(`SELECT version, employees, revenue, rd_intensity, tags, credit_status, fact_sources FROM enterprise.enterprises WHERE id = $1`, [id]))[0];

  beforeAll(async () => {
    sim = new SimulatedSources();
    server = createDataSourceSimServer(sim);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = await createTestApp({ imports: [EnterprisesModule], migrations: [...ENTERPRISE_MIGRATIONS], env: { DATA_SOURCE_URL: base, DATA_SOURCE_SYNC_SECONDS: '0' } });
    await t.app.get(TagsService).ensure(DEMO_TAGS);
    admin = await t.createUser({ username: 'admin1', displayName: '管理员', role: 'admin' });
    await t.http.post('/api/v1/enterprises/import').set('authorization', admin).attach('file', Buffer.from(toCsv([firm, other])), 'firms.csv').expect(200);
    const ids: Array<{ id: string; credit_code: string }> = await t.dataSource.query(`SELECT id, credit_code FROM enterprise.enterprises`);
    firmId = ids.find((r) => r.credit_code === firm.creditCode)!.id;
    otherId = ids.find((r) => r.credit_code === other.creditCode)!.id;
    firmUser = await t.createUser({ username: 'firm1', displayName: '企业1', role: 'enterprise', enterpriseId: firmId });
    otherFirmUser = await t.createUser({ username: 'firm2', displayName: '企业2', role: 'enterprise', enterpriseId: otherId });
    rsjEditor = await t.createUser({ username: 'rsj1', displayName: '人社编辑', role: 'dept_editor', departmentCode: 'rsj' });
    kjjEditor = await t.createUser({ username: 'kjj1', displayName: '科技编辑', role: 'dept_editor', departmentCode: 'kjj' });
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((r) => server?.close(r));
  });

  it('pulls a source over HTTP by cursor: facts with provenance, a new version and an event that re-matches the firm', async () => {
    await publish('social', [{ id: 'SB-001', creditCode: firm.creditCode, fields: { cbrs: 55 } }]);
    await publish('tax', [{ id: 'SW-9', creditCode: firm.creditCode, fields: { yysr: 50000000, nse: 2000000 } }]);
    const res = await t.http.post('/api/v1/data-sources/social/sync').set('authorization', admin).expect(200);
    expect(res.body).toMatchObject({ source: 'social', records: 1, changed: 1, rejected: 0, cursor: '1' });
    await t.http.post('/api/v1/data-sources/tax/sync').set('authorization', admin).expect(200);
    const r = await row(firmId);
    expect(r.employees).toBe(55);
    expect(Number(r.revenue)).toBe(5_000_000_000);
    expect(r.rd_intensity).toBe(5); // derived again from the new revenue (2,500,000 / 50,000,000)
    expect(r.version).toBe(3);
    expect(r.fact_sources.employees).toMatchObject({ via: 'source', source: 'social', recordId: 'SB-001', version: 2 });
    expect(r.fact_sources.revenue).toMatchObject({ via: 'source', source: 'tax', recordId: 'SW-9', sourceName: '税务部门共享数据' });
    const events: Array<{ payload: { changes: Array<{ enterpriseId: string; changedFacts: string[] }> } }> = await t.dataSource.query(
      `SELECT payload FROM core.outbox_events WHERE name = 'enterprise.batch_changed' ORDER BY occurred_at`);
    expect(events.slice(-2).map((e) => e.payload.changes)).toEqual([
      [expect.objectContaining({ enterpriseId: firmId, changedFacts: ['employees'] })],
      [expect.objectContaining({ enterpriseId: firmId, changedFacts: expect.arrayContaining(['revenue', 'taxPaid', 'rdIntensity']) })],
    ]);
    const [v] = await t.dataSource.query(`SELECT provenance, changed_by, actor_name FROM enterprise.profile_versions WHERE enterprise_id = $1 AND version = 2`, [firmId]);
    expect(v).toMatchObject({ changed_by: 'source', actor_name: '人社部门社保参保数据', provenance: { employees: { source: 'social', recordId: 'SB-001' } } });
    // the firm sees where each value came from on its profile
    const me = await t.http.get('/api/v1/enterprises/me').set('authorization', firmUser).expect(200);
    const prov = new Map((me.body.provenance as Array<{ fact: string; via: string; sourceName: string; recordId: string | null }>).map((p) => [p.fact, p]));
    expect(prov.get('employees')).toMatchObject({ via: 'source', sourceName: '人社部门社保参保数据', recordId: 'SB-001' });
    expect(prov.get('districtCode')).toMatchObject({ via: 'import', recordId: null });
    // a second pull finds nothing new: the cursor holds, nothing is written again
    const again = await t.http.post('/api/v1/data-sources/social/sync').set('authorization', admin).expect(200);
    expect(again.body).toMatchObject({ records: 0, changed: 0 });
    expect((await row(firmId)).version).toBe(3);
  });

  it('sets and clears certificate tags from the 科技 source', async () => {
    await publish('tech', [{ id: 'KJ-1', creditCode: firm.creditCode, fields: { gxjsqy: '是', kjxzxqy: false } }]);
    await t.http.post('/api/v1/data-sources/tech/sync').set('authorization', admin).expect(200);
    expect((await row(firmId)).tags).toEqual(['hitech']);
  });

  it('refuses a record with a field the mapping does not know (and unknown firms, bad values) with a code; the good records of the page still apply', async () => {
    const before = await row(otherId);
    await publish('social', [
      { id: 'SB-002', creditCode: other.creditCode, fields: { cbrs: 77, xingbie: '男' } },
      { id: 'SB-003', creditCode: '91410100MA9XXXXXX0', fields: { cbrs: 3 } },
      { id: 'SB-004', creditCode: other.creditCode, fields: { cbrs: -5 } },
      { id: 'SB-005', creditCode: firm.creditCode, fields: { cbrs: 60 } },
    ]);
    const res = await t.http.post('/api/v1/data-sources/social/sync').set('authorization', admin).expect(200);
    expect(res.body).toMatchObject({ records: 4, changed: 1, rejected: 3 });
    expect(await row(otherId)).toEqual(before);
    expect((await row(firmId)).employees).toBe(60);
    const rej = await t.http.get('/api/v1/data-sources/rejections?source=social').set('authorization', admin).expect(200);
    const codes = new Map((rej.body.items as Array<{ recordId: string; code: string; details: unknown }>).map((r) => [r.recordId, r]));
    expect(codes.get('SB-002')).toMatchObject({ code: 'DATA_SOURCE.UNKNOWN_FIELD', details: { fields: ['xingbie'] } });
    expect(codes.get('SB-003')?.code).toBe('DATA_SOURCE.UNKNOWN_ENTERPRISE');
    expect(codes.get('SB-004')?.code).toBe('DATA_SOURCE.INVALID_VALUE');
    const status = await t.http.get('/api/v1/data-sources').set('authorization', admin).expect(200);
    expect(status.body.find((s: { code: string }) => s.code === 'social')).toMatchObject({ department: 'rsj', cursor: '5', applied: 2, rejected: 3, lastError: null });
  });

  it('retries a failing source with back-off, and keeps the cursor when it stays down', async () => {
    await publish('social', [{ id: 'SB-006', creditCode: other.creditCode, fields: { cbrs: 12 } }]);
    sim.setFaults({ failNext: 2 });
    const res = await t.http.post('/api/v1/data-sources/social/sync').set('authorization', admin).expect(200);
    expect(res.body).toMatchObject({ records: 1, changed: 1 });
    expect((await row(otherId)).employees).toBe(12);

    await publish('social', [{ id: 'SB-007', creditCode: other.creditCode, fields: { cbrs: 13 } }]);
    sim.setFaults({ failNext: 5 });
    const adapter = new HttpDataSourceAdapter(base, { attempts: 3, backoffMs: 5 });
    await expect(adapter.pull('social', '6', 10)).rejects.toBeInstanceOf(DataSourceUnavailableError);
    sim.setFaults({ failNext: 4 });
    await expect(t.app.get(DataSourceSyncService).sync('social')).rejects.toBeInstanceOf(DataSourceUnavailableError);
    expect((await row(otherId)).employees).toBe(12);
    const [c] = await t.dataSource.query(`SELECT cursor, last_error FROM enterprise.data_source_cursors WHERE source = 'social'`);
    expect(c.cursor).toBe('6');
    expect(c.last_error).toMatch(/unavailable/);
    sim.setFaults({});
  });

  describe('数据异议 (correction requests)', () => {
    let correctionId: string;

    it('refuses a request on a fact without a data source, writing nothing', async () => {
      const res = await t.http.post('/api/v1/data-corrections').set('authorization', firmUser).send({ fact: 'districtCode', claimedValue: '410102', evidence: '营业执照住所在中原区' }).expect(422);
      expect(res.body.code).toBe('CORRECTION.NO_SOURCE');
      await t.http.post('/api/v1/data-corrections').set('authorization', firmUser).send({ fact: 'shoeSize', evidence: '未知的数据项测试' }).expect(400);
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM enterprise.data_corrections`);
      expect(n).toBe(0);
    });

    it('a firm disputes a sourced value with evidence and a file; it is routed to the source department', async () => {
      const res = await t.http.post('/api/v1/data-corrections').set('authorization', firmUser)
        .send({ fact: 'employees', claimedValue: 86, evidence: '2026年10月社保参保人数为86人，见参保证明' }).expect(201);
      expect(res.body).toMatchObject({ fact: 'employees', factLabel: '从业人数', currentValue: 60, source: 'social', sourceRecordId: 'SB-005', department: 'rsj', state: 'pending', stateLabel: '待核实' });
      correctionId = res.body.id;
      const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(64, 1)]);
      const up = await t.http.post(`/api/v1/data-corrections/${correctionId}/attachment`).set('authorization', firmUser).attach('file', pdf, '参保证明.pdf').expect(201);
      expect(up.body.attachmentName).toBe('参保证明.pdf');
      await t.http.post('/api/v1/data-corrections').set('authorization', firmUser).send({ fact: 'employees', evidence: '再次提出同一异议' }).expect(409);
      // routed: the 人社 department sees it, the 科技 department and another firm do not
      const rsj = await t.http.get('/api/v1/data-corrections?state=pending').set('authorization', rsjEditor).expect(200);
      expect(rsj.body.items.map((c: { id: string }) => c.id)).toEqual([correctionId]);
      expect((await t.http.get('/api/v1/data-corrections').set('authorization', kjjEditor).expect(200)).body.total).toBe(0);
      expect((await t.http.get('/api/v1/data-corrections').set('authorization', otherFirmUser).expect(200)).body.total).toBe(0);
      await t.http.get(`/api/v1/data-corrections/${correctionId}`).set('authorization', otherFirmUser).expect(404);
      await t.http.post(`/api/v1/data-corrections/${correctionId}/resolve`).set('authorization', kjjEditor).send({ decision: 'accept', correctedValue: 86, reason: '越权处理' }).expect(404);
      const file = await t.http.get(`/api/v1/data-corrections/${correctionId}/attachment`).set('authorization', rsjEditor).expect(200);
      expect(Buffer.from(file.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    });

    it('the department accepts: the value flows back as a profile change with provenance "correction", audited and re-matched', async () => {
      const before = await row(firmId);
      const res = await t.http.post(`/api/v1/data-corrections/${correctionId}/resolve`).set('authorization', rsjEditor)
        .send({ decision: 'accept', correctedValue: 86, reason: '经核实社保系统，参保人数为86人' }).expect(201);
      expect(res.body).toMatchObject({ state: 'accepted', correctedValue: 86, resultVersion: before.version + 1 });
      const after = await row(firmId);
      expect(after.employees).toBe(86);
      expect(after.fact_sources.employees).toMatchObject({ via: 'correction', source: 'social', recordId: correctionId });
      const [ev] = await t.dataSource.query(`SELECT payload FROM core.outbox_events WHERE name = 'enterprise.profile.changed' AND aggregate_id = $1 ORDER BY occurred_at DESC LIMIT 1`, [firmId]);
      expect(ev.payload).toEqual({ enterpriseId: firmId, version: before.version + 1, changedFacts: ['employees'] });
      const [audit] = await t.dataSource.query(`SELECT action, details FROM audit.audit_log WHERE target_id = $1 AND action = 'enterprise.correction_resolve'`, [correctionId]);
      expect(audit.details).toMatchObject({ decision: 'accept', fact: 'employees' });
      await t.http.post(`/api/v1/data-corrections/${correctionId}/resolve`).set('authorization', rsjEditor).send({ decision: 'reject', reason: '重复处理' }).expect(409);
      const me = await t.http.get('/api/v1/enterprises/me').set('authorization', firmUser).expect(200);
      expect(me.body.provenance.find((p: { fact: string }) => p.fact === 'employees')).toMatchObject({ via: 'correction', sourceName: '人社部门社保参保数据（数据异议更正）' });
    });

    it('a rejection needs a reason and changes no value', async () => {
      const c = await t.http.post('/api/v1/data-corrections').set('authorization', firmUser).send({ fact: 'revenue', claimedValue: 60000000, evidence: '年度审计报告营业收入为6000万元' }).expect(201);
      expect(c.body.department).toBe('swsj');
      const tax = await t.createUser({ username: 'sw1', displayName: '税务编辑', role: 'dept_editor', departmentCode: 'swsj' });
      const noReason = await t.http.post(`/api/v1/data-corrections/${c.body.id}/resolve`).set('authorization', tax).send({ decision: 'reject' }).expect(400);
      expect(noReason.body.code).toBe('CORRECTION.REASON_REQUIRED');
      const before = await row(firmId);
      await t.http.post(`/api/v1/data-corrections/${c.body.id}/resolve`).set('authorization', tax).send({ decision: 'reject', reason: '以纳税申报数据为准' }).expect(201);
      expect(await row(firmId)).toEqual(before);
      const mine = await t.http.get('/api/v1/data-corrections').set('authorization', firmUser).expect(200);
      expect(mine.body.items.map((x: { stateLabel: string }) => x.stateLabel).sort()).toEqual(['已更正', '不予更正'].sort());
    });
  });
});
