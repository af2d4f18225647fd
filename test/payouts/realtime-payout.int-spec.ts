import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { EventBus } from '@app/core';
import { AUTO_BATCHER, AUTO_CHECKER, BatchesService, LedgerService, PayoutClock, TREASURY_PORT, TreasuryPort } from '@app/payouts';
import { settle } from '../support/settle';
import { waitFor } from '../support/wait-for';
import { appendReadyEvents, makeReadyPayload } from './support/payout-factories';
import { approveBatch, createPayoutTestApp, PayoutTestApp } from './support/payout-test-app';

jest.setTimeout(180_000);

const MIN = 60_000;

/**
 * 实时兑付 (issue 14 §3): ready instructions are batched per payer at a size or after a window on the
 * payout clock, a small batch is approved by the rule-based auto-check (recorded as such), a larger
 * one waits for a person; a department pays its own pools with its own maker/checker; finance tops up
 * and moves pool budgets under maker/checker, and every change shows in the pool's balance history.
 */
describe('payouts in real time: auto-batching, payers, pool movements', () => {
  let t: PayoutTestApp;
  let ds: DataSource;
  let batches: BatchesService;
  let clock: PayoutClock;
  let finMaker: string;
  let finChecker: string;
  let kjjMaker: string;
  let kjjChecker: string;
  let gxjChecker: string;
  let gxjMaker: string;
  let admin: string;

  beforeAll(async () => {
    t = await createPayoutTestApp({ chunkSize: 10 }, { AUTO_BATCH_EVERY_MS: String(10 * MIN), AUTO_BATCH_MAX: '5', AUTO_CHECK_MAX_FEN: '1000000' });
    ds = t.dataSource;
    batches = t.app.get(BatchesService);
    clock = t.app.get(PayoutClock);
    t.startWorkers();
    finMaker = await t.createUser({ username: 'fin_maker', displayName: '财政经办', role: 'finance_maker' });
    finChecker = await t.createUser({ username: 'fin_checker', displayName: '财政复核', role: 'finance_checker' });
    kjjMaker = await t.createUser({ username: 'kjj_payer_maker', displayName: '科技局支付经办', role: 'dept_payer_maker', departmentCode: 'kjj' });
    kjjChecker = await t.createUser({ username: 'kjj_payer_checker', displayName: '科技局支付复核', role: 'dept_payer_checker', departmentCode: 'kjj' });
    gxjMaker = await t.createUser({ username: 'gxj_payer_maker', displayName: '工信局支付经办', role: 'dept_payer_maker', departmentCode: 'gxj' });
    gxjChecker = await t.createUser({ username: 'gxj_payer_checker', displayName: '工信局支付复核', role: 'dept_payer_checker', departmentCode: 'gxj' });
    admin = await t.createUser({ username: 'root', displayName: '管理员', role: 'admin' });
  }, 90_000);
  afterAll(async () => {
    clock?.reset();
    await t?.close();
  });

  const ready = async (n: number, o: { pool: string; amountFen: number; departmentCode?: string; budgetFen?: number | null }) => {
    const ps = Array.from({ length: n }, () =>
      makeReadyPayload(t.cipher, { fundPoolId: o.pool, itemId: `item-${o.pool}`, amountFen: o.amountFen, departmentCode: o.departmentCode ?? 'kjj', fundPoolBudgetFen: o.budgetFen ?? null }));
    await appendReadyEvents(ds, t.outbox, ps);
    await settle(t.app);
    return ps;
  };
  const statusesOf = async (pool: string) =>
    Object.fromEntries((await ds.query(`SELECT status, count(*)::int AS n FROM payout.instructions WHERE fund_pool_id = $1 GROUP BY status`, [pool])).map((r: { status: string; n: number }) => [r.status, r.n]));

  it('cuts a batch at the size at once, the rest when the oldest has waited the window; small batches pass the auto-check and get paid', async () => {
    await ready(7, { pool: 'pool-rt', amountFen: 100_000 });
    const first = await batches.autoBatch();
    expect(first.batches).toEqual([expect.objectContaining({ payerCode: 'finance', instructionCount: 5, totalFen: 500_000, autoApproved: true })]);
    expect(await statusesOf('pool-rt')).toMatchObject({ created: 2 });

    clock.advance(9 * MIN);
    expect((await batches.autoBatch()).batches).toEqual([]); // the oldest has waited 9 of 10 minutes
    clock.advance(2 * MIN);
    const second = await batches.autoBatch();
    expect(second.batches).toEqual([expect.objectContaining({ instructionCount: 2, totalFen: 200_000, autoApproved: true })]);

    const view = await batches.get(first.batches[0].id);
    expect(view).toMatchObject({ origin: 'auto', approval: 'auto_check', createdBy: AUTO_BATCHER.id, submittedBy: AUTO_BATCHER.id, approvedBy: AUTO_CHECKER.id });
    expect(view.autoCheck).toMatchObject({ passed: true, limitFen: 1_000_000 });
    const [audit] = await ds.query(
      `SELECT actor_id, actor_name, details FROM audit.audit_log WHERE action = 'payout.batch.approve' AND target_id = $1`, [view.id]);
    expect(audit).toMatchObject({ actor_id: 'system:auto-check', actor_name: 'system:auto-check' });
    expect(JSON.stringify(audit.details)).toContain('auto_check');

    await settle(t.app);
    await waitFor(() => statusesOf('pool-rt'), (s) => s.settled === 7, 60_000);
    expect(await statusesOf('pool-rt')).toEqual({ settled: 7 });
    expect((await t.app.get(LedgerService).check()).ok).toBe(true);
  });

  it('leaves a batch at or above AUTO_CHECK_MAX_FEN to a human checker, who approves it', async () => {
    await ready(3, { pool: 'pool-big', amountFen: 400_000 });
    clock.advance(11 * MIN);
    const run = await batches.autoBatch();
    expect(run.batches).toEqual([expect.objectContaining({ instructionCount: 3, totalFen: 1_200_000, autoApproved: false })]);
    const id = run.batches[0].id;
    const waiting = await t.http.get(`/api/v1/payouts/batches/${id}`).set('authorization', finChecker);
    expect(waiting.body).toMatchObject({ status: 'submitted', origin: 'auto', approval: null });
    expect(waiting.body.autoCheck).toMatchObject({ passed: false, rules: expect.arrayContaining([{ rule: 'total_under_limit', passed: false, detail: expect.any(String) }]) });
    const [denied] = await ds.query(`SELECT actor_id, outcome FROM audit.audit_log WHERE action = 'payout.batch.auto_check' AND target_id = $1`, [id]);
    expect(denied).toEqual({ actor_id: 'system:auto-check', outcome: 'denied' });

    const approved = await t.http.post(`/api/v1/payouts/batches/${id}/approve`).set('authorization', finChecker);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', approval: 'checker' });
    await settle(t.app);
    await waitFor(() => statusesOf('pool-big'), (s) => s.settled === 3, 60_000);
  });

  it('never batches an instruction twice when two runs go at once', async () => {
    await ready(43, { pool: 'pool-race', amountFen: 100_000 });
    clock.advance(11 * MIN);
    const [a, b] = await Promise.all([batches.autoBatch(), batches.autoBatch()]);
    const made = [...a.batches, ...b.batches];
    expect(made.reduce((s, x) => s + x.instructionCount, 0)).toBe(43);
    expect(made.every((x) => x.instructionCount <= 5)).toBe(true);
    const [dups] = await ds.query(
      `SELECT count(*)::int AS n FROM (SELECT i.id FROM payout.instructions i JOIN audit.audit_log a ON a.target_id = i.batch_id::text AND a.action = 'payout.batch.create'
       WHERE i.fund_pool_id = 'pool-race' GROUP BY i.id HAVING count(*) > 1) d`);
    expect(dups.n).toBe(0);
    const [sum] = await ds.query(`SELECT sum(instruction_count)::int AS n FROM payout.batches WHERE id = ANY($1::uuid[])`, [made.map((x) => x.id)]);
    expect(sum.n).toBe(43);
    expect(await statusesOf('pool-race')).not.toHaveProperty('created');
    await settle(t.app);
    await waitFor(() => statusesOf('pool-race'), (s) => s.settled === 43, 60_000);
    expect((await t.app.get(LedgerService).check()).ok).toBe(true);
  });

  it('a department pays its own pools: only its payers build and approve them, finance and other departments cannot', async () => {
    await ready(2, { pool: 'pool-kjj', amountFen: 300_000, departmentCode: 'kjj' });
    // finance decides who pays; the pool goes to the department's own account
    expect((await t.http.patch('/api/v1/payouts/pools/pool-kjj').set('authorization', kjjChecker).send({ payer: 'department' })).status).toBe(403);
    const set = await t.http.patch('/api/v1/payouts/pools/pool-kjj').set('authorization', finChecker).send({ payer: 'department' });
    expect(set.body).toMatchObject({ payer: 'department', payerCode: 'kjj' });

    const byFinance = await t.http.post('/api/v1/payouts/batches').set('authorization', finMaker).send({ filter: { fundPoolId: 'pool-kjj' } });
    expect(byFinance.body.code).toBe('PAYOUT_BATCH.PAYER_FORBIDDEN');
    const byOther = await t.http.post('/api/v1/payouts/batches').set('authorization', gxjMaker).send({ filter: { fundPoolId: 'pool-kjj' } });
    expect(byOther.body.code).toBe('PAYOUT_BATCH.PAYER_FORBIDDEN');
    const anyOfOther = await t.http.post('/api/v1/payouts/batches').set('authorization', gxjMaker).send({ filter: {} });
    expect(anyOfOther.body.code).toBe('PAYOUT_BATCH.EMPTY_SELECTION');

    const made = await t.http.post('/api/v1/payouts/batches').set('authorization', kjjMaker).send({ filter: { fundPoolId: 'pool-kjj' } });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ payerCode: 'kjj', origin: 'manual', instructionCount: 2 });
    const id = made.body.id as string;
    expect((await t.http.get(`/api/v1/payouts/batches/${id}`).set('authorization', gxjMaker)).status).toBe(404);
    const gxjList = await t.http.get('/api/v1/payouts/batches').set('authorization', gxjChecker);
    expect(gxjList.body.items.map((b: { id: string }) => b.id)).not.toContain(id);
    expect((await t.http.post(`/api/v1/payouts/batches/${id}/submit`).set('authorization', finMaker)).body.code).toBe('PAYOUT_BATCH.PAYER_FORBIDDEN');
    expect((await t.http.post(`/api/v1/payouts/batches/${id}/submit`).set('authorization', kjjMaker)).status).toBe(200);
    // the department's checker sees the instructions of its own batch, nobody else's
    const own = await t.http.get(`/api/v1/payouts/instructions?batchId=${id}`).set('authorization', kjjChecker);
    expect([own.status, own.body.total]).toEqual([200, 2]);
    expect((await t.http.get(`/api/v1/payouts/instructions?batchId=${id}`).set('authorization', gxjChecker)).status).toBe(404);
    // without a batch: the instructions of the pools the department pays, nobody else's
    const unscoped = await t.http.get('/api/v1/payouts/instructions').set('authorization', kjjChecker);
    expect(unscoped.status).toBe(200);
    expect(new Set((unscoped.body.items as Array<{ fundPoolId: string }>).map((i) => i.fundPoolId))).toEqual(new Set(['pool-kjj']));

    const refusals = [
      await t.http.post(`/api/v1/payouts/batches/${id}/approve`).set('authorization', finChecker),
      await t.http.post(`/api/v1/payouts/batches/${id}/approve`).set('authorization', gxjChecker),
      await t.http.post(`/api/v1/payouts/batches/${id}/reject`).set('authorization', gxjChecker).send({ reason: '不是我们的' }),
    ];
    expect(refusals.map((r) => [r.status, r.body.code])).toEqual(Array(3).fill([403, 'PAYOUT_BATCH.PAYER_FORBIDDEN']));
    expect((await t.http.post(`/api/v1/payouts/batches/${id}/approve`).set('authorization', kjjMaker)).status).toBe(403); // a maker is no checker
    expect((await batches.get(id)).status).toBe('submitted');
    const ok = await t.http.post(`/api/v1/payouts/batches/${id}/approve`).set('authorization', kjjChecker);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'approved', approval: 'checker', payerCode: 'kjj' });

    // who pays cannot change under a batch waiting for its checker
    await ready(1, { pool: 'pool-kjj', amountFen: 100_000, departmentCode: 'kjj' });
    const pending = await t.http.post('/api/v1/payouts/batches').set('authorization', kjjMaker).send({ filter: { fundPoolId: 'pool-kjj' } });
    const flip = await t.http.patch('/api/v1/payouts/pools/pool-kjj').set('authorization', finChecker).send({ payer: 'finance' });
    expect([flip.status, flip.body.code]).toEqual([409, 'PAYOUT_POOL.BATCH_WAITING']);
    await t.http.post(`/api/v1/payouts/batches/${pending.body.id}/submit`).set('authorization', kjjMaker).expect(200);
    await t.http.post(`/api/v1/payouts/batches/${pending.body.id}/reject`).set('authorization', kjjChecker).send({ reason: '下一批' }).expect(200);

    // and a department payer cannot touch finance's batches either
    await ready(1, { pool: 'pool-fin2', amountFen: 100_000 });
    const fin = await t.http.post('/api/v1/payouts/batches').set('authorization', finMaker).send({ filter: { fundPoolId: 'pool-fin2' } });
    await t.http.post(`/api/v1/payouts/batches/${fin.body.id}/submit`).set('authorization', finMaker).expect(200);
    const cross = await t.http.post(`/api/v1/payouts/batches/${fin.body.id}/approve`).set('authorization', kjjChecker);
    expect([cross.status, cross.body.code]).toEqual([403, 'PAYOUT_BATCH.PAYER_FORBIDDEN']);
  });

  it('auto-batches per payer: a department pool and a finance pool never share a batch', async () => {
    await ready(2, { pool: 'pool-kjj', amountFen: 100_000, departmentCode: 'kjj' });
    await ready(2, { pool: 'pool-fin3', amountFen: 100_000 });
    clock.advance(11 * MIN);
    const run = await batches.autoBatch();
    expect(run.batches.map((b) => [b.payerCode, b.instructionCount]).sort()).toEqual([['finance', 2], ['kjj', 3]]); // kjj: 2 new + the one its checker sent back
  });

  it('tops up and moves pool budgets only with a second person, never over the budget line, with the balance history', async () => {
    await ready(1, { pool: 'pool-a', amountFen: 100_000, budgetFen: 1_000_000 });
    await ready(1, { pool: 'pool-b', amountFen: 100_000, budgetFen: 500_000 });
    await t.http.patch('/api/v1/payouts/pools/pool-a').set('authorization', finChecker).send({ budgetLineFen: 1_500_000 }).expect(200);
    const movements = async () => (await ds.query(`SELECT count(*)::int AS n FROM payout.pool_movements`))[0].n;
    const budget = async (id: string) => (await t.http.get(`/api/v1/payouts/pools/${id}`).set('authorization', finMaker)).body.budgetFen;

    // over the budget line → coded error, nothing written
    const over = await t.http.post('/api/v1/payouts/pools/movements').set('authorization', finMaker).send({ kind: 'top_up', toPoolId: 'pool-a', amountFen: 600_000, reason: '追加' });
    expect([over.status, over.body.code]).toEqual([422, 'PAYOUT_POOL.OVER_BUDGET_LINE']);
    expect(await movements()).toBe(0);
    const bad = await t.http.post('/api/v1/payouts/pools/movements').set('authorization', finMaker).send({ kind: 'transfer', toPoolId: 'pool-a', amountFen: -5, reason: 'x' });
    expect(bad.status).toBe(400);
    const tooMuch = await t.http.post('/api/v1/payouts/pools/movements').set('authorization', finMaker).send({ kind: 'transfer', fromPoolId: 'pool-a', toPoolId: 'pool-b', amountFen: 1_000_001, reason: '调拨' });
    expect([tooMuch.status, tooMuch.body.code]).toEqual([409, 'PAYOUT_POOL.INSUFFICIENT']);
    expect(await movements()).toBe(0);

    // a top-up: requested, not applied until a different person approves
    const req = await t.http.post('/api/v1/payouts/pools/movements').set('authorization', finMaker).send({ kind: 'top_up', toPoolId: 'pool-a', amountFen: 400_000, reason: '郑财预〔2026〕88 号' });
    expect(req.status).toBe(201);
    expect(await budget('pool-a')).toBe(1_000_000);
    expect((await t.http.post(`/api/v1/payouts/pools/movements/${req.body.id}/approve`).set('authorization', finMaker)).status).toBe(403);
    const own = await t.http.post('/api/v1/payouts/pools/movements').set('authorization', admin).send({ kind: 'top_up', toPoolId: 'pool-a', amountFen: 1, reason: '自批' });
    const self = await t.http.post(`/api/v1/payouts/pools/movements/${own.body.id}/approve`).set('authorization', admin);
    expect([self.status, self.body.code]).toEqual([403, 'PAYOUT_POOL_MOVEMENT.MAKER_CHECKER_SAME_PERSON']);
    const done = await t.http.post(`/api/v1/payouts/pools/movements/${req.body.id}/approve`).set('authorization', finChecker);
    expect(done.body).toMatchObject({ status: 'approved', kind: 'top_up' });
    expect(await budget('pool-a')).toBe(1_400_000);
    expect((await t.http.post(`/api/v1/payouts/pools/movements/${req.body.id}/approve`).set('authorization', finChecker)).body.code).toBe('PAYOUT_POOL_MOVEMENT.INVALID_STATE');

    // a transfer of what pool-b has not committed
    const tr = await t.http.post('/api/v1/payouts/pools/movements').set('authorization', finMaker).send({ kind: 'transfer', fromPoolId: 'pool-b', toPoolId: 'pool-a', amountFen: 50_000, reason: '动态调拨' });
    await t.http.post(`/api/v1/payouts/pools/movements/${tr.body.id}/approve`).set('authorization', finChecker).expect(200);
    expect([await budget('pool-a'), await budget('pool-b')]).toEqual([1_450_000, 450_000]);

    // publishing a new item version (a ready event with another budget) never changes an existing pool
    await ready(1, { pool: 'pool-a', amountFen: 100_000, budgetFen: 9_999_999 });
    expect(await budget('pool-a')).toBe(1_450_000);

    // paying commits money; the history shows every change with its cause
    clock.advance(11 * MIN);
    await batches.autoBatch();
    const hist = await t.http.get('/api/v1/payouts/pools/pool-a/history?pageSize=50').set('authorization', finChecker);
    expect(hist.status).toBe(200);
    const causes = hist.body.items.map((h: { cause: string }) => h.cause).reverse();
    expect(causes).toEqual(['opened', 'top_up', 'transfer_in', 'commit']); // a budget line is a setting, not a balance change
    expect(hist.body.items[0]).toMatchObject({ cause: 'commit', committedDeltaFen: 200_000, budgetFen: 1_450_000, committedFen: 200_000, availableFen: 1_250_000 });
    const outB = (await t.http.get('/api/v1/payouts/pools/pool-b/history').set('authorization', finChecker)).body.items;
    expect(outB.find((h: { cause: string }) => h.cause === 'transfer_out')).toMatchObject({ budgetDeltaFen: -50_000, ref: `movement ${tr.body.id}` });
    const [audited] = await ds.query(`SELECT count(*)::int AS n FROM audit.audit_log WHERE target_type = 'pool_movement'`);
    expect(audited.n).toBeGreaterThanOrEqual(4);
  });

  it('reports the treasury adapter on /health', async () => {
    const res = await t.http.get('/api/v1/health').expect(200);
    expect(res.body.treasury).toEqual({ mode: 'sim' });
  });
});

