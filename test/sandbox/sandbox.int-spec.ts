import fc from 'fast-check';
import { ENTERPRISE_FACTS, EventNames } from '@app/contracts';
import { EventBus, OutboxRelay, QUEUE_PORT, QueueNames, QueuePort } from '@app/core';
import { ENTERPRISE_MIGRATIONS, EnterprisesModule, EnterprisesService, makeCreditCode } from '@app/enterprises';
import { compileToSql, FactRegistry, ReferenceEvaluator, forEachRow } from '@app/rules';
import { contextArb, profileArb, ruleArb } from '@app/rules/testing';
import { eligibleRows, SANDBOX_MIGRATIONS, SandboxModule, SnapshotService } from '@app/sandbox';
import { POLICY_MIGRATIONS } from '@app/policies';
import { createTestApp, TestApp } from '../support/test-app';

const registry = new FactRegistry(ENTERPRISE_FACTS);
const WAN = 1_000_000;
const FIRMS = 300;
const RULES = 150;

/** Random profiles made storable: the table requires a name and a credit status, and tags default to {}. */
function storable(p: Record<string, unknown>, i: number): Record<string, unknown> {
  return {
    ...p,
    name: typeof p.name === 'string' ? p.name : `随机企业${i}`,
    creditStatus: typeof p.creditStatus === 'string' ? p.creditStatus : 'good',
    tags: Array.isArray(p.tags) ? p.tags : [],
  };
}

