import { APPROVAL_MIGRATIONS, ApprovalClock, ApprovalsModule, InMemoryMaterialStorage, MATERIAL_STORAGE, PrequalificationService } from '@app/approvals';
import { EventNames } from '@app/contracts';
import { EventBus } from '@app/core';
import { ENTERPRISE_MIGRATIONS } from '@app/enterprises';
import { AUTO_CHECKER, BatchesService, InProcessTreasuryAdapter, LedgerService, PAYOUT_MIGRATIONS, PayoutClock, PayoutSender, PayoutsModule, TREASURY_PORT } from '@app/payouts';
import { MatchingService, POLICY_MIGRATIONS } from '@app/policies';
import { SANDBOX_MIGRATIONS, SandboxModule } from '@app/sandbox';
import { loadFirms, publishItem, WAN } from '../approvals/approval-fixture';
import { settle } from '../support/settle';
import { waitFor } from '../support/wait-for';
import { createTestApp, TestApp } from '../support/test-app';

/** China time 09:00 of a day, as an instant. */
const morning = (day: string) => new Date(`${day}T09:00:00+08:00`);
const MIN = 60_000;

/**
 * The whole 免申即享 journey across the four centres, over HTTP, on a controlled clock: a policy
 * item is published, the platform pre-qualifies the eligible firms, a reviewer approves them in a
 * batch, 公示, the firms are told to confirm by a date and do, finance makes and checks a payout
 * batch, the simulated bank pays, the applications become paid — each firm debited exactly once and
 * told — the results are published, the board shows the days each step took, and the sandbox sees
 * the payments.
 */
