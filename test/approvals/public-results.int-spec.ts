import { ApprovalClock } from '@app/approvals';
import { TestApp } from '../support/test-app';
import { Actors, bootApprovals, emitPayoutResult, loadFirms, publishItem, WAN } from './approval-fixture';

jest.setTimeout(180_000);

const morning = (day: string) => new Date(`${day}T09:00:00+08:00`);
const ACCOUNT = '6222021234567890123';

/**
 * Issue 14 §4 (结果公开): after payment each result — firm name, item, department, amount, date —
 * is published for good and searchable by item, department and period; ended 公示 rounds stay
 * public with their outcome; public statistics by month and department. No login, and never an
 * account, phone, ID or credit code.
 */
describe('results are public, 公示 history stays, public statistics', () => {
  let t: TestApp;
  let who: Actors & { gxjEditor: string };
  let clock: ApprovalClock;
  let firms: string[];
  const auth: string[] = [];
  let codes: string[];
  let x: { itemId: string; versionId: string };
  let y: { itemId: string; versionId: string };
  let roundId: string;
  const appOf = new Map<number, string>();

  beforeAll(async () => {
    const boot = await bootApprovals();
    t = boot.t;
    who = { ...boot.who, gxjEditor: await boot.t.createUser({ username: 'gxj_editor', displayName: '工信局编辑', role: 'dept_editor', departmentCode: 'gxj' }) };
    clock = t.app.get(ApprovalClock);
    clock.set(morning('2027-05-10'));
    firms = await loadFirms(t, [0, 1, 2, 3].map((i) => ({ name: `郑州公开测试企业${i}有限公司`, tags: i < 3 ? 'hitech' : 'tech_sme', contactPhone: '13812345678' })));
    for (const [i, id] of firms.entries()) auth.push(await t.createUser({ username: `public_${i}`, displayName: `企业${i}`, role: 'enterprise', enterpriseId: id }));
    codes = (await t.dataSource.query(`SELECT credit_code FROM enterprise.enterprises`)).map((r: { credit_code: string }) => r.credit_code);
  });
  afterAll(async () => {
    clock?.reset();
    await t?.close();
  });

  it('a 公示 round with objections; while it runs it is not history', async () => {
    x = await publishItem(t, who, { name: '高新技术企业奖励', mode: 'no_application', formula: { kind: 'fixed', amount: 10 * WAN }, applyFrom: null, applyTo: null });
    const queue = await t.http.get(`/api/v1/review/queue?itemId=${x.itemId}`).set('authorization', who.reviewer).expect(200);
    for (const a of queue.body.items as Array<{ id: string; enterpriseId: string }>) appOf.set(firms.indexOf(a.enterpriseId), a.id);
    await t.http.post('/api/v1/review/batch-approve').set('authorization', who.reviewer).send({ itemId: x.itemId }).expect(200);
    roundId = (await t.http.post('/api/v1/disclosures').set('authorization', who.reviewer).send({ itemId: x.itemId, workingDays: 3 }).expect(201)).body.id;
    // objectors identified by their login (an anonymous one proves a phone by SMS code: objections.int-spec)
    const o1 = await t.http.post(`/api/v1/disclosures/${roundId}/objections`).set('authorization', who.finance).send({ applicationId: appOf.get(1), contactName: '李先生', category: 'data', reason: '怀疑研发数据不实' }).expect(201);
    const o2 = await t.http.post(`/api/v1/disclosures/${roundId}/objections`).set('authorization', who.admin).send({ applicationId: appOf.get(2), contactName: '王女士', category: 'eligibility', reason: '该企业已停产' }).expect(201);
    await t.http.post(`/api/v1/objections/${o1.body.objectionId}/resolve`).set('authorization', who.reviewer).send({ decision: 'dismissed', resolution: '经核查研发数据属实' }).expect(200);
    await t.http.post(`/api/v1/objections/${o2.body.objectionId}/resolve`).set('authorization', who.reviewer).send({ decision: 'upheld', resolution: '经核查企业已停产，不予兑现' }).expect(200);
    expect((await t.http.get('/api/v1/disclosures/history').expect(200)).body.total).toBe(0);
    await t.http.get(`/api/v1/disclosures/history/${roundId}`).expect(404);
  });

  it('payments in May and June, in two departments, become public results', async () => {
    clock.set(morning('2027-05-14'));
    for (const i of [0, 1]) await t.http.post(`/api/v1/applications/${appOf.get(i)}/confirm`).set('authorization', auth[i]).send({}).expect(200);
    await emitPayoutResult(t, appOf.get(0)!, 'settled', 10 * WAN);
    clock.set(morning('2027-06-02'));
    await emitPayoutResult(t, appOf.get(1)!, 'settled', 10 * WAN);
    y = await publishItem(t, { ...who, editor: who.gxjEditor, reviewer: who.otherReviewer }, {
      name: '中小企业稳岗奖励', mode: 'instant', materials: [], formula: { kind: 'fixed', amount: 20 * WAN }, applyFrom: null, applyTo: null,
      rule: { all: [{ fact: 'tags', operator: 'hasTag', value: 'tech_sme' }] },
    });
    const c = await t.http.post('/api/v1/applications').set('authorization', auth[3]).send({ itemId: y.itemId }).expect(201);
    await t.http.post(`/api/v1/applications/${c.body.id}/commitment`).set('authorization', auth[3]).send({ textVersion: 'XYCN-2026.1' }).expect(201);
    await t.http.post(`/api/v1/applications/${c.body.id}/submit`).set('authorization', auth[3]).expect(200);
    await t.http.post(`/api/v1/applications/${c.body.id}/confirm`).set('authorization', auth[3]).send({}).expect(200);
    await emitPayoutResult(t, c.body.id, 'settled', 20 * WAN);
    appOf.set(3, c.body.id);

    const all = await t.http.get('/api/v1/public/results').expect(200);
    expect(all.body).toMatchObject({ total: 3, amountFen: 40 * WAN, amountText: '40万元' });
    for (const r of all.body.items) {
      expect(Object.keys(r).sort()).toEqual(['amountFen', 'amountText', 'departmentCode', 'departmentName', 'enterpriseName', 'itemId', 'itemName', 'modeLabel', 'paidOn']);
    }
    expect(all.body.items.map((r: { paidOn: string }) => r.paidOn)).toEqual(['2027-06-02', '2027-06-02', '2027-05-14']);
    expect(all.body.items[2]).toMatchObject({ enterpriseName: '郑州公开测试企业0有限公司', itemName: '高新技术企业奖励', departmentName: '部门kjj', modeLabel: '免申即享', amountText: '10万元' });
  });

  it('searchable by item, department, period and name; paginated', async () => {
    const q = async (query: string) => (await t.http.get(`/api/v1/public/results?${query}`).expect(200)).body;
    expect((await q(`itemId=${x.itemId}`)).total).toBe(2);
    expect((await q('department=gxj')).items).toEqual([expect.objectContaining({ enterpriseName: '郑州公开测试企业3有限公司', amountFen: 20 * WAN, departmentName: '部门gxj' })]);
    expect((await q('from=2027-06&to=2027-06')).total).toBe(2);
    expect((await q('from=2027-05-01&to=2027-05-31')).total).toBe(1);
    expect((await q('to=2027-05')).total).toBe(1);
    expect((await q(`q=${encodeURIComponent('企业1')}`)).items).toEqual([expect.objectContaining({ enterpriseName: '郑州公开测试企业1有限公司' })]);
    const p2 = await q('pageSize=2&page=2');
    expect(p2).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(p2.items).toHaveLength(1);
  });

  it('bad queries are coded errors', async () => {
    expect((await t.http.get('/api/v1/public/results?from=2027-06&to=2027-05').expect(400)).body.code).toBe('RESULTS.INVALID_PERIOD');
    expect((await t.http.get('/api/v1/public/results?from=2027-13').expect(400)).body.code).toBe('RESULTS.INVALID_PERIOD');
    expect((await t.http.get('/api/v1/public/statistics?to=2027-02-30').expect(400)).body.code).toBe('RESULTS.INVALID_PERIOD');
    await t.http.get('/api/v1/public/results?itemId=not-a-uuid').expect(400);
    await t.http.get('/api/v1/public/results?from=June').expect(400);
    await t.http.get('/api/v1/public/results?pageSize=1000').expect(400);
  });

  it('the public list and page never show an account, phone, ID or credit code', async () => {
    const json = JSON.stringify((await t.http.get('/api/v1/public/results?pageSize=200').expect(200)).body);
    const html = (await t.http.get('/api/v1/public/results/page').expect(200)).text;
    const filtered = (await t.http.get(`/api/v1/public/results/page?department=kjj&q=${encodeURIComponent('公开')}`).expect(200)).text;
    expect(html).toContain('郑州公开测试企业3有限公司');
    expect(html).toContain('20万元');
    expect(filtered).not.toContain('郑州公开测试企业3有限公司');
    for (const text of [json, html, filtered]) {
      for (const leak of [ACCOUNT, '622202', '0123', '13812345678', '138****5678', 'payee', 'creditCode', 'enterpriseId', ...codes, ...firms]) expect(text).not.toContain(leak);
    }
  });

  it('published results are permanent: the database refuses to change or remove them', async () => {
    await expect(t.dataSource.query(`UPDATE approval.published_results SET amount_fen = 1`)).rejects.toThrow(/permanent/);
    await expect(t.dataSource.query(`DELETE FROM approval.published_results`)).rejects.toThrow(/permanent/);
    await t.http.post(`/api/v1/applications/${appOf.get(0)}/clawback`).set('authorization', who.reviewer).send({ reason: '事后核查' }).expect(201);
    expect((await t.http.get('/api/v1/public/results').expect(200)).body.total).toBe(3);
  });

  it('ended 公示 rounds stay public with their outcome: objections raised and how they were resolved, without the objector', async () => {
    const history = await t.http.get('/api/v1/disclosures/history').expect(200);
    expect(history.body.items).toEqual([expect.objectContaining({
      id: roundId, itemName: '高新技术企业奖励', entries: 3,
      outcome: expect.objectContaining({ paid: 2, rejected: 1, objections: 2, upheld: 1, dismissed: 1, openObjections: 0 }),
    })]);
    expect((await t.http.get('/api/v1/disclosures/history?department=gxj').expect(200)).body.total).toBe(0);
    const detail = await t.http.get(`/api/v1/disclosures/history/${roundId}`).expect(200);
    expect(detail.body.list.map((e: { result: string }) => e.result).sort()).toEqual(['已兑付', '已兑付', '异议成立，不予兑现'].sort());
    expect(detail.body.objections).toEqual([
      expect.objectContaining({ enterpriseName: '郑州公开测试企业1有限公司', status: 'dismissed', statusLabel: '异议不成立', resolution: '经核查研发数据属实' }),
      expect.objectContaining({ enterpriseName: '郑州公开测试企业2有限公司', status: 'upheld', statusLabel: '异议成立', resolution: '经核查企业已停产，不予兑现' }),
    ]);
    const page = (await t.http.get(`/api/v1/disclosures/history/${roundId}/page`).expect(200)).text;
    expect(page).toContain('异议成立');
    expect(page).toContain('经核查企业已停产，不予兑现');
    const index = (await t.http.get('/api/v1/disclosures/history/page').expect(200)).text;
    expect(index).toContain('高新技术企业奖励');
    for (const text of [JSON.stringify(history.body), JSON.stringify(detail.body), page, index]) {
      for (const leak of ['13912345678', '13700001111', '139****5678', '李先生', '王女士', ACCOUNT, ...codes]) expect(text).not.toContain(leak);
    }
  });

  it('public statistics: items, firms served, payments and money by month and department, visits, days to money', async () => {
    const s = (await t.http.get('/api/v1/public/statistics').expect(200)).body;
    expect(s).toMatchObject({ items: 2, firms: 3, payments: 3, amountFen: 40 * WAN, amountText: '40万元' });
    expect(s.visits).toBeGreaterThan(0);
    expect(s.byMonth).toEqual([
      expect.objectContaining({ month: '2027-05', payments: 1, firms: 1, amountFen: 10 * WAN }),
      expect.objectContaining({ month: '2027-06', payments: 2, firms: 2, amountFen: 30 * WAN }),
    ]);
    expect(s.byDepartment).toEqual([
      expect.objectContaining({ departmentCode: 'gxj', departmentName: '部门gxj', items: 1, payments: 1, amountFen: 20 * WAN }),
      expect.objectContaining({ departmentCode: 'kjj', departmentName: '部门kjj', items: 1, payments: 2, amountFen: 20 * WAN }),
    ]);
    // 免申即享 firm 0: published (pre-qualified) 05-10, paid 05-14 → 4 days; firm 1 paid 06-02 → 23 days
    expect(s.byDepartment[1].averageDaysToMoney).toBe(13.5);
    expect((await t.http.get('/api/v1/public/statistics?department=kjj&from=2027-06').expect(200)).body).toMatchObject({ payments: 1, firms: 1 });
    const page = (await t.http.get('/api/v1/public/statistics/page').expect(200)).text;
    expect(page).toContain('惠及企业 <b>3</b> 家');
    expect(page).toContain('40万元');
  });
});
