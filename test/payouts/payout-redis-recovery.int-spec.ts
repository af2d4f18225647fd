import Redis from 'ioredis';
import { OutboxRelay } from '@app/core';
import { InstructionsService, LedgerService } from '@app/payouts';
import { makeReadyPayload } from './support/payout-factories';
import { approveBatch, createPayoutTestApp, PayoutTestApp } from './support/payout-test-app';
import { describeWhen, needs } from '../support/requires';

jest.setTimeout(120_000);

/**
 * Redis is emptied in the middle of a batch: the queued send jobs are gone. PostgreSQL holds the
 * truth (send chunks with leases), the recovery sweep re-queues what is unfinished, and every
 * instruction is still paid exactly once. Uses its own Redis database index (/5) and FLUSHDB, so
 * nothing else on that Redis is touched.
 */
const REDIS = process.env.TEST_REDIS_URL;

describeWhen(needs.redis, 'Redis emptied mid-batch: recovered from PostgreSQL', () => {
  let t: PayoutTestApp;
  let redis: Redis;
  const dbUrl = () => {
    const u = new URL(REDIS as string);
    u.pathname = '/5';
    return u.toString();
  };

  beforeAll(async () => {
    t = await createPayoutTestApp(
      { chunkSize: 10, leaseMs: 2000, sweepIntervalMs: 300, treasury: { kind: 'simulated', faults: { latencyMs: 25, closedAccountSuffix: '' } } },
      { REDIS_URL: dbUrl() },
    );
    expect(t.config.queue.mode).toBe('bull');
    redis = new Redis(dbUrl());
    t.startWorkers();
  }, 60_000);
  afterAll(async () => {
    await redis?.quit();
    await t?.close();
  });

  it('pays all 300 instructions once after FLUSHDB', async () => {
    const N = 300;
    const payloads = Array.from({ length: N }, () => makeReadyPayload(t.cipher, { fundPoolId: 'pool-redis' }));
    await t.dataSource.transaction((m) => t.app.get(InstructionsService).ingest(m, payloads.map((payload) => ({ payload }))));
    const batchId = await approveBatch(t, { fundPoolId: 'pool-redis' });
    const done = async () =>
      Number((await t.dataSource.query(`SELECT count(*)::int AS n FROM payout.send_chunks WHERE batch_id = $1 AND status = 'done'`, [batchId]))[0].n);
    await t.app.get(OutboxRelay).drain(); // relay the approval event; sending goes on in the background
    const deadline = Date.now() + 20_000;
    while ((await done()) < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const before = await done();
    expect(before).toBeGreaterThanOrEqual(3);
    expect(before).toBeLessThan(30);
    // Workers write new keys at once (the recovery sweep re-queues), so only the flush itself is checked here.
    expect(await redis.flushdb()).toBe('OK');

    const until = Date.now() + 60_000;
    while ((await done()) < 30 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(await done()).toBe(30);
    const [ins] = await t.dataSource.query(`SELECT count(*) FILTER (WHERE status = 'settled')::int AS settled FROM payout.instructions WHERE batch_id = $1`, [batchId]);
    expect(ins.settled).toBe(N);
    const [bank] = await t.dataSource.query(
      `SELECT count(*)::int AS debits, sum(p.amount_fen)::bigint AS fen FROM treasury_sim.payments p JOIN payout.instructions i ON i.id = p.instruction_id WHERE i.batch_id = $1`,
      [batchId],
    );
    expect(bank.debits).toBe(N);
    expect(Number(bank.fen)).toBe(payloads.reduce((s, p) => s + p.amountFen, 0));
    const check = await t.app.get(LedgerService).check();
    expect(check.ok).toBe(true);
    expect(-check.bankClearingFen).toBe(Number(bank.fen));
  });
});
