import { ENTERPRISE_MIGRATIONS, EnterprisesModule, EnterprisesService, parseEnterpriseRecord } from '@app/enterprises';
import { POLICY_MIGRATIONS } from '@app/policies';
import { PAID_BENEFITS_SOURCE, PaidBenefit } from '@app/contracts';
import { SANDBOX_MIGRATIONS, SandboxModule } from '@app/sandbox';
import { makeEnterpriseRow } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

const WAN = 1_000_000;

/**
 * A constructed example: two paid firms grow revenue by 1,000万 and 600万, two near-miss firms by
 * 200万 and 0 → DiD = 800万 − 100万 = 700万.
 */
describe('政策效果分析 (difference in differences) over profile history', () => {
  let t: TestApp;
  const paid: PaidBenefit[] = [];

  beforeAll(async () => {
    t = await createTestApp({
      imports: [EnterprisesModule, SandboxModule.forRoot({ buildOnStart: false, refreshIntervalMs: 0 })],
      migrations: [...ENTERPRISE_MIGRATIONS, ...POLICY_MIGRATIONS, ...SANDBOX_MIGRATIONS],
      providers: [{ provide: PAID_BENEFITS_SOURCE, useValue: { paidForItem: async () => paid } }],
    });
  });
  afterAll(async () => t?.close());

  it('compares paid firms with near misses before and after, and states the method', async () => {
    const editor = await t.createUser({ username: 'kjj_editor', displayName: 'e', role: 'dept_editor', departmentCode: 'kjj' });
    const reviewer = await t.createUser({ username: 'kjj_reviewer', displayName: 'r', role: 'dept_reviewer', departmentCode: 'kjj' });
    const leader = await t.createUser({ username: 'leader', displayName: 'l', role: 'leader' });
    const gxj = await t.createUser({ username: 'gxj_editor', displayName: 'g', role: 'dept_editor', departmentCode: 'gxj' });
    const admin = await t.createUser({ username: 'admin', displayName: 'a', role: 'admin' });
    const service = t.app.get(EnterprisesService);
    const revenues = [3000, 4000, 1800, 1900]; // 万元
    const rows = revenues.map((r) => makeEnterpriseRow({ revenue: String(r * 10_000) }));
    await service.upsertBatch(rows.map((r) => (parseEnterpriseRecord(r) as { ok: true; value: never }).value), null, 'test', { emitEvents: false });
    const ids: string[] = [];
    for (const r of rows) ids.push((await t.dataSource.query(`SELECT id FROM enterprise.enterprises WHERE credit_code = $1`, [r.creditCode]))[0].id);

    const created = await t.http
      .post('/api/v1/policies')
      .set('authorization', editor)
      .send({
        code: 'EF-1', title: '效果分析测试政策（测试）', level: 'municipal', category: 'subsidy', effectiveFrom: '2026-01-01',
        items: [{
          code: 'EF-1-A', name: '营收奖励', mode: 'no_application', fundPoolFen: 100 * WAN, materials: [], effectiveFrom: '2026-01-01',
          rule: { all: [{ fact: 'revenue', operator: 'greaterThanInclusive', value: 2000 * WAN }] }, formula: { kind: 'fixed', amount: 10 * WAN },
        }],
      })
      .expect(201);
    const itemId = created.body.items[0].id;
    await t.http.post(`/api/v1/items/${itemId}/submit`).set('authorization', editor).expect(200);
    const version = (await t.http.post(`/api/v1/items/${itemId}/review`).set('authorization', reviewer).send({ decision: 'approve' }).expect(200)).body;
    await new Promise((r) => setTimeout(r, 20));

    // after publication: paid firms grow by 1000万 and 600万; near misses by 200万 and 0
    const growth = [1000, 600, 200, 0];
    for (const [i, id] of ids.entries()) {
      if (growth[i] === 0) continue;
      await t.http.patch(`/api/v1/enterprises/${id}`).set('authorization', admin).send({ changes: { revenue: (revenues[i] + growth[i]) * 10_000 }, reason: '年报更新' }).expect(200);
    }
    paid.push({ enterpriseId: ids[0], amountFen: 10 * WAN, paidAt: new Date().toISOString() }, { enterpriseId: ids[1], amountFen: 10 * WAN, paidAt: new Date().toISOString() });
    for (const id of ids.slice(2)) {
      await t.dataSource.query(
        `INSERT INTO policy.matches (enterprise_id, item_version_id, item_id, outcome, facts, estimate_fen, facts_digest, profile_version)
         VALUES ($1, $2, $3, 'near_miss', '{}'::jsonb, 0, 'x', 1)`,
        [id, version.id, itemId],
      );
    }

    const res = await t.http.get(`/api/v1/sandbox/effects/${itemId}`).set('authorization', leader).expect(200);
    expect(res.body.paid).toEqual({ firms: 2, totalFen: 20 * WAN });
    expect(res.body.comparisonFirms).toBe(2);
    const revenue = res.body.indicators.find((i: { key: string }) => i.key === 'revenue');
    expect(revenue.treated).toMatchObject({ firms: 2, meanChange: 800 * WAN });
    expect(revenue.control).toMatchObject({ firms: 2, meanChange: 100 * WAN });
    expect(revenue.effect).toBe(700 * WAN);
    expect(res.body.method).toContain('双重差分');
    await t.http.get(`/api/v1/sandbox/effects/${itemId}`).set('authorization', gxj).expect(404);
  });
});