describe('免申即享 end to end: policy → approval → 公示 → notice → confirmation → payout → paid → result published → board → effect analysis', () => {
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
    who.admin = await t.createUser({ username: 'admin', displayName: '管理员', role: 'admin' });
    t.app.get(ApprovalClock).set(morning('2027-03-01')); // a Monday
  });
  afterAll(async () => {
    t?.app.get(PayoutSender).stop();
    t?.app.get(ApprovalClock).reset();
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

    // 2. batch approval the next day, 公示 the day after (5 working days, to Wed 03-10)
    const clock = t.app.get(ApprovalClock);
    clock.set(morning('2027-03-02'));
    await t.http.post('/api/v1/review/batch-approve').set('authorization', who.reviewer).send({ itemId: item.itemId, comment: '同意' }).expect(200);
    clock.set(morning('2027-03-03'));
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

    // 3. 公示 over: each firm is told to confirm its account by a date (10 working days), and confirms two days later
    clock.set(morning('2027-03-11'));
    const run = await t.http.post('/api/v1/supervision/run').set('authorization', who.admin).expect(200);
    expect(run.body.deadlines).toMatchObject({ opened: 5, lapsed: 0 });
    for (const a of apps) {
      const auth = firmAuth[firms.indexOf(a.enterpriseId)];
      const notices = (await t.http.get('/api/v1/me/notices').set('authorization', auth).expect(200)).body.items;
      expect(notices[0]).toMatchObject({ kind: 'confirm_account', applicationId: a.id });
      expect(notices[0].body).toContain('请于 2027-03-24 前登录平台确认收款账户');
    }
    clock.set(morning('2027-03-12'));
    for (const a of apps) {
      const auth = firmAuth[firms.indexOf(a.enterpriseId)];
      const c = await t.http.post(`/api/v1/applications/${a.id}/confirm`).set('authorization', auth).send({}).expect(200);
      expect(c.body.state).toBe('ready_for_payout');
    }
    await settle(t.app);

    // 4. finance (the next working day): the maker builds and submits a batch, the day after a different checker approves, the bank pays
    clock.set(morning('2027-03-15'));
    const created = await t.http.post('/api/v1/payouts/batches').set('authorization', who.maker).send({ title: '高企奖励兑付', filter: {} }).expect(201);
    expect(created.body).toMatchObject({ instructionCount: 5, totalFen: 100 * WAN });
    await t.http.post(`/api/v1/payouts/batches/${created.body.id}/submit`).set('authorization', who.maker).expect(200);
    await t.http.post(`/api/v1/payouts/batches/${created.body.id}/approve`).set('authorization', who.maker).expect(403);
    clock.set(morning('2027-03-16'));
    await t.http.post(`/api/v1/payouts/batches/${created.body.id}/approve`).set('authorization', who.checker).expect(200);
    let status = '';
    for (let i = 0; i < 240 && status !== 'completed'; i++) {
      await settle(t.app);
      status = (await t.http.get(`/api/v1/payouts/batches/${created.body.id}`).set('authorization', who.maker).expect(200)).body.status;
      if (status !== 'completed') await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe('completed');
    await settle(t.app);

    // 5. paid: each firm's application and timeline, and a notice; one debit per firm at the bank; the ledger balances
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
      const entry = inbox.body.items.find((x: { itemId: string; kind: string }) => x.itemId === item.itemId && x.kind === 'eligible');
      expect(entry).toMatchObject({ statusText: '资金已拨付到账：20万元', readAt: null });
      const paidNotice = inbox.body.items.find((x: { kind: string; noticeKind?: string }) => x.kind === 'notice' && x.noticeKind === 'paid');
      expect(paidNotice.body).toContain('20万元已于 2027-03-16 拨付至您的账户');
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

    // 6. the results are public: firm, amount, date — no account; the statistics count them
    const published = await t.http.get(`/api/v1/public/results?itemId=${item.itemId}`).expect(200);
    expect(published.body).toMatchObject({ total: 5, amountFen: 100 * WAN });
    expect(published.body.items.map((r: { enterpriseName: string }) => r.enterpriseName).sort()).toEqual(Array.from({ length: 5 }, (_, i) => `郑州旅程测试企业${i}有限公司`));
    expect(published.body.items.every((r: { paidOn: string; amountText: string }) => r.paidOn === '2027-03-16' && r.amountText === '20万元')).toBe(true);
    const resultsPage = (await t.http.get('/api/v1/public/results/page').expect(200)).text;
    expect(resultsPage).toContain('郑州旅程测试企业0有限公司');
    for (const c of codes) expect(resultsPage).not.toContain(c.credit_code);
    expect(resultsPage).not.toMatch(/6222|138\d{8}/);
    const publicStats = await t.http.get('/api/v1/public/statistics').expect(200);
    expect(publicStats.body).toMatchObject({ items: 1, firms: 5, payments: 5, amountFen: 100 * WAN, averageDaysToMoney: 15 });

    // 7. the board: days per step for the department and finance, and publication → money
    const board = (await t.http.get('/api/v1/supervision/board').set('authorization', who.leader).expect(200)).body as Array<{
      departmentCode: string; steps: Array<{ step: string; completed: number; averageWorkingDays: number | null; onTimeRate: number | null }>;
      timeToMoney: { paid: number; averageDays: number | null; averageWorkingDays: number | null } }>;
    const days = (row: string) => Object.fromEntries(board.find((r) => r.departmentCode === row)!.steps.filter((x) => x.completed > 0).map((x) => [x.step, x.averageWorkingDays]));
    expect(days('kjj')).toEqual({ batch_approval: 1, disclosure: 1, confirmation: 2 });
    expect(days('finance')).toEqual({ batching: 1, checking: 1, paying: 0 });
    expect(board.find((r) => r.departmentCode === 'kjj')!.timeToMoney).toEqual({ paid: 5, averageDays: 15, averageWorkingDays: 11 });
    expect(board.every((r) => r.steps.every((x) => x.completed === 0 || x.onTimeRate === 1))).toBe(true);

    // 8. the sandbox's effect analysis finds the five paid firms
    const effect = await t.http.get(`/api/v1/sandbox/effects/${item.itemId}`).set('authorization', who.leader).expect(200);
    expect(effect.body.paid).toEqual({ firms: 5, totalFen: 100 * WAN });
  });
});

