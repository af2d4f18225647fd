import { ApprovalClock } from '@app/approvals';
import { TestApp } from '../support/test-app';
import { Actors, bootApprovals, emitPayoutResult, loadFirms, publishItem, timelineOf, WAN } from './approval-fixture';

jest.setTimeout(180_000);

const morning = (day: string) => new Date(`${day}T09:00:00+08:00`);

/**
 * Issue 14 §5: 承诺兑现 is its own mode — the firm's signed credit commitment stands in for the
 * materials, it is approved and paid at once, and the department verifies afterwards within a
 * deadline; a failed verification opens a clawback and marks the firm's credit. The firm sees the
 * commitment and the verification on its timeline.
 */
describe('承诺兑现: pay on the commitment, verify afterwards', () => {
  let t: TestApp;
  let who: Actors;
  let clock: ApprovalClock;
  let firms: string[];
  const auth: string[] = [];
  let item: { itemId: string; versionId: string };
  const apps: string[] = [];

  beforeAll(async () => {
    ({ t, who } = await bootApprovals({}, { env: { COMMITMENT_VERIFY_WORKING_DAYS: '10' } }));
    clock = t.app.get(ApprovalClock);
    clock.set(morning('2027-04-12')); // a Monday
    firms = await loadFirms(t, [0, 1].map((i) => ({ name: `郑州承诺测试企业${i}有限公司` })));
    for (const [i, id] of firms.entries()) auth.push(await t.createUser({ username: `commit_${i}`, displayName: `企业${i}经办人`, role: 'enterprise', enterpriseId: id }));
  });
  afterAll(async () => {
    clock?.reset();
    await t?.close();
  });

  it('the commitment stands in for the materials: approved at once, no 公示, confirmed and paid', async () => {
    item = await publishItem(t, who, { name: '研发投入承诺兑现奖励', mode: 'commitment', materials: ['研发费用专项审计报告'], formula: { kind: 'fixed', amount: 30 * WAN },
      applyFrom: null, applyTo: null });
    for (const i of [0, 1]) {
      const c = await t.http.post('/api/v1/applications').set('authorization', auth[i]).send({ itemId: item.itemId }).expect(201);
      expect(c.body).toMatchObject({ mode: 'commitment', modeLabel: '承诺兑现' });
      apps.push(c.body.id);
      // without the signed commitment there is nothing to pay on
      expect((await t.http.post(`/api/v1/applications/${c.body.id}/submit`).set('authorization', auth[i]).expect(400)).body.code).toBe('APPLICATION.COMMITMENT_REQUIRED');
      await t.http.post(`/api/v1/applications/${c.body.id}/commitment`).set('authorization', auth[i]).send({ textVersion: 'XYCN-2026.1' }).expect(201);
      const sub = await t.http.post(`/api/v1/applications/${c.body.id}/submit`).set('authorization', auth[i]).expect(200);
      expect(sub.body).toMatchObject({ state: 'approved', amountFen: 30 * WAN, confirmBy: '2027-04-26' });
      const conf = await t.http.post(`/api/v1/applications/${c.body.id}/confirm`).set('authorization', auth[i]).send({}).expect(200);
      expect(conf.body.state).toBe('ready_for_payout');
      await emitPayoutResult(t, c.body.id, 'settled', 30 * WAN);
    }
    const notices = (await t.http.get('/api/v1/me/notices').set('authorization', auth[0]).expect(200)).body.items;
    expect(notices.find((n: { kind: string }) => n.kind === 'approved').body).toContain('依据您的信用承诺先行兑现，资金到账后由主管部门事后核查');
  });

  it('payment opens a verification task for the department, due 10 working days later; only that department sees it', async () => {
    const list = await t.http.get('/api/v1/verifications?status=pending').set('authorization', who.reviewer).expect(200);
    expect(list.body.total).toBe(2);
    expect(list.body.items[0]).toMatchObject({ status: 'pending', statusLabel: '待核查', dueOn: '2027-04-26', overdue: false, amountText: '30万元', itemName: '研发投入承诺兑现奖励' });
    expect((await t.http.get('/api/v1/verifications').set('authorization', who.otherReviewer).expect(200)).body.total).toBe(0);
    await t.http.get('/api/v1/verifications').set('authorization', auth[0]).expect(403);
    const tl = await timelineOf(t, auth[0], apps[0]);
    const comments = tl.map((n) => n.comment ?? '').join('\n');
    expect(comments).toContain('签署信用承诺书（XYCN-2026.1）');
    expect(comments).toContain('依据企业信用承诺先行兑现');
    expect(comments).toContain('主管部门将于 2027-04-26 前核查');
    // an overdue verification is a 督办 item of the department
    clock.set(morning('2027-04-27'));
    const overdue = (await t.http.get('/api/v1/supervision/overdue').set('authorization', who.reviewer).expect(200)).body;
    expect(overdue).toEqual(expect.arrayContaining([expect.objectContaining({ applicationId: apps[0], node: 'verification', nodeLabel: '承诺兑现事后核查', overdueWorkingDays: 1 })]));
  });

  it('bad decisions are coded errors and change nothing', async () => {
    const [task] = (await t.http.get('/api/v1/verifications?status=pending').set('authorization', who.reviewer).expect(200)).body.items.filter((v: { applicationId: string }) => v.applicationId === apps[0]);
    await t.http.post(`/api/v1/verifications/${task.id}/decision`).set('authorization', who.otherReviewer).send({ result: 'failed', comment: '核查不实' }).expect(404);
    await t.http.post(`/api/v1/verifications/${task.id}/decision`).set('authorization', auth[0]).send({ result: 'passed', comment: '我说属实' }).expect(403);
    await t.http.post(`/api/v1/verifications/${task.id}/decision`).set('authorization', who.reviewer).send({ result: 'maybe', comment: '核查中' }).expect(400);
    const tooMuch = await t.http.post(`/api/v1/verifications/${task.id}/decision`).set('authorization', who.reviewer).send({ result: 'failed', comment: '研发费用虚报', clawbackFen: 31 * WAN }).expect(400);
    expect(tooMuch.body.code).toBe('CLAWBACK.INVALID_AMOUNT');
    await t.http.post('/api/v1/verifications/01900000-0000-7000-8000-000000000000/decision').set('authorization', who.reviewer).send({ result: 'passed', comment: '属实' }).expect(404);
    const after = (await t.http.get('/api/v1/verifications?status=pending').set('authorization', who.reviewer).expect(200)).body;
    expect(after.total).toBe(2);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM approval.clawbacks`);
    expect(n).toBe(0);
  });

  it('failed: a clawback of the paid amount, a credit record, the firm told and barred; passed: closed', async () => {
    const pending = (await t.http.get('/api/v1/verifications?status=pending').set('authorization', who.reviewer).expect(200)).body.items as Array<{ id: string; applicationId: string }>;
    const failed = pending.find((v) => v.applicationId === apps[0])!;
    const passed = pending.find((v) => v.applicationId === apps[1])!;
    const res = await t.http.post(`/api/v1/verifications/${failed.id}/decision`).set('authorization', who.reviewer).send({ result: 'failed', comment: '研发费用专项审计报告显示投入不足' }).expect(200);
    expect(res.body).toMatchObject({ status: 'failed', statusLabel: '核查不通过', clawback: { amountFen: 30 * WAN, status: 'pending' } });
    expect(res.body.clawbackId).toBe(res.body.clawback.id);
    const again = await t.http.post(`/api/v1/verifications/${failed.id}/decision`).set('authorization', who.reviewer).send({ result: 'passed', comment: '改判' }).expect(409);
    expect(again.body.code).toBe('VERIFICATION.INVALID_STATE');
    await t.http.post(`/api/v1/verifications/${passed.id}/decision`).set('authorization', who.reviewer).send({ result: 'passed', comment: '审计报告与承诺一致' }).expect(200);

    const records = (await t.http.get(`/api/v1/credit/records?enterpriseId=${firms[0]}`).set('authorization', who.reviewer).expect(200)).body;
    expect(records.items).toEqual([expect.objectContaining({ kind: 'commitment_breach', kindLabel: '承诺不实', applicationId: apps[0] })]);
    expect((await t.http.get(`/api/v1/credit/records?enterpriseId=${firms[1]}`).set('authorization', who.reviewer).expect(200)).body.total).toBe(0);
    // the firm sees its own record only
    expect((await t.http.get(`/api/v1/credit/records?enterpriseId=${firms[0]}`).set('authorization', auth[1]).expect(200)).body.total).toBe(0);
    expect((await t.http.get('/api/v1/credit/records').set('authorization', auth[0]).expect(200)).body.total).toBe(1);

    const tl = await timelineOf(t, auth[0], apps[0]);
    const tail = tl.slice(-3).map((n) => n.comment ?? '').join('\n');
    expect(tail).toContain('承诺兑现事后核查核查不通过：研发费用专项审计报告显示投入不足');
    expect(tail).toContain('追回资金 30万元');
    expect(tail).toContain('【事后核查结果】');
    const [notice] = (await t.http.get('/api/v1/me/notices').set('authorization', auth[0]).expect(200)).body.items;
    expect(notice).toMatchObject({ kind: 'verification' });
    expect(notice.body).toContain('须退回资金 30万元，并记入企业信用记录');
    const ok = (await t.http.get('/api/v1/me/notices').set('authorization', auth[1]).expect(200)).body.items[0];
    expect(ok.body).toContain('经主管部门核查属实');

    // barred: a new application is refused
    const other = await publishItem(t, who, { name: '另一项承诺兑现', mode: 'commitment', materials: [], applyFrom: null, applyTo: null });
    expect((await t.http.post('/api/v1/applications').set('authorization', auth[0]).send({ itemId: other.itemId }).expect(422)).body.code).toBe('APPLICATION.BARRED');
    await t.http.post('/api/v1/applications').set('authorization', auth[1]).send({ itemId: other.itemId }).expect(201);
    // finished verifications leave the 督办 list
    expect((await t.http.get('/api/v1/supervision/overdue').set('authorization', who.reviewer).expect(200)).body.filter((o: { node: string }) => o.node === 'verification')).toEqual([]);
  });
});
