import { ENTERPRISE_FACTS } from '@app/contracts';
import { EventBus, formatMoney, Principal } from '@app/core';
import { DataSourceSyncService, ENTERPRISE_MIGRATIONS, EnterprisesService, parseEnterpriseRecord, SimulatedSources, TagsService } from '@app/enterprises';
import { MatchingService, POLICY_MIGRATIONS, PoliciesModule, todayInChina } from '@app/policies';
import { evaluateReference, FactRegistry } from '@app/rules';
import { makeEnterpriseRow } from '../support/factories';
import { settle } from '../support/settle';
import { createTestApp, TestApp } from '../support/test-app';

const registry = new FactRegistry(ENTERPRISE_FACTS);
const WAN = 1_000_000; // 1万元 in fen

/** 研发费用补助: 高新技术企业, revenue ≥ 2000万元, not 失信; 10% of R&D spend capped at 50万元. */
const rdItem = (overrides: Record<string, unknown> = {}) => ({
  code: 'KJ-RD',
  name: '研发费用补助',
  rule: {
    all: [
      { fact: 'tags', operator: 'hasTag', value: 'hitech' },
      { fact: 'revenue', operator: 'greaterThanInclusive', value: 2000 * WAN },
      { fact: 'creditStatus', operator: 'notEqual', value: 'dishonest' },
    ],
  },
  formula: { kind: 'rate', fact: 'rdExpense', rate: '0.1', max: 50 * WAN },
  mode: 'application',
  applyFrom: '2026-01-01',
  applyTo: '2026-12-31',
  materials: ['研发费用专项审计报告'],
  exclusionGroup: 'rd',
  clause: '第三条',
  fundPoolFen: 10_000 * WAN,
  contact: '市科技局 0371-00000000',
  effectiveFrom: '2026-01-01',
  effectiveTo: '2099-12-31',
  ...overrides,
});

const policyBody = (items = [rdItem()]) => ({
  code: 'KJ-2026-001',
  title: '郑州市支持企业研发投入若干措施（测试）',
  docNumber: '郑科〔2026〕1号',
  level: 'municipal',
  category: 'subsidy',
  tags: ['研发', '科技创新'],
  fullText: '对高新技术企业研发费用给予补助。',
  effectiveFrom: '2026-01-01',
  effectiveTo: '2099-12-31',
  items,
});