/**
 * The same journey with 实时兑付 (issue 14): nobody builds the payout batch. The firms confirm, the
 * auto-batcher cuts a batch when the oldest confirmation has waited its window on the payout clock
 * (AUTO_BATCH_EVERY_MS), the rule-based auto-check approves a batch under AUTO_CHECK_MAX_FEN and
 * records itself as the approver, a batch over it waits for a person; the bank pays, the results are
 * published and the board shows the days per step.
 */
describe('免申即享 end to end with auto-batching: confirmation → batch at its window → auto-check under the limit / a checker over it → paid → results → board', () => {
  let t: TestApp;
  const who: Record<string, string> = {};
  const AUTO_CHECK_MAX_FEN = 50 * WAN;

  beforeAll(async () => {
    t = await createTestApp({
      imports: [
        ApprovalsModule.forRoot({ disclosureWorkingDays: 5 }, [{ provide: MATERIAL_STORAGE, useValue: new InMemoryMaterialStorage() }]),
        PayoutsModule.forRoot({ sweepIntervalMs: 300 }),
        SandboxModule.forRoot({ buildOnStart: false, refreshIntervalMs: 0 }),
      ],
      migrations: [...ENTERPRISE_MIGRATIONS, ...POLICY_MIGRATIONS, ...APPROVAL_MIGRATIONS, ...SANDBOX_MIGRATIONS, ...PAYOUT_MIGRATIONS],
      env: { AUTO_BATCH_EVERY_MS: String(10 * MIN), AUTO_BATCH_MAX: '100', AUTO_CHECK_MAX_FEN: String(AUTO_CHECK_MAX_FEN) },
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
    who.admin = await t.createUser({ username: 'admin', displayName: '管理员', role: 'admin' });
    t.app.get(ApprovalClock).set(morning('2027-03-01')); // a Monday
  });
  afterAll(async () => {
    t?.app.get(PayoutSender).stop();
    t?.app.get(ApprovalClock).reset();
    t?.app.get(PayoutClock).reset();
    await t?.close();
  });

  it('cuts each batch at its window, approves the small one by rule and leaves the large one to a checker; pays each firm once; publishes the results; the board shows the days', async () => {
    const firms = await loadFirms(t, [
      ...Array.from({ length: 3 }, (_, i) => ({ name: `郑州实时兑付小额企业${i}有限公司`, tags: 'hitech' })),
      ...Array.from({ length: 2 }, (_, i) => ({ name: `郑州实时兑付大额企业${i}有限公司`, tags: 'tech_sme' })),
    ]);
    const firmAuth = new Map<string, string>();
    for (const [i, id] of firms.entries()) firmAuth.set(id, await t.createUser({ username: `realtime_${i}`, displayName: `企业${i}`, role: 'enterprise', enterpriseId: id }));
    const actors = { editor: who.editor, reviewer: who.reviewer, otherReviewer: '', finance: '', admin: '' };
    const clock = t.app.get(ApprovalClock);
    const payoutClock = t.app.get(PayoutClock);
    const batches = t.app.get(BatchesService);

    // 1. two 免申即享 items: 5万元 each to three 高新技术企业 (15万 in all, under the 50万 limit), 30万元 each to two 科技型中小企业 (60万, over it)
    const small = await publishItem(t, actors, {
      name: '高企认定奖励（实时）', mode: 'no_application', formula: { kind: 'fixed', amount: 5 * WAN }, fundPoolFen: 1000 * WAN, applyFrom: null, applyTo: null,
    });
    const large = await publishItem(t, actors, {
      name: '科技型中小企业研发奖励（实时）', mode: 'no_application', rule: { all: [{ fact: 'tags', operator: 'hasTag', value: 'tech_sme' }] },
      formula: { kind: 'fixed', amount: 30 * WAN }, fundPoolFen: 1000 * WAN, applyFrom: null, applyTo: null,
    });
    await settle(t.app);
    const queueOf = async (itemId: string) =>
      (await t.http.get(`/api/v1/review/queue?itemId=${itemId}`).set('authorization', who.reviewer).expect(200)).body.items as Array<{ id: string; enterpriseId: string; amountFen: number }>;
    const smallApps = await queueOf(small.itemId);
    const largeApps = await queueOf(large.itemId);
    expect(smallApps.map((a) => a.enterpriseId).sort()).toEqual(firms.slice(0, 3).sort());
    expect(largeApps.map((a) => a.enterpriseId).sort()).toEqual(firms.slice(3).sort());

    // 2. batch approval the next day, 公示 the day after; 3. 公示 over: every firm is told to confirm
    clock.set(morning('2027-03-02'));
    for (const item of [small, large]) await t.http.post('/api/v1/review/batch-approve').set('authorization', who.reviewer).send({ itemId: item.itemId, comment: '同意' }).expect(200);
    clock.set(morning('2027-03-03'));
    for (const item of [small, large]) await t.http.post('/api/v1/disclosures').set('authorization', who.reviewer).send({ itemId: item.itemId }).expect(201);
    clock.set(morning('2027-03-11'));
    expect((await t.http.post('/api/v1/supervision/run').set('authorization', who.admin).expect(200)).body.deadlines).toMatchObject({ opened: 5, lapsed: 0 });

    const confirmAll = async (apps: Array<{ id: string; enterpriseId: string }>) => {
      for (const a of apps) {
        const c = await t.http.post(`/api/v1/applications/${a.id}/confirm`).set('authorization', firmAuth.get(a.enterpriseId)!).send({}).expect(200);
        expect(c.body.state).toBe('ready_for_payout');
      }
      await settle(t.app);
    };
    const instructionStatuses = async (pool: string) =>
      Object.fromEntries((await t.dataSource.query(`SELECT status, count(*)::int AS n FROM payout.instructions WHERE fund_pool_id = $1 GROUP BY status`, [pool]))
        .map((r: { status: string; n: number }) => [r.status, r.n]));
    const batchView = async (id: string) => (await t.http.get(`/api/v1/payouts/batches/${id}`).set('authorization', who.checker).expect(200)).body;
    const paidOut = (id: string) => waitFor(async () => {
      await settle(t.app);
      return (await batchView(id)).status as string;
    }, (s) => s === 'completed', 60_000, 200);
    const statesOf = async (apps: Array<{ id: string }>) =>
      (await t.dataSource.query(`SELECT state FROM approval.applications WHERE id = ANY($1::uuid[])`, [apps.map((a) => a.id)])).map((r: { state: string }) => r.state);

    // 4. the three small firms confirm: their instructions wait for the window, then one batch is cut and the auto-check approves it
    clock.set(morning('2027-03-12'));
    await confirmAll(smallApps);
    expect(await instructionStatuses(small.itemId)).toEqual({ created: 3 });
    expect((await batches.autoBatch()).batches).toEqual([]); // the oldest has waited seconds of its 10 minutes
    payoutClock.advance(11 * MIN);
    const first = await batches.autoBatch();
    expect(first.batches).toEqual([{ id: expect.any(String), payerCode: 'finance', instructionCount: 3, totalFen: 15 * WAN, autoApproved: true }]);
    const auto = await batchView(first.batches[0].id);
    expect(auto).toMatchObject({ origin: 'auto', approval: 'auto_check', approvedBy: AUTO_CHECKER.id, autoCheck: { passed: true, limitFen: AUTO_CHECK_MAX_FEN } });
    const [approvedBy] = await t.dataSource.query(`SELECT actor_id, details FROM audit.audit_log WHERE action = 'payout.batch.approve' AND target_id = $1`, [auto.id]);
    expect(approvedBy.actor_id).toBe('system:auto-check');
    expect(approvedBy.details).toMatchObject({ approval: 'auto_check' });
    expect(await paidOut(auto.id)).toBe('completed');
    await settle(t.app);
    expect(await statesOf(smallApps)).toEqual(['paid', 'paid', 'paid']);

    // 5. the two large firms confirm on Monday: the batch is cut at its window, the rule refuses it, it waits for a checker
    clock.set(morning('2027-03-15'));
    await confirmAll(largeApps);
    expect((await batches.autoBatch()).batches).toEqual([]);
    payoutClock.advance(11 * MIN);
    const second = await batches.autoBatch();
    expect(second.batches).toEqual([{ id: expect.any(String), payerCode: 'finance', instructionCount: 2, totalFen: 60 * WAN, autoApproved: false }]);
    const waiting = await batchView(second.batches[0].id);
    expect(waiting).toMatchObject({ status: 'submitted', origin: 'auto', approval: null, approvedBy: null });
    expect(waiting.autoCheck).toMatchObject({ passed: false, rules: expect.arrayContaining([expect.objectContaining({ rule: 'total_under_limit', passed: false })]) });
    await settle(t.app);
    expect(await instructionStatuses(large.itemId)).toEqual({ submitted: 2 }); // in the waiting batch, not sent
    expect(await statesOf(largeApps)).toEqual(['ready_for_payout', 'ready_for_payout']);
    expect((await batches.autoBatch()).batches).toEqual([]); // nothing left to cut: the waiting batch is not cut again
    // the next working day a person checks it
    clock.set(morning('2027-03-16'));
    const checked = await t.http.post(`/api/v1/payouts/batches/${waiting.id}/approve`).set('authorization', who.checker).expect(200);
    expect(checked.body).toMatchObject({ status: 'approved', approval: 'checker' });
    expect(await paidOut(waiting.id)).toBe('completed');
    await settle(t.app);
    expect(await statesOf(largeApps)).toEqual(['paid', 'paid']);

    // 6. each firm debited once, the ledger balances, the results are public with the day each was paid
    const debits: Array<{ application_id: string; n: number }> = await t.dataSource.query(
      `SELECT i.application_id, count(*)::int AS n FROM treasury_sim.payments p JOIN payout.instructions i ON i.id = p.instruction_id GROUP BY i.application_id`,
    );
    expect(debits.map((d) => d.application_id).sort()).toEqual([...smallApps, ...largeApps].map((a) => a.id).sort());
    expect(debits.every((d) => d.n === 1)).toBe(true);
    expect((await (t.app.get(TREASURY_PORT) as InProcessTreasuryAdapter).bank.summary()).settledFen).toBe(75 * WAN);
    expect((await t.app.get(LedgerService).check()).ok).toBe(true);
    const results = async (itemId: string) => (await t.http.get(`/api/v1/public/results?itemId=${itemId}`).expect(200)).body;
    const smallResults = await results(small.itemId);
    expect(smallResults).toMatchObject({ total: 3, amountFen: 15 * WAN });
    expect(smallResults.items.every((r: { paidOn: string; amountText: string }) => r.paidOn === '2027-03-12' && r.amountText === '5万元')).toBe(true);
    const largeResults = await results(large.itemId);
    expect(largeResults).toMatchObject({ total: 2, amountFen: 60 * WAN });
    expect(largeResults.items.every((r: { paidOn: string; amountText: string }) => r.paidOn === '2027-03-16' && r.amountText === '30万元')).toBe(true);

    // 7. the board: finance's 组批 takes no day (cut the day the firms confirmed), 复核 none by rule and one by a person, 到账 the same day
    const board = (await t.http.get('/api/v1/supervision/board').set('authorization', who.leader).expect(200)).body as Array<{
      departmentCode: string; steps: Array<{ step: string; completed: number; averageWorkingDays: number | null }> }>;
    const days = (row: string) => Object.fromEntries(board.find((r) => r.departmentCode === row)!.steps.filter((x) => x.completed > 0).map((x) => [x.step, [x.completed, x.averageWorkingDays]]));
    expect(days('finance')).toEqual({ batching: [5, 0], checking: [5, 0.4], paying: [5, 0] });
    expect(days('kjj')).toMatchObject({ batch_approval: [5, 1], disclosure: [5, 1] });
  }, 300_000);
});
