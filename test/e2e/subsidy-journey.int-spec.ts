import { APPROVAL_MIGRATIONS, ApprovalClock, ApprovalsModule, InMemoryMaterialStorage, MATERIAL_STORAGE, PrequalificationService } from '@app/approvals';
import { EventNames } from '@app/contracts';
import { EventBus } from '@app/core';
import { ENTERPRISE_MIGRATIONS } from '@app/enterprises';
import { InProcessTreasuryAdapter, LedgerService, PAYOUT_MIGRATIONS, PayoutSender, PayoutsModule, TREASURY_PORT } from '@app/payouts';
import { MatchingService, POLICY_MIGRATIONS } from '@app/policies';
import { SANDBOX_MIGRATIONS, SandboxModule } from '@app/sandbox';
import { loadFirms, publishItem, WAN } from '../approvals/approval-fixture';
import { settle } from '../support/settle';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * The whole 免申即享 journey across the four centres, over HTTP: a policy item is published, the
 * platform pre-qualifies the eligible firms, a reviewer approves them in a batch, 公示, each firm
 * confirms its account, finance makes and checks a payout batch, the simulated bank pays, the
 * applications become paid — each firm debited exactly once — and the sandbox sees the payments.
 */
describe('免申即享 end to end: policy → approval → 公示 → payout → paid → effect analysis', () => {
  let t: TestApp;
  const who: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({
      imports: [
        ApprovalsModule.forRoot({ disclosureWorkingDays: 5 }, [{ provide: MATERIAL_STORAGE, useValue: new InMemoryMaterialStorage() }]),
        PayoutsModule.forRoot({ sweepIntervalMs: 300 }),
        SandboxModule.forRoot({ buildOnStart: false, refreshIntervalMs: 0 }),
      ],
      migrations: [...ENTERPRISE_MIGRATIONS, ...POLICY_MIGRATIONS, ...APPROVAL_MIGRATIONS, ...SANDBOX_MIGRATIONS, ...PAYOUT_MIGRATIONS],
    });
    t.app.get(EventBus).consume(4);
    t.app.get(MatchingService).startWorkers(1);
    t.app.get(PrequalificationService).startWorkers(1);
    t.app.get(PayoutSender).startWorkers();
    who.editor = await t.createUser({ username: 'kjj_editor', displayName: '科技局编辑', role: 'dept_editor', departmentCode: 'kjj' });
    who.reviewer = await t.createUser({ username: 'kjj_reviewer', displayName: '科技局审核', role: 'dept_reviewer', departmentCode: 'kjj' });
    who.maker = await t.createUser({ username: 'czj_maker', displayName: '财政经办', role: 'finance_maker', departmentCode: 'czj' });
    who.checker = await t.createUser({ username: 'czj_checker', displayName: '财政复核', role: 'finance_checker', departmentCode: 'czj' });
    who.leader = await t.createUser({ username: 'leader', displayName: '市领导', role: 'leader' });
  });
  afterAll(async () => {
    t?.app.get(PayoutSender).stop();
    await t?.close();
  });

  it('pays every eligible firm exactly once and shows each step to the firm', async () => {
    const firms = await loadFirms(t, [
      ...Array.from({ length: 5 }, (_, i) => ({ name: `郑州旅程测试企业${i}有限公司`, tags: 'hitech' })),
      { name: '郑州旅程测试不符合企业有限公司', tags: 'tech_sme' },
    ]);
    const firmAuth: string[] = [];
    for (const [i, id] of firms.entries()) firmAuth.push(await t.createUser({ username: `journey_${i}`, displayName: `企业${i}`, role: 'enterprise', enterpriseId: id }));

    // 1. publication → pre-qualified applications for the 5 高新技术企业 only
    const item = await publishItem(t, { editor: who.editor, reviewer: who.reviewer, otherReviewer: '', finance: '', admin: '' }, {
      name: '高企认定奖励', mode: 'no_application', formula: { kind: 'fixed', amount: 20 * WAN }, fundPoolFen: 1000 * WAN, applyFrom: null, applyTo: null,
    });
    await settle(t.app);
    const queue = await t.http.get(`/api/v1/review/queue?itemId=${item.itemId}`).set('authorization', who.reviewer).expect(200);
    const apps = queue.body.items as Array<{ id: string; enterpriseId: string; amountFen: number }>;
    expect(apps.map((a) => a.enterpriseId).sort()).toEqual(firms.slice(0, 5).sort());
    expect(apps.every((a) => a.amountFen === 20 * WAN)).toBe(true);

    // 2. batch approval, 公示, then each firm confirms after 公示 ends
    await t.http.post('/api/v1/review/batch-approve').set('authorization', who.reviewer).send({ itemId: item.itemId, comment: '同意' }).expect(200);
    const round = await t.http.post('/api/v1/disclosures').set('authorization', who.reviewer).send({ itemId: item.itemId }).expect(201);
    const publicList = await t.http.get('/api/v1/disclosures').expect(200);
    expect(JSON.stringify(publicList.body)).not.toMatch(/6222|credit_?code|creditCode/i);
    // the same 公示 as web pages, without login: names, item and amounts, nothing sensitive
    const index = await t.http.get('/api/v1/disclosures/page').expect(200);
    expect(index.headers['content-type']).toMatch(/text\/html/);
    expect(index.text).toContain('高企认定奖励');
    const roundId = (round.body.id ?? round.body.roundId) as string;
    const listPage = await t.http.get(`/api/v1/disclosures/${roundId}/page`).expect(200);
    expect(listPage.text).toContain('郑州旅程测试企业0有限公司');
    expect(listPage.text).toContain('20万元');
    const codes: Array<{ credit_code: string }> = await t.dataSource.query(`SELECT credit_code FROM enterprise.enterprises`);
    for (const c of codes) expect(listPage.text).not.toContain(c.credit_code);
    expect(listPage.text).not.toMatch(/6222|138\d{8}/);
    t.app.get(ApprovalClock).advance(15 * 86_400_000);
    for (const a of apps) {
      const auth = firmAuth[firms.indexOf(a.enterpriseId)];
      const c = await t.http.post(`/api/v1/applications/${a.id}/confirm`).set('authorization', auth).send({}).expect(200);
      expect(c.body.state).toBe('ready_for_payout');
    }
    await settle(t.app);

    // 3. finance: the maker builds and submits a batch, a different checker approves, the bank pays
    const created = await t.http.post('/api/v1/payouts/batches').set('authorization', who.maker).send({ title: '高企奖励兑付', filter: {} }).expect(201);
    expect(created.body).toMatchObject({ instructionCount: 5, totalFen: 100 * WAN });
    await t.http.post(`/api/v1/payouts/batches/${created.body.id}/submit`).set('authorization', who.maker).expect(200);
    await t.http.post(`/api/v1/payouts/batches/${created.body.id}/approve`).set('authorization', who.maker).expect(403);
    await t.http.post(`/api/v1/payouts/batches/${created.body.id}/approve`).set('authorization', who.checker).expect(200);
    let status = '';
    for (let i = 0; i < 240 && status !== 'completed'; i++) {
      await settle(t.app);
      status = (await t.http.get(`/api/v1/payouts/batches/${created.body.id}`).set('authorization', who.maker).expect(200)).body.status;
      if (status !== 'completed') await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe('completed');
    await settle(t.app);

    // 4. paid: each firm's application and timeline; one debit per firm at the bank; the ledger balances
    for (const a of apps) {
      const auth = firmAuth[firms.indexOf(a.enterpriseId)];
      const view = await t.http.get(`/api/v1/applications/${a.id}`).set('authorization', auth).expect(200);
      expect(view.body.state).toBe('paid');
      const timeline = await t.http.get(`/api/v1/applications/${a.id}/timeline`).set('authorization', auth).expect(200);
      expect(timeline.body.map((n: { toState: string }) => n.toState)).toEqual(
        expect.arrayContaining(['pre_qualified', 'approved', 'in_disclosure', 'ready_for_payout', 'paid']),
      );
      await t.http.get(`/api/v1/applications/${a.id}`).set('authorization', firmAuth[5]).expect(404);
      const inbox = await t.http.get('/api/v1/me/inbox').set('authorization', auth).expect(200);
      const entry = inbox.body.items.find((x: { itemId: string }) => x.itemId === item.itemId);
      expect(entry).toMatchObject({ statusText: '资金已拨付到账：20万元', readAt: null });
    }
    const stats = await t.http.get(`/api/v1/policies/${(await t.dataSource.query(`SELECT policy_id FROM policy.items WHERE id = $1`, [item.itemId]))[0].policy_id}/stats`).set('authorization', who.editor).expect(200);
    expect(stats.body[0]).toMatchObject({ pushed: 5, applied: 5 });
    const bank = (t.app.get(TREASURY_PORT) as InProcessTreasuryAdapter).bank;
    const debits: Array<{ application_id: string; n: number }> = await t.dataSource.query(
      `SELECT i.application_id, count(*)::int AS n FROM treasury_sim.payments p JOIN payout.instructions i ON i.id = p.instruction_id GROUP BY i.application_id`,
    );
    expect(debits.map((d) => d.application_id).sort()).toEqual(apps.map((a) => a.id).sort());
    expect(debits.every((d) => d.n === 1)).toBe(true);
    expect((await bank.summary()).settledFen).toBe(100 * WAN);
    const [pool] = await t.dataSource.query(`SELECT budget_fen, committed_fen FROM payout.fund_pools WHERE id = $1`, [item.itemId]);
    expect(pool).toEqual({ budget_fen: 1000 * WAN, committed_fen: 100 * WAN });
    const [{ districts }] = await t.dataSource.query(`SELECT count(DISTINCT district_code)::int AS districts FROM payout.instructions WHERE district_code IS NOT NULL`);
    expect(districts).toBeGreaterThan(0);
    const check = await t.app.get(LedgerService).check();
    expect(check.ok).toBe(true);
    const [{ settled }] = await t.dataSource.query(`SELECT count(*)::int AS settled FROM core.outbox_events WHERE name = $1`, [EventNames.PayoutSettled]);
    expect(settled).toBe(5);

    // 5. the sandbox's effect analysis finds the five paid firms
    const effect = await t.http.get(`/api/v1/sandbox/effects/${item.itemId}`).set('authorization', who.leader).expect(200);
    expect(effect.body.paid).toEqual({ firms: 5, totalFen: 100 * WAN });
  });
});
