import { ApprovalClock } from '@app/approvals';
import { PAID_BENEFITS_SOURCE, PaidBenefitsSource } from '@app/contracts';
import { settle } from '../support/settle';
import { TestApp } from '../support/test-app';
import { Actors, bootApprovals, emitPayoutResult, loadFirms, PDF, publishItem, timelineOf, WAN } from './approval-fixture';

jest.setTimeout(120_000);

describe('approval center: 申请制 and 即申即享 over HTTP, permissions, duplicates and exclusion groups', () => {
  let t: TestApp;
  let who: Actors;
  let firmA: string;
  let firmB: string;
  let firmC: string;
  let firmAId: string;
  let firmBId: string;
  let appItem: { itemId: string; versionId: string };
  let instantItem: { itemId: string; versionId: string };

  beforeAll(async () => {
    ({ t, who } = await bootApprovals());
    const [a, b, c] = await loadFirms(t, [{ name: '郑州甲科技有限公司' }, { name: '郑州乙科技有限公司' }, { name: '郑州丙商贸有限公司', tags: 'tech_sme' }]);
    firmAId = a;
    firmA = await t.createUser({ username: 'firm_a', displayName: '甲公司经办人', role: 'enterprise', enterpriseId: a });
    firmBId = b;
    firmB = await t.createUser({ username: 'firm_b', displayName: '乙公司经办人', role: 'enterprise', enterpriseId: b });
    firmC = await t.createUser({ username: 'firm_c', displayName: '丙公司经办人', role: 'enterprise', enterpriseId: c });
    appItem = await publishItem(t, who, { name: '研发费用补助', mode: 'application', materials: ['研发费用专项审计报告'], exclusionGroup: 'rd',
      formula: { kind: 'rate', fact: 'rdExpense', rate: '0.1', max: 50 * WAN } });
    instantItem = await publishItem(t, who, { name: '高企认定奖励', mode: 'instant', materials: [], formula: { kind: 'fixed', amount: 20 * WAN } });
  });
  afterAll(async () => t?.close());

  let appId: string;

  it('申请制: apply, upload a material (checked, checksummed), sign the commitment, submit', async () => {
    const created = await t.http.post('/api/v1/applications').set('authorization', firmA).send({ itemId: appItem.itemId }).expect(201);
    appId = created.body.id;
    expect(created.body).toMatchObject({ state: 'draft', mode: 'application', modeLabel: '申请制', amountFen: 25 * WAN });
    expect(created.body.facts).toBeUndefined();
    // submitting without materials and commitment is refused and changes nothing
    const early = await t.http.post(`/api/v1/applications/${appId}/submit`).set('authorization', firmA).expect(400);
    expect(early.body.code).toBe('APPLICATION.MATERIALS_REQUIRED');
    const bad = await t.http.post(`/api/v1/applications/${appId}/materials`).set('authorization', firmA)
      .field('materialName', '研发费用专项审计报告').attach('file', Buffer.from('MZ not a pdf'), '报告.pdf').expect(415);
    expect(bad.body.code).toBe('MATERIAL.TYPE_NOT_ALLOWED');
    const up = await t.http.post(`/api/v1/applications/${appId}/materials`).set('authorization', firmA)
      .field('materialName', '研发费用专项审计报告').attach('file', PDF, '审计报告.pdf').expect(201);
    expect(up.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(up.body.fileName).toBe('审计报告.pdf'); // a Chinese file name survives the multipart parser
    const noCommit = await t.http.post(`/api/v1/applications/${appId}/submit`).set('authorization', firmA).expect(400);
    expect(noCommit.body.code).toBe('APPLICATION.COMMITMENT_REQUIRED');
    const text = await t.http.get('/api/v1/applications/commitment-text').set('authorization', firmA).expect(200);
    const signed = await t.http.post(`/api/v1/applications/${appId}/commitment`).set('authorization', firmA).send({ textVersion: text.body.textVersion }).expect(201);
    expect(signed.body).toMatchObject({ textVersion: text.body.textVersion, signer: '甲公司经办人' });
    const sub = await t.http.post(`/api/v1/applications/${appId}/submit`).set('authorization', firmA).expect(200);
    expect(sub.body.state).toBe('submitted');
    const dl = await t.http.get(`/api/v1/applications/${appId}/materials/${up.body.id}`).set('authorization', who.reviewer).expect(200);
    expect(Buffer.from(dl.body).equals(PDF)).toBe(true);
  });

  it('permissions: another firm and another department get 404; finance reads but cannot decide', async () => {
    expect((await t.http.get(`/api/v1/applications/${appId}`).set('authorization', firmB).expect(404)).body.code).toBe('APPLICATION.NOT_FOUND');
    const leak = await t.http.get(`/api/v1/applications/${appId}/timeline`).set('authorization', firmB).expect(404);
    expect(JSON.stringify(leak.body)).not.toContain(firmAId);
    await t.http.post(`/api/v1/applications/${appId}/withdraw`).set('authorization', firmB).send({}).expect(404);
    await t.http.get(`/api/v1/applications/${appId}`).set('authorization', who.otherReviewer).expect(404);
    await t.http.post(`/api/v1/applications/${appId}/decision`).set('authorization', who.otherReviewer).send({ decision: 'approve' }).expect(404);
    await t.http.get(`/api/v1/applications/${appId}`).set('authorization', who.finance).expect(200);
    await t.http.post(`/api/v1/applications/${appId}/decision`).set('authorization', who.finance).send({ decision: 'approve' }).expect(403);
    await t.http.post(`/api/v1/applications/${appId}/decision`).set('authorization', firmA).send({ decision: 'approve' }).expect(403);
    expect((await t.http.get('/api/v1/applications').set('authorization', firmB).expect(200)).body.total).toBe(0);
    expect((await t.http.get('/api/v1/applications').set('authorization', who.otherReviewer).expect(200)).body.total).toBe(0);
  });

  it('review: accept, return for more information, resubmit, approve (reserving the pool); illegal moves are 409 and change nothing', async () => {
    await t.http.post(`/api/v1/applications/${appId}/decision`).set('authorization', who.reviewer).send({ decision: 'accept' }).expect(200);
    expect((await t.http.post(`/api/v1/applications/${appId}/decision`).set('authorization', who.reviewer).send({ decision: 'return' }).expect(400)).body.code).toBe('REVIEW.COMMENT_REQUIRED');
    const ret = await t.http.post(`/api/v1/applications/${appId}/decision`).set('authorization', who.reviewer).send({ decision: 'return', comment: '请补充研发项目立项文件' }).expect(200);
    expect(ret.body.state).toBe('returned');
    const before = await t.http.get(`/api/v1/applications/${appId}`).set('authorization', firmA).expect(200);
    const illegal = await t.http.post(`/api/v1/applications/${appId}/decision`).set('authorization', who.reviewer).send({ decision: 'approve' }).expect(409);
    expect(illegal.body.code).toBe('APPLICATION.INVALID_STATE');
    expect((await t.http.get(`/api/v1/applications/${appId}`).set('authorization', firmA).expect(200)).body).toEqual(before.body);
    await t.http.post(`/api/v1/applications/${appId}/materials`).set('authorization', firmA).field('materialName', '研发项目立项文件').attach('file', PDF, '立项.pdf').expect(201);
    await t.http.post(`/api/v1/applications/${appId}/submit`).set('authorization', firmA).expect(200);
    const ok = await t.http.post(`/api/v1/applications/${appId}/decision`).set('authorization', who.reviewer).send({ decision: 'approve', comment: '材料齐全，同意' }).expect(200);
    expect(ok.body.state).toBe('approved');
    const pool = await t.http.get(`/api/v1/fund-pools/${appItem.itemId}`).set('authorization', who.finance).expect(200);
    expect(pool.body).toMatchObject({ totalFen: 1000 * WAN, reservedFen: 25 * WAN });
  });

  it('the firm sees every node with time, role, department, outcome and comment (全程透明)', async () => {
    const tl = await timelineOf(t, firmA, appId);
    // notices to the firm are nodes too: 补正 (what is missing) after the return, the approved amount after the approval
    expect(tl.map((n) => n.command)).toEqual(['create', 'note', 'note', 'submit', 'accept', 'return', 'note', 'note', 'submit', 'approve', 'note']);
    expect(tl[6].comment).toContain('【申请退回补正】您申请的「研发费用补助」需要补正：请补充研发项目立项文件');
    expect(tl[10].comment).toContain('【申请审核通过】您申请的「研发费用补助」已审核通过，核定金额 25万元');
    const ret = tl.find((n) => n.command === 'return')!;
    expect(ret).toMatchObject({ toState: 'returned', actorRole: 'dept_reviewer', comment: '请补充研发项目立项文件' });
    expect(ret).toMatchObject({ actorRoleLabel: '部门审核人', departmentCode: 'kjj', outcome: 'returned' });
    expect(typeof (ret as unknown as { at: string }).at).toBe('string');
  });

  it('duplicates are refused by constraint; a second benefit in the same exclusion group is refused', async () => {
    expect((await t.http.post('/api/v1/applications').set('authorization', firmA).send({ itemId: appItem.itemId }).expect(409)).body.code).toBe('APPLICATION.DUPLICATE');
    const rd2 = await publishItem(t, who, { name: '研发投入后补助', mode: 'application', exclusionGroup: 'rd' });
    expect((await t.http.post('/api/v1/applications').set('authorization', firmA).send({ itemId: rd2.itemId }).expect(409)).body.code).toBe('APPLICATION.EXCLUSION_CONFLICT');
    // a firm that does not match is told why
    const nm = await t.http.post('/api/v1/applications').set('authorization', firmC).send({ itemId: appItem.itemId }).expect(422);
    expect(nm.body.code).toBe('APPLICATION.NOT_ELIGIBLE');
    expect(nm.body.details.reasons.join()).toContain('企业标签');
  });

  it('即申即享: submitted and approved at once when every check passes; confirmed without 公示; paid; rated', async () => {
    const c = await t.http.post('/api/v1/applications').set('authorization', firmB).send({ itemId: instantItem.itemId }).expect(201);
    const id = c.body.id;
    const text = await t.http.get('/api/v1/applications/commitment-text').set('authorization', firmB).expect(200);
    await t.http.post(`/api/v1/applications/${id}/commitment`).set('authorization', firmB).send({ textVersion: text.body.textVersion }).expect(201);
    const sub = await t.http.post(`/api/v1/applications/${id}/submit`).set('authorization', firmB).expect(200);
    expect(sub.body).toMatchObject({ state: 'approved', amountFen: 20 * WAN });
    const conf = await t.http.post(`/api/v1/applications/${id}/confirm`).set('authorization', firmB).send({}).expect(200);
    expect(conf.body).toMatchObject({ state: 'ready_for_payout', payeeAccountMasked: expect.stringMatching(/^\d{6}\*+\d{4}$/) });
    await emitPayoutResult(t, id, 'settled', 20 * WAN);
    const paid = await t.http.get(`/api/v1/applications/${id}`).set('authorization', firmB).expect(200);
    expect(paid.body.state).toBe('paid');
    const tl = await timelineOf(t, firmB, id);
    expect(tl.filter((n) => n.command === 'approve')[0]).toMatchObject({ actorRole: 'system' });
    await t.http.post(`/api/v1/applications/${id}/rating`).set('authorization', firmB).send({ score: 5, comment: '很快' }).expect(201);
    await t.http.post(`/api/v1/applications/${id}/rating`).set('authorization', firmB).send({ score: 4 }).expect(409);
    const board = await t.http.get('/api/v1/supervision/board').set('authorization', who.reviewer).expect(200);
    expect(board.body).toEqual([expect.objectContaining({ departmentCode: 'kjj', ratingAverage: 5, ratings: 1 })]);
    const pool = await t.http.get(`/api/v1/fund-pools/${instantItem.itemId}`).set('authorization', who.reviewer).expect(200);
    expect(pool.body).toMatchObject({ reservedFen: 20 * WAN, paidFen: 20 * WAN });
  });

  it('the paid-benefits read model (for the sandbox\'s effect analysis) lists exactly the paid benefits of an item', async () => {
    const source = t.app.get<PaidBenefitsSource>(PAID_BENEFITS_SOURCE);
    const paid = await source.paidForItem(instantItem.itemId);
    expect(paid).toEqual([{ enterpriseId: firmBId, amountFen: 20 * WAN, paidAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) }]);
    // firm A's application for the other item is not paid: nothing for it; a malformed id reads nothing
    expect(await source.paidForItem(appItem.itemId)).toEqual([]);
    expect(await source.paidForItem("x' OR 1=1 --")).toEqual([]);
  });

  it('every state change is audited with before/after', async () => {
    const rows: Array<{ action: string; before_digest: string | null; after_digest: string | null }> = await t.dataSource.query(
      `SELECT action, before_digest, after_digest FROM audit.audit_log WHERE target_type = 'application' AND target_id = $1 ORDER BY seq`, [appId]);
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['application.submit', 'application.accept', 'application.return', 'application.approve']));
    expect(rows.filter((r) => r.action === 'application.approve').every((r) => r.before_digest && r.after_digest)).toBe(true);
  });

  it('supervision: an application waiting past its node limit is overdue, reminded once, and counted on the board', async () => {
    const c = await t.http.post('/api/v1/applications').set('authorization', firmC).send({ itemId: instantItem.itemId }).expect(422);
    expect(c.body.code).toBe('APPLICATION.NOT_ELIGIBLE');
    // firm A's second item: submit and leave it waiting
    const it2 = await publishItem(t, who, { name: '人才引进补贴', mode: 'application', materials: [] });
    const a2 = await t.http.post('/api/v1/applications').set('authorization', firmA).send({ itemId: it2.itemId }).expect(201);
    const text = await t.http.get('/api/v1/applications/commitment-text').set('authorization', firmA).expect(200);
    await t.http.post(`/api/v1/applications/${a2.body.id}/commitment`).set('authorization', firmA).send({ textVersion: text.body.textVersion }).expect(201);
    await t.http.post(`/api/v1/applications/${a2.body.id}/submit`).set('authorization', firmA).expect(200);
    expect((await t.http.get('/api/v1/supervision/overdue').set('authorization', who.reviewer).expect(200)).body).toHaveLength(0);
    t.app.get(ApprovalClock).advance(10 * 86_400_000);
    try {
      const overdue = (await t.http.get('/api/v1/supervision/overdue').set('authorization', who.reviewer).expect(200)).body;
      // every waiting step is timed: the submitted one waits for 受理, the approved 申请制 one for 公示
      expect(overdue).toEqual(expect.arrayContaining([
        expect.objectContaining({ applicationId: a2.body.id, node: 'accept', nodeLabel: '受理' }),
        expect.objectContaining({ applicationId: appId, node: 'disclosure', nodeLabel: '审核通过待公示', ownerLabel: '主管部门审核人' }),
      ]));
      expect(overdue).toHaveLength(2);
      expect((await t.http.get('/api/v1/supervision/overdue').set('authorization', who.otherReviewer).expect(200)).body).toHaveLength(0);
      expect((await t.http.post('/api/v1/supervision/reminders').set('authorization', who.admin).expect(200)).body.sent).toBe(2);
      expect((await t.http.post('/api/v1/supervision/reminders').set('authorization', who.admin).expect(200)).body.sent).toBe(0);
      const board = (await t.http.get('/api/v1/supervision/board').set('authorization', who.reviewer).expect(200)).body[0];
      expect(board).toMatchObject({ overdue: 2, inProgress: 1 });
      expect(board.closureRate).toBeGreaterThan(0);
    } finally {
      t.app.get(ApprovalClock).reset();
    }
    await settle(t.app);
  });
});