describe('policy center: lifecycle, scoping, matching and push', () => {
  let t: TestApp;
  let editor: string;
  let reviewer: string;
  let otherEditor: string;
  let admin: string;
  let firms: Array<{ id: string; row: Record<string, unknown> }>;

  beforeAll(async () => {
    t = await createTestApp({ imports: [PoliciesModule], migrations: [...ENTERPRISE_MIGRATIONS, ...POLICY_MIGRATIONS] });
    editor = await t.createUser({ username: 'kjj_editor', displayName: '科技局编辑', role: 'dept_editor', departmentCode: 'kjj' });
    reviewer = await t.createUser({ username: 'kjj_reviewer', displayName: '科技局审核', role: 'dept_reviewer', departmentCode: 'kjj' });
    otherEditor = await t.createUser({ username: 'gxj_editor', displayName: '工信局编辑', role: 'dept_editor', departmentCode: 'gxj' });
    admin = await t.createUser({ username: 'admin', displayName: '管理员', role: 'admin' });
    // 60 firms around the thresholds: eligible, near misses (revenue a little short), wrong tag, 失信, missing revenue
    const rows = Array.from({ length: 60 }, (_, i) =>
      makeEnterpriseRow({
        revenue: i % 6 === 5 ? '' : String((1500 + i * 20) * 10_000),
        tags: i % 4 === 0 ? 'tech_sme' : 'hitech',
        creditStatus: i % 10 === 7 ? '失信' : '守信',
        rdExpense: String((100 + i * 10) * 10_000),
      }),
    );
    const inputs = rows.map((r) => {
      const p = parseEnterpriseRecord(r);
      if (!p.ok) throw new Error(JSON.stringify(p.errors));
      return p.value;
    });
    await t.app.get(EnterprisesService).upsertBatch(inputs, null, 'test', { emitEvents: false });
    const stored: Array<{ id: string; credit_code: string }> = await t.dataSource.query(`SELECT id, credit_code FROM enterprise.enterprises`);
    const byCode = new Map(stored.map((s) => [s.credit_code, s.id]));
    firms = rows.map((row) => ({ id: byCode.get(row.creditCode as string)!, row }));
    t.app.get(EventBus).consume();
    t.app.get(MatchingService).startWorkers(2);
  });
  afterAll(async () => t?.close());

  let policyId: string;
  let itemId: string;

  it('an editor creates a policy; its item starts as draft version 1', async () => {
    const res = await t.http.post('/api/v1/policies').set('authorization', editor).send(policyBody()).expect(201);
    policyId = res.body.id;
    itemId = res.body.items[0].id;
    expect(res.body.ownerDepartment).toBe('kjj');
    expect(res.body.items[0].open).toMatchObject({ version: 1, status: 'draft', factsUsed: ['creditStatus', 'revenue', 'tags'] });
    expect(res.body.items[0].current).toBeNull();
  });

  it('refuses an invalid rule with JSON pointers and writes nothing', async () => {
    const bad = policyBody([rdItem({ code: 'KJ-BAD', rule: { all: [{ fact: 'revenu', operator: 'greaterThan', value: 1 }, { fact: 'scale', operator: 'equal', value: 'huge' }] } })]);
    const res = await t.http.post('/api/v1/policies').set('authorization', editor).send({ ...bad, code: 'KJ-BAD' }).expect(400);
    expect(res.body.code).toBe('POLICY.INVALID');
    const pointers = res.body.details.errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/items/0/rule/all/0/fact', '/items/0/rule/all/1/value']));
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM policy.policies WHERE code = 'KJ-BAD'`);
    expect(n).toBe(0);
  });

  it("another department's policy is 404 for read and write", async () => {
    expect((await t.http.get(`/api/v1/policies/${policyId}`).set('authorization', otherEditor).expect(404)).body.code).toBe('POLICY.NOT_FOUND');
    await t.http.patch(`/api/v1/items/${itemId}`).set('authorization', otherEditor).send({ changes: { name: '篡改' } }).expect(404);
    await t.http.post(`/api/v1/items/${itemId}/submit`).set('authorization', otherEditor).expect(404);
    const list = await t.http.get('/api/v1/policies').set('authorization', otherEditor).expect(200);
    expect(list.body.total).toBe(0);
  });

  it('maker-checker: editors cannot publish, reviewers cannot edit, and nobody reviews their own work', async () => {
    await t.http.post(`/api/v1/items/${itemId}/review`).set('authorization', editor).send({ decision: 'approve' }).expect(403);
    await t.http.patch(`/api/v1/items/${itemId}`).set('authorization', reviewer).send({ changes: { name: 'x' } }).expect(403);
    // nothing to review yet
    expect((await t.http.post(`/api/v1/items/${itemId}/review`).set('authorization', reviewer).send({ decision: 'approve' }).expect(409)).body.code).toBe('ITEM.INVALID_STATE');
    // an admin who submitted cannot also approve
    const p = await t.http.post('/api/v1/policies').set('authorization', admin).send({ ...policyBody([rdItem({ code: 'ADM-1' })]), code: 'ADM-P', ownerDepartment: 'kjj' }).expect(201);
    const admItem = p.body.items[0].id;
    await t.http.post(`/api/v1/items/${admItem}/submit`).set('authorization', admin).expect(200);
    expect((await t.http.post(`/api/v1/items/${admItem}/review`).set('authorization', admin).send({ decision: 'approve' }).expect(422)).body.code).toBe('ITEM.SAME_PERSON');
  });

  it('submit → review → published; the match rows equal the reference engine over every firm; each eligible firm gets one inbox entry', async () => {
    const sub = await t.http.post(`/api/v1/items/${itemId}/submit`).set('authorization', editor).expect(200);
    expect(sub.body.status).toBe('in_review');
    // editing while in review is refused
    expect((await t.http.patch(`/api/v1/items/${itemId}`).set('authorization', editor).send({ changes: { name: '改名' } }).expect(409)).body.code).toBe('ITEM.INVALID_STATE');
    const pubRes = await t.http.post(`/api/v1/items/${itemId}/review`).set('authorization', reviewer).send({ decision: 'approve', comment: '同意' });
    expect(pubRes.body).toMatchObject({ status: 'published' });
    const pub = pubRes;
    expect(pub.body).toMatchObject({ status: 'published', version: 1 });
    await settle(t.app);

    const rule = pub.body.rule;
    const expected: string[] = [];
    for (const f of firms) {
      const facts = (await t.app.get(EnterprisesService).facts(f.id))!;
      if (await evaluateReference(rule, registry, facts as unknown as Record<string, unknown>, { asOf: todayInChina() })) expected.push(f.id);
    }
    expect(expected.length).toBeGreaterThan(5);
    expect(expected.length).toBeLessThan(firms.length);
    const eligible: Array<{ enterprise_id: string }> = await t.dataSource.query(
      `SELECT enterprise_id FROM policy.matches WHERE item_version_id = $1 AND outcome = 'eligible' AND retired_at IS NULL`,
      [pub.body.id],
    );
    expect(eligible.map((r) => r.enterprise_id).sort()).toEqual(expected.sort());
    const pushed: Array<{ enterprise_id: string }> = await t.dataSource.query(`SELECT enterprise_id FROM policy.matches WHERE item_version_id = $1 AND pushed_at IS NOT NULL`, [pub.body.id]);
    expect(pushed.map((r) => r.enterprise_id).sort()).toEqual(expected.sort());
    const deliveries = await t.dataSource.query(
      `SELECT channel, count(*)::int AS n FROM policy.push_deliveries d
       WHERE $1 = ANY(d.item_version_ids) GROUP BY channel ORDER BY channel`,
      [pub.body.id],
    );
    expect(deliveries).toEqual([{ channel: 'app_message', n: expected.length }, { channel: 'sms', n: expected.length }]);
    const nearMisses = await t.dataSource.query(`SELECT near_miss FROM policy.matches WHERE item_version_id = $1 AND outcome = 'near_miss'`, [pub.body.id]);
    expect(nearMisses.length).toBeGreaterThan(0);
    expect(nearMisses[0].near_miss.gapText).toMatch(/^营业收入差 /);
  });

  it('rerunning the matching never pushes twice', async () => {
    const [{ id: versionId }] = await t.dataSource.query(`SELECT id FROM policy.item_versions WHERE item_id = $1 AND status = 'published'`, [itemId]);
    const counts = async () => (await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM policy.matches WHERE pushed_at IS NOT NULL) AS pushed, (SELECT count(*)::int FROM policy.push_deliveries) AS deliveries`,
    ))[0];
    const before = await counts();
    expect(before.pushed).toBeGreaterThan(0);
    await t.app.get(MatchingService).enqueueVersion(versionId);
    await t.app.get(MatchingService).enqueueVersion(versionId);
    // as if the publication's jobs ran again (a lost acknowledgement): the plain insert fails and falls back to the upsert
    await t.app.get(MatchingService).enqueueVersions([versionId], undefined, { newlyPublished: true });
    await settle(t.app);
    expect(await counts()).toEqual(before);
  });

  it('an enterprise sees its eligible items with reasons and estimate; a near miss shows what is lacking', async () => {
    const [{ enterprise_id: eligibleId }] = await t.dataSource.query(`SELECT enterprise_id FROM policy.matches WHERE outcome = 'eligible' LIMIT 1`);
    const [{ enterprise_id: nearId }] = await t.dataSource.query(`SELECT enterprise_id FROM policy.matches WHERE outcome = 'near_miss' LIMIT 1`);
    const firmUser = await t.createUser({ username: 'firm_ok', displayName: 'ok', role: 'enterprise', enterpriseId: eligibleId });
    const mine = await t.http.get('/api/v1/me/policies').set('authorization', firmUser).expect(200);
    expect(mine.body.eligible).toHaveLength(1);
    const e = mine.body.eligible[0];
    expect(e.itemName).toBe('研发费用补助');
    expect(e.modeLabel).toBe('申请制');
    expect(e.estimateFen).toBeGreaterThan(0);
    expect(e.estimateFen).toBeLessThanOrEqual(50 * WAN);
    expect(e.reasons).toBeUndefined(); // the list stays light; the conditions are in the detail
    const detail = await t.http.get(`/api/v1/me/policies/${e.itemId}`).set('authorization', firmUser).expect(200);
    expect(detail.body.reasons.map((r: { text: string }) => r.text).join('\n')).toMatch(/营业收入 .*要求不低于 2,000万元 — 满足/);
    // rendered from the profile version the row records (the row itself holds no facts)
    const [row] = await t.dataSource.query(`SELECT facts, profile_version FROM policy.matches WHERE enterprise_id = $1 AND item_id = $2`, [eligibleId, e.itemId]);
    expect(row).toEqual({ facts: null, profile_version: 1 });
    expect(detail.body).toMatchObject({ materials: ['研发费用专项审计报告'], clause: '第三条', docNumber: '郑科〔2026〕1号' });
    await t.http.get(`/api/v1/me/policies/${policyId}`).set('authorization', firmUser).expect(404);
    const inbox = await t.http.get('/api/v1/me/inbox').set('authorization', firmUser).expect(200);
    expect(inbox.body.total).toBe(1);
    await t.http.post(`/api/v1/me/inbox/${inbox.body.items[0].id}/read`).set('authorization', firmUser).expect(204);
    const stats = await t.http.get(`/api/v1/policies/${policyId}/stats`).set('authorization', editor).expect(200);
    expect(stats.body[0].read).toBe(1);

    const nearUser = await t.createUser({ username: 'firm_near', displayName: 'near', role: 'enterprise', enterpriseId: nearId });
    const near = await t.http.get('/api/v1/me/policies').set('authorization', nearUser).expect(200);
    expect(near.body.eligible).toHaveLength(0);
    expect(near.body.nearMisses[0].lacking).toMatch(/^营业收入差 \d/);
  });

  it('the explanation says where each value came from: a department data source (with its record id) or the file import', async () => {
    const [{ enterprise_id: firmId }] = await t.dataSource.query(`SELECT enterprise_id FROM policy.matches WHERE outcome = 'eligible' LIMIT 1`);
    const [{ credit_code: creditCode, revenue }] = await t.dataSource.query(`SELECT credit_code, revenue FROM enterprise.enterprises WHERE id = $1`, [firmId]);
    t.app.get(SimulatedSources).publish('tax', [{ id: 'SW-EXPL-1', creditCode, fields: { yysr: Number(revenue) / 100 + 1000 } }]);
    expect(await t.app.get(DataSourceSyncService).sync('tax')).toMatchObject({ changed: 1, rejected: 0 });
    await settle(t.app);
    const firmUser = await t.createUser({ username: 'firm_src', displayName: 'src', role: 'enterprise', enterpriseId: firmId });
    const [item] = (await t.http.get('/api/v1/me/policies').set('authorization', firmUser).expect(200)).body.eligible;
    const detail = await t.http.get(`/api/v1/me/policies/${item.itemId}`).set('authorization', firmUser).expect(200);
    const byFact = new Map((detail.body.reasons as Array<{ fact: string; text: string; source: unknown }>).map((r) => [r.fact, r]));
    expect(byFact.get('revenue')).toMatchObject({ text: expect.stringMatching(/营业收入/), source: { via: 'source', source: 'tax', sourceName: '税务部门共享数据', recordId: 'SW-EXPL-1' } });
    expect(byFact.get('tags')?.source).toMatchObject({ via: 'import', recordId: null });
  });

  it('a profile change re-matches that firm: a firm that becomes eligible gets its item and one inbox entry', async () => {
    const [{ enterprise_id: nearId }] = await t.dataSource.query(`SELECT enterprise_id FROM policy.matches WHERE outcome = 'near_miss' ORDER BY enterprise_id LIMIT 1`);
    const firm = await t.createUser({ username: 'firm_rematch', displayName: 'rematch', role: 'enterprise', enterpriseId: nearId });
    const before = await t.http.get('/api/v1/me/policies').set('authorization', firm).expect(200);
    expect({ eligible: before.body.eligible.length, near: before.body.nearMisses.length }).toEqual({ eligible: 0, near: 1 });
    await t.http.patch(`/api/v1/enterprises/${nearId}`).set('authorization', admin).send({ changes: { revenue: 30000000 }, reason: '税务数据更新' }).expect(200);
    await settle(t.app);
    // the firm's list (served from a per-firm cache) follows the change at once
    const after = await t.http.get('/api/v1/me/policies').set('authorization', firm).expect(200);
    expect({ eligible: after.body.eligible.length, near: after.body.nearMisses.length }).toEqual({ eligible: 1, near: 0 });
    const [row] = await t.dataSource.query(`SELECT outcome FROM policy.matches WHERE enterprise_id = $1 AND retired_at IS NULL`, [nearId]);
    expect(row.outcome).toBe('eligible');
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM policy.matches WHERE enterprise_id = $1 AND pushed_at IS NOT NULL`, [nearId]);
    expect(n).toBe(1);
    // and dropping below the threshold retires the match
    await t.http.patch(`/api/v1/enterprises/${nearId}`).set('authorization', admin).send({ changes: { revenue: 1000000 }, reason: '更正' }).expect(200);
    await settle(t.app);
    const active = await t.dataSource.query(`SELECT 1 FROM policy.matches WHERE enterprise_id = $1 AND retired_at IS NULL`, [nearId]);
    expect(active).toHaveLength(0);
    const gone = await t.http.get('/api/v1/me/policies').set('authorization', firm).expect(200);
    expect({ eligible: gone.body.eligible.length, near: gone.body.nearMisses.length }).toEqual({ eligible: 0, near: 0 });
  });

  it('re-matching writes only the rows whose answer changed: new facts with the same outcome leave the row untouched (same xmin)', async () => {
    // An eligible firm whose estimate (10 % of R&D spend) is below the cap, and a near miss.
    const [el] = await t.dataSource.query(
      `SELECT enterprise_id, item_version_id FROM policy.matches WHERE outcome = 'eligible' AND retired_at IS NULL AND estimate_fen < $1 ORDER BY enterprise_id LIMIT 1`, [45 * WAN],
    );
    const [nm] = await t.dataSource.query(`SELECT enterprise_id, item_version_id FROM policy.matches WHERE outcome = 'near_miss' AND retired_at IS NULL ORDER BY enterprise_id LIMIT 1`);
    const row = async (m: { enterprise_id: string; item_version_id: string }) => (await t.dataSource.query(
      `SELECT xmin::text AS xmin, outcome, estimate_fen::bigint AS est, near_miss->>'gapText' AS gap, profile_version, matched_at, pushed_at FROM policy.matches
       WHERE enterprise_id = $1 AND item_version_id = $2`, [m.enterprise_id, m.item_version_id],
    ))[0];
    const facts = async (id: string) => (await t.dataSource.query(`SELECT revenue::bigint AS revenue, rd_expense::bigint AS rd FROM enterprise.enterprises WHERE id = $1`, [id]))[0];
    // The edit takes 元; the columns hold fen.
    const patch = (id: string, fen: Record<string, number>) => t.http.patch(`/api/v1/enterprises/${id}`).set('authorization', admin)
      .send({ changes: Object.fromEntries(Object.entries(fen).map(([k, v]) => [k, v / 100])), reason: '税务数据更新' }).expect(200);
    const elBefore = await row(el);
    const nmBefore = await row(nm);
    const firmUser = await t.createUser({ username: 'firm_same_answer', displayName: 'same', role: 'enterprise', enterpriseId: el.enterprise_id });
    const [{ item_id: elItem }] = await t.dataSource.query(`SELECT item_id FROM policy.item_versions WHERE id = $1`, [el.item_version_id]);
    const revenueReason = async () => ((await t.http.get(`/api/v1/me/policies/${elItem}`).set('authorization', firmUser).expect(200)).body.reasons as Array<{ fact: string; text: string }>)
      .find((x) => x.fact === 'revenue')!.text;
    const reasonBefore = await revenueReason();
    const pushes = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM policy.push_deliveries`))[0].n;
    const pushesBefore = await pushes();

    // Revenue up for both: the eligible firm stays eligible with the same estimate — its row is not written at all;
    // the near miss is still short, by less: what it lacks changed, so its row is written.
    await patch(el.enterprise_id, { revenue: Number((await facts(el.enterprise_id)).revenue) + 100 * WAN });
    await patch(nm.enterprise_id, { revenue: Number((await facts(nm.enterprise_id)).revenue) + WAN });
    await settle(t.app);
    expect(await row(el)).toEqual(elBefore);
    // … and the firm's detail still explains it with today's figure (the row's profile version holds the old one).
    const newRevenue = Number((await facts(el.enterprise_id)).revenue);
    expect(await revenueReason()).not.toBe(reasonBefore);
    expect(await revenueReason()).toContain(formatMoney(newRevenue));
    const nmAfter = await row(nm);
    expect(nmAfter.xmin).not.toBe(nmBefore.xmin);
    expect(nmAfter).toMatchObject({ outcome: 'near_miss', profile_version: nmBefore.profile_version + 1 });
    expect(nmAfter.gap).not.toBe(nmBefore.gap);

    // R&D spend up: same outcome, a higher estimate — written, with the profile version it was reached on, and not pushed again.
    const rd = Number((await facts(el.enterprise_id)).rd);
    await patch(el.enterprise_id, { rdExpense: rd + 10 * WAN });
    await settle(t.app);
    const elAfter = await row(el);
    expect(elAfter.xmin).not.toBe(elBefore.xmin);
    expect({ ...elAfter, est: Number(elAfter.est) }).toMatchObject({ outcome: 'eligible', est: Number(elBefore.est) + WAN, profile_version: elBefore.profile_version + 2, pushed_at: elBefore.pushed_at });
    expect(await pushes()).toBe(pushesBefore);
  });

  it('editing a published item opens version 2; version 1 stays unchanged and immutable; the diff shows the threshold', async () => {
    const v1 = (await t.http.get(`/api/v1/items/${itemId}/versions`).set('authorization', editor).expect(200)).body[0];
    const newRule = { all: [...v1.rule.all.slice(0, 1), { fact: 'revenue', operator: 'greaterThanInclusive', value: 1000 * WAN }, v1.rule.all[2]] };
    const v2 = await t.http.patch(`/api/v1/items/${itemId}`).set('authorization', editor).send({ changes: { rule: newRule }, changeNote: '门槛下调' }).expect(200);
    expect(v2.body).toMatchObject({ version: 2, status: 'draft' });
    const versions = (await t.http.get(`/api/v1/items/${itemId}/versions`).set('authorization', editor).expect(200)).body;
    expect(versions.find((v: { version: number }) => v.version === 1)).toMatchObject({ status: 'published', rule: v1.rule });
    await expect(t.dataSource.query(`UPDATE policy.item_versions SET rule = '{}'::jsonb WHERE id = $1`, [v1.id])).rejects.toThrow(/immutable/);
    const diff = await t.http.get(`/api/v1/items/${itemId}/diff?from=1&to=2`).set('authorization', editor).expect(200);
    expect(diff.body.changes).toEqual([{ path: '/rule/all/1/value', before: 2000 * WAN, after: 1000 * WAN }]);
  });

  it('publishing version 2 supersedes version 1, retires its matches, and pushes v2 once per firm', async () => {
    await t.http.post(`/api/v1/items/${itemId}/submit`).set('authorization', editor).expect(200);
    const pub = await t.http.post(`/api/v1/items/${itemId}/review`).set('authorization', reviewer).send({ decision: 'approve' }).expect(200);
    await settle(t.app);
    const [v1] = await t.dataSource.query(`SELECT id, status FROM policy.item_versions WHERE item_id = $1 AND version = 1`, [itemId]);
    expect(v1.status).toBe('superseded');
    const [{ active }] = await t.dataSource.query(`SELECT count(*)::int AS active FROM policy.matches WHERE item_version_id = $1 AND retired_at IS NULL`, [v1.id]);
    expect(active).toBe(0);
    const dup = await t.dataSource.query(
      `SELECT enterprise_id, channel FROM policy.push_deliveries WHERE $1 = ANY(item_version_ids) GROUP BY enterprise_id, channel HAVING count(*) > 1`,
      [pub.body.id],
    );
    expect(dup).toHaveLength(0);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM policy.matches WHERE item_version_id = $1 AND outcome = 'eligible'`, [pub.body.id]);
    expect(n).toBeGreaterThan(0);
  });

  it('the calculator answers anyone from hypothetical facts and stores nothing', async () => {
    await t.app.get(TagsService).ensure([{ code: 'hitech', name: '高新技术企业', category: '资质认定', ownerDepartment: null }]); // tags must be in the library
    const [{ n: before }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM policy.matches`);
    const res = await t.http
      .post('/api/v1/calculator')
      .send({ facts: { tags: ['hitech'], revenue: 3000 * WAN, rdExpense: 200 * WAN, creditStatus: 'good' } })
      .expect(200);
    expect(res.body.eligible).toHaveLength(1);
    expect(res.body.eligible[0]).toMatchObject({ itemName: '研发费用补助', estimateFen: 20 * WAN });
    const near = await t.http.post('/api/v1/calculator').send({ facts: { tags: ['hitech'], revenue: 900 * WAN } }).expect(200);
    expect(near.body.nearMisses[0].lacking).toBe('营业收入差 100万元');
    const bad = await t.http.post('/api/v1/calculator').send({ facts: { revenue: '很多', bogus: 1 } }).expect(400);
    expect(bad.body.code).toBe('CALCULATOR.INVALID_FACTS');
    expect(bad.body.details.errors).toHaveLength(2);
    const [{ n: after }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM policy.matches`);
    expect(after).toBe(before);
  });

  it('withdrawal retires the matches; expiry after the effective end marks the version expired', async () => {
    await t.http.post(`/api/v1/items/${itemId}/withdraw`).set('authorization', reviewer).send({ reason: '政策调整' }).expect(200);
    await settle(t.app);
    const [{ active }] = await t.dataSource.query(
      `SELECT count(*)::int AS active FROM policy.matches m JOIN policy.item_versions v ON v.id = m.item_version_id WHERE v.item_id = $1 AND m.retired_at IS NULL`,
      [itemId],
    );
    expect(active).toBe(0);
  });

  it('YAML import validates everything first: one bad item means nothing is written', async () => {
    const yaml = `policies:\n  - code: Y-1\n    title: 演示导入政策一\n    level: municipal\n    category: subsidy\n    effectiveFrom: '2026-01-01'\n    items:\n      - code: Y-1-A\n        name: 稳岗补贴\n        rule: { all: [ { fact: employees, operator: greaterThanInclusive, value: 10 } ] }\n        formula: { kind: fixed, amount: 100000 }\n        mode: no_application\n        fundPoolFen: 100000000\n        materials: []\n        effectiveFrom: '2026-01-01'\n  - code: Y-2\n    title: 演示导入政策二\n    level: municipal\n    category: subsidy\n    effectiveFrom: '2026-01-01'\n    items:\n      - code: Y-2-A\n        name: 坏事项\n        rule: { all: [] }\n        formula: { kind: fixed, amount: -5 }\n        mode: sometimes\n        fundPoolFen: 1\n        materials: []\n        effectiveFrom: '2026-01-01'\n`;
    const res = await t.http.post('/api/v1/policies/import').set('authorization', editor).send({ format: 'yaml', content: yaml }).expect(400);
    expect(res.body.code).toBe('POLICY.IMPORT_INVALID');
    const pointers = res.body.details.errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/1/items/0/rule/all', '/1/items/0/formula/amount', '/1/items/0/mode']));
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM policy.policies WHERE code IN ('Y-1','Y-2')`);
    expect(n).toBe(0);
    const ok = await t.http.post('/api/v1/policies/import').set('authorization', editor).send({ format: 'yaml', content: yaml.split('  - code: Y-2')[0] }).expect(200);
    expect(ok.body.created).toBe(1);
    const exported = await t.http.get('/api/v1/policies/export?format=yaml').set('authorization', editor).expect(200);
    expect(exported.text).toContain('code: Y-1-A');
  });

  it('publications that arrive together are planned once, as one set of range jobs, and each version matches the reference', async () => {
    const thresholds = [1600, 1800, 2400];
    const items = thresholds.map((wan, i) =>
      rdItem({ code: `KJ-BATCH-${i}`, name: `批量发布事项${i}`, exclusionGroup: i < 2 ? 'batch' : null, rule: { all: [{ fact: 'revenue', operator: 'greaterThanInclusive', value: wan * WAN }] } }),
    );
    const created = await t.http.post('/api/v1/policies').set('authorization', editor).send({ ...policyBody(items), code: 'KJ-BATCH' }).expect(201);
    const versionIds: string[] = [];
    for (const it of created.body.items) {
      await t.http.post(`/api/v1/items/${it.id}/submit`).set('authorization', editor).expect(200);
      versionIds.push((await t.http.post(`/api/v1/items/${it.id}/review`).set('authorization', reviewer).send({ decision: 'approve' }).expect(200)).body.id);
    }
    // the three publications are waiting (their events not yet relayed): one plan takes all of them
    await t.dataSource.query(
      `INSERT INTO policy.match_requests (item_version_id, requested_at) SELECT id, now() - make_interval(secs => 3 - n) FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, n)`,
      [versionIds],
    );
    const matching = t.app.get(MatchingService);
    const unplanned = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM policy.match_requests WHERE planned_at IS NULL`))[0].n;
    // with a quiet period, the plan job of an older publication leaves it to the newest one's job
    expect(await matching.planPublications(versionIds[0], { quietMs: 60_000 })).toBe(0);
    expect(await unplanned()).toBe(3);
    expect(await matching.planPublications(versionIds[2], { quietMs: 60_000 })).toBe(1); // 60 firms: one range, all three versions in it
    expect(await unplanned()).toBe(0);
    expect(await matching.planPublications()).toBe(0); // claimed once
    await expect(matching.planPublications('01900000-0000-7000-8000-00000000dead')).rejects.toMatchObject({ code: 'MATCHING.REQUEST_NOT_VISIBLE' });
    expect(await matching.planLeftovers()).toBe(false); // nothing left behind
    await settle(t.app); // the publication events arrive now: nothing left to plan
    const plans = await t.dataSource.query(`SELECT plan_versions, plan_jobs FROM policy.match_requests WHERE item_version_id = ANY($1::uuid[])`, [versionIds]);
    expect(plans).toEqual([{ plan_versions: 3, plan_jobs: 1 }, { plan_versions: 3, plan_jobs: 1 }, { plan_versions: 3, plan_jobs: 1 }]);
    const revenue = new Map<string, unknown>();
    for (const f of firms) revenue.set(f.id, (await t.app.get(EnterprisesService).facts(f.id))!.revenue); // in fen, as the firms stand now
    for (const [i, versionId] of versionIds.entries()) {
      const expected = firms.filter((f) => typeof revenue.get(f.id) === 'number' && (revenue.get(f.id) as number) >= thresholds[i] * WAN).map((f) => f.id).sort();
      const got: Array<{ enterprise_id: string }> = await t.dataSource.query(
        `SELECT enterprise_id FROM policy.matches WHERE item_version_id = $1 AND outcome = 'eligible' AND pushed_at IS NOT NULL`,
        [versionId],
      );
      expect(got.map((r) => r.enterprise_id).sort()).toEqual(expected);
    }

    // "my policies" of a firm eligible for all three: pages, totals, and the two items of one 不重复享受 group counted once
    const rich = firms.find((f) => (revenue.get(f.id) as number) >= 2400 * WAN)!;
    const richUser = await t.createUser({ username: 'firm_batch', displayName: 'batch', role: 'enterprise', enterpriseId: rich.id });
    const page1 = await t.http.get('/api/v1/me/policies?pageSize=2').set('authorization', richUser).expect(200);
    const page2 = await t.http.get('/api/v1/me/policies?pageSize=2&page=2').set('authorization', richUser).expect(200);
    expect(page1.body.eligible).toHaveLength(2);
    expect(page2.body.eligible).toHaveLength(1);
    const all = [...page1.body.eligible, ...page2.body.eligible];
    expect(new Set(all.map((x: { itemId: string }) => x.itemId)).size).toBe(3);
    const each = all[0].estimateFen;
    expect(each).toBeGreaterThan(0);
    expect(all.every((x: { estimateFen: number }) => x.estimateFen === each)).toBe(true);
    expect(page1.body.totals).toMatchObject({ eligible: 3, nearMisses: 0, estimateFen: 2 * each });
    expect((await t.http.get('/api/v1/me/policies?pageSize=500').set('authorization', richUser).expect(400)).body.code).toBeDefined();
  });

  it('a publication whose plan job was lost (process stopped) is planned when workers start', async () => {
    const p = await t.http.post('/api/v1/policies').set('authorization', editor).send({ ...policyBody([rdItem({ code: 'KJ-LOST', exclusionGroup: null })]), code: 'KJ-LOST' }).expect(201);
    await t.http.post(`/api/v1/items/${p.body.items[0].id}/submit`).set('authorization', editor).expect(200);
    const v = await t.http.post(`/api/v1/items/${p.body.items[0].id}/review`).set('authorization', reviewer).send({ decision: 'approve' }).expect(200);
    await settle(t.app);
    // as if the process had stopped after the event was handled but before its plan job ran
    await t.dataSource.query(`UPDATE policy.match_requests SET planned_at = NULL WHERE item_version_id = $1`, [v.body.id]);
    await t.dataSource.query(`DELETE FROM policy.push_deliveries WHERE $1 = ANY(item_version_ids)`, [v.body.id]);
    await t.dataSource.query(`DELETE FROM policy.matches WHERE item_version_id = $1`, [v.body.id]);
    await settle(t.app);
    const [{ gone }] = await t.dataSource.query(`SELECT count(*)::int AS gone FROM policy.matches WHERE item_version_id = $1`, [v.body.id]);
    expect(gone).toBe(0); // nothing else would plan it
    const matching = t.app.get(MatchingService);
    expect(await matching.planLeftovers()).toBe(true);
    await settle(t.app);
    const [{ planned }] = await t.dataSource.query(`SELECT planned_at IS NOT NULL AS planned FROM policy.match_requests WHERE item_version_id = $1`, [v.body.id]);
    expect(planned).toBe(true);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM policy.matches WHERE item_version_id = $1 AND outcome = 'eligible'`, [v.body.id]);
    expect(n).toBeGreaterThan(0);
  });

  it('an import that changes many firms at once re-matches them together (one batch event) and pushes each new match once', async () => {
    const [{ id: v2400 }] = await t.dataSource.query(
      `SELECT v.id FROM policy.item_versions v JOIN policy.items i ON i.id = v.item_id WHERE i.code = 'KJ-BATCH-2' AND v.status = 'published'`,
    );
    const low = firms.filter((f) => f.row.revenue !== '' && Number(f.row.revenue) < 1600 * 10_000).slice(0, 5);
    expect(low.length).toBe(5);
    const inputs = low.map((f) => {
      const p = parseEnterpriseRecord({ ...f.row, revenue: String(2500 * 10_000) });
      if (!p.ok) throw new Error(JSON.stringify(p.errors));
      return p.value;
    });
    await t.app.get(EnterprisesService).upsertBatch(inputs, null, '税务数据月度更新');
    const [{ n: batchEvents }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM core.outbox_events WHERE name = 'enterprise.batch_changed' AND relayed_at IS NULL`);
    expect(batchEvents).toBe(1);
    await settle(t.app);
    const rows: Array<{ enterprise_id: string }> = await t.dataSource.query(
      `SELECT enterprise_id FROM policy.matches WHERE item_version_id = $1 AND outcome = 'eligible' AND pushed_at IS NOT NULL AND enterprise_id = ANY($2::uuid[])`,
      [v2400, low.map((f) => f.id)],
    );
    expect(rows.map((r) => r.enterprise_id).sort()).toEqual(low.map((f) => f.id).sort());
  });
});

export type { Principal };
