import ExcelJS from 'exceljs';
import { ENTERPRISE_MIGRATIONS, EnterprisesModule, TagsService } from '@app/enterprises';
import { makeEnterpriseRow, toCsv } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

describe('一企一档 over HTTP: import, RBAC, history', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp({ imports: [EnterprisesModule], migrations: [...ENTERPRISE_MIGRATIONS] });
    admin = await t.createUser({ username: 'admin1', displayName: '管理员', role: 'admin' });
  });
  afterAll(async () => t?.close());

  const upload = (name: string, body: Buffer | string, token = admin) =>
    t.http.post('/api/v1/enterprises/import').set('authorization', token).attach('file', Buffer.from(body), name);

  describe('import', () => {
    const good = [makeEnterpriseRow(), makeEnterpriseRow({ scale: '中型' }), makeEnterpriseRow({ tags: '' })];
    const bad = [
      makeEnterpriseRow({ creditCode: '91410100MA44XXXXX1' }),
      makeEnterpriseRow({ revenue: '12.345', employees: '-3' }),
      makeEnterpriseRow({ establishedOn: '2021-02-30', districtCode: '999999' }),
    ];
    const rows = [good[0], bad[0], good[1], bad[1], good[2], bad[2], { ...good[0], name: '重复行' }];

    it('writes the good rows, reports every bad one with row, column and code, and writes none of them', async () => {
      const res = await upload('firms.csv', toCsv(rows)).expect(200);
      expect(res.body).toMatchObject({ format: 'csv', rows: 7, valid: 3, invalid: 4, created: 3, updated: 0, unchanged: 0 });
      const errs = res.body.errors as Array<{ row: number; column: string; code: string }>;
      expect(errs).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ row: 3, column: 'creditCode', code: 'ENTERPRISE.INVALID_CREDIT_CODE' }),
          expect.objectContaining({ row: 5, column: 'revenue', code: 'ENTERPRISE.INVALID_AMOUNT' }),
          expect.objectContaining({ row: 5, column: 'employees', code: 'ENTERPRISE.INVALID_EMPLOYEES' }),
          expect.objectContaining({ row: 7, column: 'establishedOn', code: 'ENTERPRISE.INVALID_DATE' }),
          expect.objectContaining({ row: 7, column: 'districtCode', code: 'ENTERPRISE.INVALID_DISTRICT' }),
          expect.objectContaining({ row: 8, column: 'creditCode', code: 'IMPORT.DUPLICATE_IN_FILE' }),
        ]),
      );
      const stored: Array<{ credit_code: string }> = await t.dataSource.query(`SELECT credit_code FROM enterprise.enterprises ORDER BY credit_code`);
      expect(stored.map((r) => r.credit_code).sort()).toEqual(good.map((g) => g.creditCode as string).sort());
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM enterprise.profile_versions`);
      expect(n).toBe(3);
      // a bulk load leaves the planner's statistics current (ANALYZE), whether or not autovacuum runs
      const analyzed: Array<{ relname: string; tuples: number }> = await t.dataSource.query(
        `SELECT c.relname, c.reltuples::int AS tuples FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'enterprise' AND c.relname IN ('enterprises', 'profile_versions') ORDER BY c.relname`,
      );
      expect(analyzed).toEqual([{ relname: 'enterprises', tuples: 3 }, { relname: 'profile_versions', tuples: 3 }]);
    });

    it('re-importing the same file changes nothing', async () => {
      const before = await t.dataSource.query(`SELECT id, version, updated_at FROM enterprise.enterprises ORDER BY id`);
      const res = await upload('firms.csv', toCsv(rows)).expect(200);
      expect(res.body).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
      expect(await t.dataSource.query(`SELECT id, version, updated_at FROM enterprise.enterprises ORDER BY id`)).toEqual(before);
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM enterprise.profile_versions`);
      expect(n).toBe(3);
    });

    it('updates a changed row as a new version with an event naming the changed facts', async () => {
      const changed = { ...good[0], revenue: '45000000' };
      const res = await upload('update.ndjson', JSON.stringify(changed) + '\n').expect(200);
      expect(res.body).toMatchObject({ format: 'ndjson', created: 0, updated: 1 });
      const [row] = await t.dataSource.query(`SELECT id, version, revenue FROM enterprise.enterprises WHERE credit_code = $1`, [good[0].creditCode]);
      expect(row.version).toBe(2);
      expect(row.revenue).toBe(4_500_000_000);
      // an import announces its changed firms together: one enterprise.batch_changed event per batch
      const events: Array<{ payload: { changes: Array<{ enterpriseId: string; version: number; changedFacts: string[] }> } }> = await t.dataSource.query(
        `SELECT payload FROM core.outbox_events WHERE name = 'enterprise.batch_changed' AND payload->'changes' @> jsonb_build_array(jsonb_build_object('enterpriseId', $1::text))`,
        [row.id],
      );
      expect(events).toHaveLength(1);
      expect(events[0].payload.changes).toEqual([{ enterpriseId: row.id, version: 2, changedFacts: ['revenue', 'rdIntensity'] }]);
    });

    it('reads XLSX with Chinese headers', async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('企业');
      ws.addRow(['统一社会信用代码', '企业名称', '所在区域', '企业规模', '营业收入', '企业标签']);
      const r = makeEnterpriseRow();
      ws.addRow([r.creditCode, '郑州表格导入有限公司', '410172', '小', '1000000.50', 'specialized']);
      ws.addRow(['bad', '', '410172', '巨型', 'abc', '']);
      const res = await upload('firms.xlsx', Buffer.from(await wb.xlsx.writeBuffer())).expect(200);
      expect(res.body).toMatchObject({ format: 'xlsx', rows: 2, created: 1, invalid: 1 });
      const [row] = await t.dataSource.query(`SELECT revenue, scale, tags FROM enterprise.enterprises WHERE credit_code = $1`, [r.creditCode]);
      expect(row).toEqual({ revenue: 100_000_050, scale: 'small', tags: ['specialized'] });
    });

    it('refuses an unsupported file type and a missing file with coded errors, writing nothing', async () => {
      const [{ n: before }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM enterprise.enterprises`);
      expect((await upload('firms.txt', 'x').expect(400)).body.code).toBe('IMPORT.UNSUPPORTED_FORMAT');
      expect((await t.http.post('/api/v1/enterprises/import').set('authorization', admin).expect(400)).body.code).toBe('IMPORT.FILE_REQUIRED');
      const garbage = await upload('junk.ndjson', '{"creditCode": \n[1,2]\n').expect(200);
      expect(garbage.body).toMatchObject({ valid: 0, invalid: 2 });
      const [{ n: after }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM enterprise.enterprises`);
      expect(after).toBe(before);
    });

    it('never shows the bank account in clear, and stores it encrypted', async () => {
      const list = await t.http.get('/api/v1/enterprises?pageSize=50').set('authorization', admin).expect(200);
      const text = JSON.stringify(list.body);
      expect(text).not.toContain('6222021234567890123');
      expect(list.body.items[0].bankAccountMasked).toBe('622202*********0123');
      const raw = await t.dataSource.query(`SELECT bank_account_enc FROM enterprise.enterprises`);
      expect(JSON.stringify(raw)).not.toContain('6222021234567890123');
    });
  });

  describe('RBAC and department scoping', () => {
    let firmA: string;
    let firmB: string;
    let enterpriseUser: string;
    let kjEditor: string;
    let gxEditor: string;

    beforeAll(async () => {
      const rows: Array<{ id: string }> = await t.dataSource.query(`SELECT id FROM enterprise.enterprises ORDER BY seq LIMIT 2`);
      [firmA, firmB] = rows.map((r) => r.id);
      enterpriseUser = await t.createUser({ username: 'firm_a', displayName: '企业A', role: 'enterprise', enterpriseId: firmA });
      kjEditor = await t.createUser({ username: 'kjj_ed', displayName: '科技局编辑', role: 'dept_editor', departmentCode: 'kjj' });
      gxEditor = await t.createUser({ username: 'gxj_ed', displayName: '工信局编辑', role: 'dept_editor', departmentCode: 'gxj' });
      await t.app.get(TagsService).ensure([
        { code: 'specialized', name: '专精特新中小企业', category: '资质认定', ownerDepartment: 'gxj' },
        { code: 'hitech', name: '高新技术企业', category: '资质认定', ownerDepartment: 'kjj' },
        { code: 'gazelle', name: '瞪羚企业', category: '发展阶段', ownerDepartment: 'kjj' },
      ]);
    });

    it('an enterprise user sees only itself', async () => {
      const me = await t.http.get('/api/v1/enterprises/me').set('authorization', enterpriseUser).expect(200);
      expect(me.body.id).toBe(firmA);
      await t.http.get(`/api/v1/enterprises/${firmA}`).set('authorization', enterpriseUser).expect(200);
      const other = await t.http.get(`/api/v1/enterprises/${firmB}`).set('authorization', enterpriseUser).expect(404);
      expect(other.body.code).toBe('ENTERPRISE.NOT_FOUND');
      expect((await t.http.get('/api/v1/enterprises').set('authorization', enterpriseUser).expect(403)).body.code).toBe('AUTH.FORBIDDEN');
      const patch = await t.http
        .patch(`/api/v1/enterprises/${firmB}`)
        .set('authorization', enterpriseUser)
        .send({ changes: { contactName: '冒名' }, reason: '试图修改他人' })
        .expect(404);
      expect(patch.body.code).toBe('ENTERPRISE.NOT_FOUND');
    });

    it('an editor of 科技局 cannot read or change a 工信局 record (404), and the denial is audited', async () => {
      const read = await t.http.get('/api/v1/tags/specialized/enterprises').set('authorization', kjEditor).expect(404);
      expect(read.body.code).toBe('TAG.NOT_FOUND');
      const write = await t.http.patch('/api/v1/tags/specialized').set('authorization', kjEditor).send({ name: '被篡改' }).expect(404);
      expect(write.body.code).toBe('TAG.NOT_FOUND');
      expect((await t.app.get(TagsService).get('specialized')).name).toBe('专精特新中小企业');
      await t.http.get('/api/v1/tags/specialized/enterprises').set('authorization', gxEditor).expect(200);
      const own = await t.http.patch('/api/v1/tags/hitech').set('authorization', kjEditor).send({ description: '科技局认定' }).expect(200);
      expect(own.body).toMatchObject({ code: 'hitech', description: '科技局认定', ownerDepartment: 'kjj' });
      const denied = await waitFor(
        () => t.dataSource.query(`SELECT actor_name, details FROM audit.audit_log WHERE action = 'auth.scope_denied' AND actor_name = 'kjj_ed'`),
        (r: { details: { path: string } }[]) => r.length >= 2,
      );
      expect(denied.map((d: { details: { path: string } }) => d.details.path).sort()).toEqual(['/api/v1/tags/specialized', '/api/v1/tags/specialized/enterprises']);
    });
  });

  describe('profile history', () => {
    it('keeps every version and reads the profile as of a moment', async () => {
      const [{ id }] = await t.dataSource.query(`SELECT id FROM enterprise.enterprises ORDER BY seq DESC LIMIT 1`);
      const v1 = await t.http.get(`/api/v1/enterprises/${id}`).set('authorization', admin).expect(200);
      // the database's own clock: the next version is stamped strictly after this moment
      const [{ now: dbNow }] = (await t.dataSource.query(`SELECT clock_timestamp() AS now`)) as { now: Date | string }[];
      const between = new Date(dbNow);
      const upd = await t.http
        .patch(`/api/v1/enterprises/${id}`)
        .set('authorization', admin)
        .send({ changes: { employees: 120, tags: ['hitech', 'gazelle'] }, reason: '人社局社保数据更新' })
        .expect(200);
      expect(upd.body.employees).toBe(120);
      expect(upd.body.version).toBe(v1.body.version + 1);

      const history = await t.http.get(`/api/v1/enterprises/${id}/history`).set('authorization', admin).expect(200);
      expect(history.body[0]).toMatchObject({ version: v1.body.version + 1, changedFacts: ['employees', 'tags'], reason: '人社局社保数据更新' });

      const asOf = await t.http.get(`/api/v1/enterprises/${id}/as-of?at=${between.toISOString()}`).set('authorization', admin).expect(200);
      expect(asOf.body.facts.employees).toBe(v1.body.employees);
      const now = await t.http.get(`/api/v1/enterprises/${id}/as-of?at=${new Date().toISOString()}`).set('authorization', admin).expect(200);
      expect(now.body.facts.employees).toBe(120);
    });

    it('an invalid change is refused with field errors and changes nothing', async () => {
      const [{ id, version }] = await t.dataSource.query(`SELECT id, version FROM enterprise.enterprises ORDER BY seq LIMIT 1`);
      const res = await t.http
        .patch(`/api/v1/enterprises/${id}`)
        .set('authorization', admin)
        .send({ changes: { scale: 'gigantic', establishedOn: '2099-01-01' }, reason: '错误数据' })
        .expect(400);
      expect(res.body.code).toBe('ENTERPRISE.INVALID');
      expect(res.body.details.errors.map((e: { column: string }) => e.column).sort()).toEqual(['establishedOn', 'scale']);
      const [after] = await t.dataSource.query(`SELECT version FROM enterprise.enterprises WHERE id = $1`, [id]);
      expect(after.version).toBe(version);
    });
  });

  it('serves the fact registry without login', async () => {
    const res = await t.http.get('/api/v1/facts').expect(200);
    const revenue = res.body.find((f: { key: string }) => f.key === 'revenue');
    expect(revenue).toEqual({ key: 'revenue', label: '营业收入', type: 'money', unit: '元', owner: { department: null, source: '税务部门共享数据' } });
    const employees = res.body.find((f: { key: string }) => f.key === 'employees');
    expect(employees.owner).toEqual({ department: 'rsj', source: '人社部门社保参保数据' });
  });

  describe('tags derived by a rule (来源：规则)', () => {
    it('sets the tag exactly where the rule holds, versions each changed firm, and follows a new rule', async () => {
      await t.app.get(TagsService).ensure([{ code: 'big_revenue', name: '营收两千万以上企业', category: '规模', ownerDepartment: 'kjj' }]);
      const kj = await t.createUser({ username: 'kjj_deriver', displayName: '科技局编辑', role: 'dept_editor', departmentCode: 'kjj' });
      const gx = await t.createUser({ username: 'gxj_deriver', displayName: '工信局编辑', role: 'dept_editor', departmentCode: 'gxj' });
      const rule = (wan: number) => ({ all: [{ fact: 'revenue', operator: 'greaterThanInclusive', value: wan * 1_000_000 }] });
      const [{ n: expected }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM enterprise.enterprises WHERE revenue >= $1`, [2000 * 1_000_000]);
      expect(expected).toBeGreaterThan(0);

      await t.http.post('/api/v1/tags/big_revenue/derive').set('authorization', gx).send({ rule: rule(2000) }).expect(404);
      const bad = await t.http.post('/api/v1/tags/big_revenue/derive').set('authorization', kj).send({ rule: { all: [{ fact: 'revenu', operator: 'equal', value: 1 }] } }).expect(400);
      expect(bad.body.code).toBe('TAG.INVALID_RULE');
      const [{ n: none }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM enterprise.enterprises WHERE tags @> ARRAY['big_revenue']`);
      expect(none).toBe(0);

      const first = await t.http.post('/api/v1/tags/big_revenue/derive').set('authorization', kj).send({ rule: rule(2000) }).expect(200);
      expect(first.body).toEqual({ code: 'big_revenue', added: expected, removed: 0 });
      const tagged = await t.dataSource.query(`SELECT count(*)::int AS n FROM enterprise.enterprises WHERE tags @> ARRAY['big_revenue'] AND revenue >= $1`, [2000 * 1_000_000]);
      expect(tagged[0].n).toBe(expected);
      const again = await t.http.post('/api/v1/tags/big_revenue/derive').set('authorization', kj).send({ rule: rule(2000) }).expect(200);
      expect(again.body).toEqual({ code: 'big_revenue', added: 0, removed: 0 });

      const [{ n: stillBig }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM enterprise.enterprises WHERE revenue >= $1`, [4000 * 1_000_000]);
      const narrower = await t.http.post('/api/v1/tags/big_revenue/derive').set('authorization', kj).send({ rule: rule(4000) }).expect(200);
      expect(narrower.body).toEqual({ code: 'big_revenue', added: 0, removed: expected - stillBig });
      const events: Array<{ payload: { changes: Array<{ changedFacts: string[] }> } }> = await t.dataSource.query(
        `SELECT payload FROM core.outbox_events WHERE name = 'enterprise.batch_changed' ORDER BY seq DESC LIMIT 2`,
      );
      expect(events).toHaveLength(2); // one per derivation that changed firms
      expect(events.flatMap((e) => e.payload.changes).length).toBe(expected + (expected - stillBig));
      expect(events.every((e) => e.payload.changes.every((c) => c.changedFacts.join() === 'tags'))).toBe(true);
      const tag = await t.http.get('/api/v1/tags/big_revenue').set('authorization', kj).expect(200);
      expect(tag.body).toMatchObject({ source: 'derived', rule: rule(4000) });
    });
  });
});