describe('TREASURY_MODE chooses the adapter of the deployable', () => {
  it('pays through payment files with TREASURY_MODE=file and says so on /health', async () => {
    const t = await createPayoutTestApp({ treasury: undefined }, { TREASURY_MODE: 'file' });
    try {
      const treasury = t.app.get<TreasuryPort>(TREASURY_PORT);
      expect(treasury.kind).toBe('file');
      expect((await t.http.get('/api/v1/health').expect(200)).body.treasury).toEqual({ mode: 'file' });
      t.app.get(EventBus).consume(2); // events only: this test sends the chunk itself
      await appendReadyEvents(t.dataSource, t.outbox, [makeReadyPayload(t.cipher, { fundPoolId: 'pool-file' })]);
      await settle(t.app);
      const batchId = await approveBatch(t, { fundPoolId: 'pool-file' });
      const [chunk] = await t.dataSource.query(`SELECT id FROM payout.send_chunks WHERE batch_id = $1`, [batchId]);
      await t.sender.sendChunk(chunk.id);
      expect(readdirSync(join(t.config.dataDir, 'treasury', 'out'))).toEqual([`PAY_${batchId}_${chunk.id}.txt`]);
    } finally {
      await t.close();
    }
  }, 90_000);

  it('calls the treasury API with TREASURY_MODE=http', async () => {
    const t = await createPayoutTestApp({ treasury: undefined }, { TREASURY_MODE: 'http', TREASURY_URL: 'http://127.0.0.1:9/' });
    try {
      expect(t.app.get<TreasuryPort>(TREASURY_PORT).kind).toBe('http');
      expect((await t.http.get('/api/v1/health').expect(200)).body.treasury).toEqual({ mode: 'http' });
    } finally {
      await t.close();
    }
  }, 90_000);
});