describe('数据沙盘 over HTTP on the real database', () => {
  let t: TestApp;
  let admin: string;
  let leader: string;
  let kjjEditor: string;
  let kjjReviewer: string;
  let gxjEditor: string;
  let snapshots: SnapshotService;
  let firmId: string;
  const profiles = fc.sample(profileArb(registry), { numRuns: FIRMS, seed: 20261127 }).map(storable);
  const ids: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({
      imports: [EnterprisesModule, SandboxModule.forRoot({ buildOnStart: false, refreshIntervalMs: 0, pageSize: 64 })],
      migrations: [...ENTERPRISE_MIGRATIONS, ...POLICY_MIGRATIONS, ...SANDBOX_MIGRATIONS],
    });
    admin = await t.createUser({ username: 'admin1', displayName: '管理员', role: 'admin' });
    leader = await t.createUser({ username: 'leader1', displayName: '市领导', role: 'leader' });
    kjjEditor = await t.createUser({ username: 'kjj_editor', displayName: '科技局编辑', role: 'dept_editor', departmentCode: 'kjj' });
    kjjReviewer = await t.createUser({ username: 'kjj_reviewer', displayName: '科技局审核', role: 'dept_reviewer', departmentCode: 'kjj' });
    gxjEditor = await t.createUser({ username: 'gxj_editor', displayName: '工信局编辑', role: 'dept_editor', departmentCode: 'gxj' });
    // Random firms straight into the table (they need not pass import validation).
    const defs = registry.all();
    for (const [i, p] of profiles.entries()) {
      const id = `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`;
      ids.push(id);
      await t.dataSource.query(
        `INSERT INTO enterprise.enterprises (id, credit_code, content_digest, ${defs.map((d) => `"${d.column}"`).join(', ')})
         VALUES ($1, $2, 'test', ${defs.map((_, k) => `$${k + 3}`).join(', ')})`,
        [id, `T${String(i).padStart(17, '0')}`, ...defs.map((d) => p[d.key] ?? null)],
      );
    }
    // One valid firm through the service, to be edited over HTTP later.
    const service = t.app.get(EnterprisesService);
    const parsed = service.validate({
      creditCode: makeCreditCode('410105', 987_001),
      name: '郑州沙盘测试科技有限公司',
      districtCode: '410105',
      industryCode: 'I65',
      scale: 'small',
      establishedOn: '2018-05-20',
      revenue: '32000000',
      rdExpense: '2500000',
      tags: 'hitech',
      creditStatus: '守信',
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    await service.upsertBatch([parsed.value], null, 'sandbox test', { emitEvents: false, audit: false });
    [{ id: firmId }] = await t.dataSource.query(`SELECT id FROM enterprise.enterprises WHERE name = '郑州沙盘测试科技有限公司'`);
    snapshots = t.app.get(SnapshotService);
    await snapshots.build();
  }, 120_000);
  afterAll(async () => t?.close());

  it('sandbox counts ≡ SQL WHERE on PostgreSQL ≡ json-rules-engine, on random rules', async () => {
    const snapshot = snapshots.current();
    expect(snapshot.rowCount).toBe(FIRMS + 1);
    const testProfiles = [...profiles];
    const testIds = [...ids];
    const cases = fc.sample(fc.tuple(ruleArb(registry, 3), contextArb()), { numRuns: RULES, seed: 7 });
    let nonEmpty = 0;
    for (const [rule, ctx] of cases) {
      const bits = eligibleRows(snapshot, rule, ctx);
      const fromSnapshot: string[] = [];
      forEachRow(bits, (row) => {
        if (snapshot.idOf(row).startsWith('00000000-')) fromSnapshot.push(snapshot.idOf(row));
      });
      const { where, params } = compileToSql(rule, registry, ctx, { tableAlias: 'e' });
      const sqlRows: Array<{ id: string }> = await t.dataSource.query(
        `SELECT e.id FROM enterprise.enterprises e WHERE e.id::text LIKE '00000000-%' AND ${where} ORDER BY e.seq`,
        params,
      );
      const reference = new ReferenceEvaluator(rule, registry, ctx);
      const expected: string[] = [];
      for (const [i, p] of testProfiles.entries()) if (await reference.evaluate(p)) expected.push(testIds[i]);
      if (expected.length > 0) nonEmpty += 1;
      expect({ rule, ctx, ids: fromSnapshot }).toEqual({ rule, ctx, ids: expected });
      expect({ rule, ctx, ids: sqlRows.map((r) => r.id) }).toEqual({ rule, ctx, ids: expected });
    }
    expect(nonEmpty).toBeGreaterThan(RULES * 0.3);
  }, 120_000);

  const base = {
    rule: { all: [{ fact: 'revenue', operator: 'greaterThanInclusive', value: 10_000 * WAN }] },
    formula: { kind: 'rate', fact: 'rdExpense', rate: '0.1', max: 50 * WAN },
  };
  const whatIf = (token: string, body: object) => t.http.post('/api/v1/sandbox/what-if').set('authorization', token).send(body);

  it('only leaders, admins and department users may run scenarios', async () => {
    for (const token of [leader, admin, kjjEditor, kjjReviewer]) await whatIf(token, { base }).expect(200);
    const others = [
      await t.createUser({ username: 'firm_user', displayName: '企业', role: 'enterprise', enterpriseId: firmId }),
      await t.createUser({ username: 'fin_maker', displayName: '财政经办', role: 'finance_maker', departmentCode: 'czj' }),
      await t.createUser({ username: 'auditor1', displayName: '审计', role: 'auditor' }),
    ];
    for (const token of others) {
      const res = await whatIf(token, { base }).expect(403);
      expect(res.body.code).toBe('AUTH.FORBIDDEN');
    }
    await t.http.post('/api/v1/sandbox/what-if').send({ base }).expect(401);
  });

  it('answers with counts, cost, distributions and the diff, agreeing with SQL', async () => {
    const lowered = { base, overrides: { rule: [{ op: 'replace', path: '/all/0/value', value: 5_000 * WAN }] }, options: { asOf: '2026-11-27' } };
    const res = await whatIf(leader, lowered).expect(200);
    const [sql] = await t.dataSource.query(
      `SELECT count(*) FILTER (WHERE revenue >= $1)::int AS scenario, count(*) FILTER (WHERE revenue >= $2)::int AS baseline,
              count(*) FILTER (WHERE revenue >= $1 AND revenue < $2)::int AS gained,
              coalesce(sum(LEAST(round(rd_expense * 0.1), 50000000)) FILTER (WHERE revenue >= $1 AND rd_expense IS NOT NULL), 0)::bigint AS cost
       FROM enterprise.enterprises`,
      [5_000 * WAN, 10_000 * WAN],
    );
    expect(res.body.scenario.eligible).toBe(sql.scenario);
    expect(res.body.baseline.eligible).toBe(sql.baseline);
    expect(res.body.diff.gained.count).toBe(sql.gained);
    expect(res.body.diff.lost.count).toBe(0);
    expect(res.body.scenario.totalFen).toBe(Number(sql.cost));
    expect(res.body.diff.gained.sample.length).toBe(Math.min(20, sql.gained));
    const districtTotal = (res.body.scenario.distribution.district as Array<{ count: number }>).reduce((a, g) => a + g.count, 0);
    expect(districtTotal).toBe(sql.scenario);
  });

  it('refuses an invalid override with a coded error and the pointer', async () => {
    const res = await whatIf(leader, { base, overrides: { rule: [{ op: 'replace', path: '/all/0/value', value: '五千万' }] } }).expect(400);
    expect(res.body.code).toBe('SANDBOX.INVALID_RULE');
    expect(res.body.details).toMatchObject({ at: '/overrides/rule', errors: [{ pointer: '/all/0/value', code: 'RULE.INVALID_VALUE' }] });
    const bad = await whatIf(leader, { base, overrides: { rule: [{ op: 'remove', path: '/any/0' }] } }).expect(400);
    expect(bad.body.code).toBe('SANDBOX.INVALID_OVERRIDE');
  });

  it('picks up a profile change after a refresh, and on the profile event', async () => {
    const rule = { all: [{ fact: 'revenue', operator: 'greaterThanInclusive', value: 30_000 * WAN }] }; // ≥ 3亿: none of the random firms
    const body = { base: { rule, formula: base.formula } };
    const before = (await whatIf(leader, body).expect(200)).body.scenario.eligible as number;
    await t.http
      .patch(`/api/v1/enterprises/${firmId}`)
      .set('authorization', admin)
      .send({ changes: { revenue: 350000000 }, reason: '年报更正' })
      .expect(200);
    expect((await whatIf(leader, body).expect(200)).body.scenario.eligible).toBe(before); // not yet refreshed
    await t.http.post('/api/v1/sandbox/snapshot/refresh').set('authorization', leader).expect(200);
    expect((await whatIf(leader, body).expect(200)).body.scenario.eligible).toBe(before + 1);

    // The event path: the relayed enterprise.profile.changed schedules a refresh of this process's snapshot.
    const refreshes = snapshots.status().refreshes;
    await t.http
      .patch(`/api/v1/enterprises/${firmId}`)
      .set('authorization', admin)
      .send({ changes: { revenue: 1000000 }, reason: '再次更正' })
      .expect(200);
    t.app.get(EventBus).consume();
    await t.app.get(OutboxRelay).drain();
    await t.app.get<QueuePort>(QUEUE_PORT).whenIdle(QueueNames.DomainEvents, 10_000);
    const deadline = Date.now() + 10_000;
    while (snapshots.status().refreshes === refreshes && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await snapshots.refresh(); // settle whatever the event started
    expect((await whatIf(leader, body).expect(200)).body.scenario.eligible).toBe(before);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM core.processed_events WHERE handler = 'sandbox.snapshot-refresh'`);
    expect(n).toBeGreaterThanOrEqual(1);
    expect(EventNames.EnterpriseProfileChanged).toBe('enterprise.profile.changed');
  }, 60_000);

  it('sweeps a ≥ threshold into a non-increasing curve', async () => {
    const res = await t.http
      .post('/api/v1/sandbox/sweep')
      .set('authorization', kjjEditor)
      .send({ base, sweep: { pointer: '/all/0/value', from: 0, to: 20_000 * WAN, points: 20 } })
      .expect(200);
    const points = res.body.points as Array<{ value: number; eligible: number; totalFen: number }>;
    expect(points).toHaveLength(20);
    for (let i = 1; i < points.length; i += 1) {
      expect(points[i].value).toBeGreaterThan(points[i - 1].value);
      expect(points[i].eligible).toBeLessThanOrEqual(points[i - 1].eligible);
      expect(points[i].totalFen).toBeLessThanOrEqual(points[i - 1].totalFen);
    }
    expect(points[0].eligible).toBeGreaterThan(points[19].eligible);
  });

  it('analyses tag combinations and duplicate-benefit overlap', async () => {
    const tags = await t.http.post('/api/v1/sandbox/tags').set('authorization', leader).send({}).expect(200);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM enterprise.enterprises WHERE tags @> ARRAY['HNTE','SRDI']`);
    expect(tags.body.pairs.find((p: { tags: string[] }) => p.tags.join() === 'HNTE,SRDI')?.count ?? 0).toBe(n);
    const overlap = await t.http
      .post('/api/v1/sandbox/overlap')
      .set('authorization', leader)
      .send({
        items: [
          { key: 'hnte', name: '高企奖励', rule: { fact: 'tags', operator: 'hasTag', value: 'HNTE' } },
          { key: 'srdi', name: '专精特新奖励', rule: { fact: 'tags', operator: 'hasTag', value: 'SRDI' } },
        ],
      })
      .expect(200);
    expect(overlap.body.matrix[0][1]).toBe(n);
    expect(overlap.body.multiEligible).toBe(n);
  });

  describe('saved scenarios', () => {
    const definition = { base, overrides: { rule: [{ op: 'replace', path: '/all/0/value', value: 5_000 * WAN }], budgetCapFen: 100 * WAN } };
    const save = (token: string, name: string, shared = false) =>
      t.http.post('/api/v1/sandbox/scenarios').set('authorization', token).send({ name, definition, shared });
    const get = (token: string, id: string) => t.http.get(`/api/v1/sandbox/scenarios/${id}`).set('authorization', token);
    const listIds = async (token: string) =>
      ((await t.http.get('/api/v1/sandbox/scenarios').set('authorization', token).expect(200)).body.items as Array<{ id: string }>).map((s) => s.id);

    it('keeps a private scenario to its owner (others get 404) until it is shared', async () => {
      const { body: mine } = await save(leader, '营收门槛降至5000万').expect(201);
      await get(leader, mine.id).expect(200);
      expect((await get(kjjEditor, mine.id).expect(404)).body.code).toBe('SANDBOX_SCENARIO.NOT_FOUND');
      expect(await listIds(kjjEditor)).not.toContain(mine.id);
      await t.http.patch(`/api/v1/sandbox/scenarios/${mine.id}`).set('authorization', kjjEditor).send({ shared: true }).expect(404);
      await t.http.patch(`/api/v1/sandbox/scenarios/${mine.id}`).set('authorization', leader).send({ shared: true }).expect(200);
      await get(kjjEditor, mine.id).expect(200);
      expect(await listIds(gxjEditor)).toContain(mine.id);
      // Seeing a shared scenario is not owning it.
      expect((await t.http.delete(`/api/v1/sandbox/scenarios/${mine.id}`).set('authorization', gxjEditor).expect(403)).body.code).toBe('SANDBOX_SCENARIO.FORBIDDEN');
      const audit = await t.dataSource.query(`SELECT action FROM audit.audit_log WHERE target_id = $1 ORDER BY seq`, [mine.id]);
      expect(audit.map((a: { action: string }) => a.action)).toEqual(['sandbox.scenario.create', 'sandbox.scenario.share']);
    });

    it('shows a department its own scenarios and no other department’s', async () => {
      const { body: dept } = await save(kjjEditor, '科技局研发补助测算').expect(201);
      await get(kjjReviewer, dept.id).expect(200);
      await get(gxjEditor, dept.id).expect(404);
      await get(leader, dept.id).expect(404);
      expect(await listIds(kjjReviewer)).toContain(dept.id);
      expect(await listIds(gxjEditor)).not.toContain(dept.id);
      await get(admin, dept.id).expect(200);
    });

    it('refuses to save an invalid definition', async () => {
      const res = await t.http
        .post('/api/v1/sandbox/scenarios')
        .set('authorization', leader)
        .send({ name: '坏的', definition: { base: { rule: { all: [] }, formula: base.formula } } })
        .expect(400);
      expect(res.body).toMatchObject({ code: 'SANDBOX.INVALID_RULE', details: { at: '/base/rule', errors: [{ pointer: '/all', code: 'RULE.EMPTY_GROUP' }] } });
    });

    it('runs and exports a saved scenario as CSV with the distributions and the gained firms', async () => {
      const { body: s } = await save(leader, '导出测试').expect(201);
      const run = await t.http.post(`/api/v1/sandbox/scenarios/${s.id}/run`).set('authorization', leader).expect(200);
      expect(run.body.answer.budget).toMatchObject({ capFen: 100 * WAN, priority: 'registration' });
      const csv = await t.http.get(`/api/v1/sandbox/scenarios/${s.id}/export.csv`).set('authorization', leader).expect(200);
      expect(csv.headers['content-type']).toMatch(/text\/csv/);
      const text = csv.text;
      expect(text.startsWith('\uFEFF情景,导出测试')).toBe(true);
      expect(text).toContain('符合条件企业数');
      expect(text).toContain(`新增企业（共 ${run.body.answer.diff.gained.count} 家`);
      const firstGained = run.body.answer.diff.gained.sample[0];
      if (firstGained) expect(text).toContain(firstGained.id);
      expect(text).toMatch(/\r\n区域,/);
    });
  });

  describe('scenarios based on a published policy item', () => {
    let itemId: string;
    let versionId: string;

    beforeAll(async () => {
      const created = await t.http
        .post('/api/v1/policies')
        .set('authorization', kjjEditor)
        .send({
          code: 'SB-1', title: '沙盘测试政策（测试）', level: 'municipal', category: 'subsidy', effectiveFrom: '2026-01-01',
          items: [{
            code: 'SB-1-A', name: '研发补助', mode: 'application', fundPoolFen: 100_000_000, materials: [], effectiveFrom: '2026-01-01',
            rule: { all: [{ fact: 'revenue', operator: 'greaterThanInclusive', value: 2000 * WAN }] },
            formula: { kind: 'fixed', amount: 10 * WAN },
          }],
        })
        .expect(201);
      itemId = created.body.items[0].id;
      await t.http.post(`/api/v1/items/${itemId}/submit`).set('authorization', kjjEditor).expect(200);
      versionId = (await t.http.post(`/api/v1/items/${itemId}/review`).set('authorization', kjjReviewer).send({ decision: 'approve' }).expect(200)).body.id;
    });

    it('runs a what-if from {itemVersionId} equal to the inline rule; another department gets 404', async () => {
      const viaItem = await t.http.post('/api/v1/sandbox/what-if').set('authorization', leader).send({ base: { itemVersionId: versionId } }).expect(200);
      const inline = await t.http
        .post('/api/v1/sandbox/what-if')
        .set('authorization', leader)
        .send({ base: { rule: { all: [{ fact: 'revenue', operator: 'greaterThanInclusive', value: 2000 * WAN }] }, formula: { kind: 'fixed', amount: 10 * WAN } } })
        .expect(200);
      expect(inline.body.scenario.eligible).toBeGreaterThan(0);
      expect(viaItem.body.scenario).toEqual(inline.body.scenario);
      expect(viaItem.body.scenario.totalFen).toBe(inline.body.scenario.eligible * 10 * WAN);
      const other = await t.http.post('/api/v1/sandbox/what-if').set('authorization', gxjEditor).send({ base: { itemVersionId: versionId } }).expect(404);
      expect(other.body.code).toBe('ITEM_VERSION.NOT_FOUND');
    });

    it('warns of firms eligible for several items of one exclusion group (不重复享受)', async () => {
      const second = await t.http
        .post('/api/v1/policies')
        .set('authorization', kjjEditor)
        .send({
          code: 'SB-2', title: '沙盘测试政策二（测试）', level: 'municipal', category: 'subsidy', effectiveFrom: '2026-01-01',
          items: [{
            code: 'SB-2-A', name: '研发补助（省级）', mode: 'application', fundPoolFen: 100_000_000, materials: [], effectiveFrom: '2026-01-01',
            exclusionGroup: 'rd-test',
            rule: { all: [{ fact: 'revenue', operator: 'greaterThanInclusive', value: 3000 * WAN }] },
            formula: { kind: 'fixed', amount: 20 * WAN },
          }],
        })
        .expect(201);
      const secondItem = second.body.items[0].id;
      await t.http.patch(`/api/v1/items/${itemId}`).set('authorization', kjjEditor).send({ changes: { exclusionGroup: 'rd-test' } }).expect(200);
      for (const id of [itemId, secondItem]) {
        await t.http.post(`/api/v1/items/${id}/submit`).set('authorization', kjjEditor).expect(200);
        await t.http.post(`/api/v1/items/${id}/review`).set('authorization', kjjReviewer).send({ decision: 'approve' }).expect(200);
      }
      const res = await t.http.get('/api/v1/sandbox/exclusion-groups').set('authorization', leader).expect(200);
      const group = res.body.find((g: { group: string }) => g.group === 'rd-test');
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM enterprise.enterprises WHERE revenue >= $1`, [3000 * WAN]);
      expect(n).toBeGreaterThan(0);
      expect(group.multiEligible).toBe(n); // revenue ≥ 3000万 implies ≥ 2000万: every such firm qualifies for both
      expect(group.matrix[0][1]).toBe(n);
      versionId = (await t.http.get(`/api/v1/items/${itemId}/versions`).set('authorization', kjjEditor).expect(200)).body[0].id;
    });

    it('a scenario becomes a draft version for the department to review — never published directly', async () => {
      const saved = await t.http
        .post('/api/v1/sandbox/scenarios')
        .set('authorization', leader)
        .send({
          name: '门槛下调到1000万',
          definition: { base: { itemVersionId: versionId }, overrides: { rule: [{ op: 'replace', path: '/all/0/value', value: 1000 * WAN }] } },
        })
        .expect(201);
      const draft = await t.http.post(`/api/v1/sandbox/scenarios/${saved.body.id}/propose`).set('authorization', leader).expect(201);
      expect(draft.body).toMatchObject({ version: 3, status: 'draft', rule: { all: [{ fact: 'revenue', operator: 'greaterThanInclusive', value: 1000 * WAN }] } });
      const versions = await t.http.get(`/api/v1/items/${itemId}/versions`).set('authorization', kjjEditor).expect(200);
      expect(versions.body.find((v: { version: number }) => v.version === 2).status).toBe('published');
      const again = await t.http.post(`/api/v1/sandbox/scenarios/${saved.body.id}/propose`).set('authorization', leader).expect(422);
      expect(again.body.code).toBe('SANDBOX.DRAFT_EXISTS');
    });
  });
});
