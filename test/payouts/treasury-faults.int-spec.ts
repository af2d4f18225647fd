import { LedgerService, PayoutSender } from '@app/payouts';
import { settle } from '../support/settle';
import { appendReadyEvents, makeReadyPayload } from './support/payout-factories';
import { approveBatch, createPayoutTestApp, PayoutTestApp } from './support/payout-test-app';

jest.setTimeout(120_000);

/**
 * The simulated treasury misbehaves: answers lost after booking, calls timing out, duplicate
 * callbacks, a partially failed batch. Each instruction is still debited at most once and the
 * ledger equals the bank.
 */
describe('treasury faults pay nothing twice', () => {
  let t: PayoutTestApp;

  beforeAll(async () => {
    t = await createPayoutTestApp({ chunkSize: 5 });
    t.startWorkers();
  }, 60_000);
  afterAll(async () => t?.close());
  afterEach(() => t.bank.setFaults({}));

  async function ready(pool: string, n: number) {
    const payloads = Array.from({ length: n }, () => makeReadyPayload(t.cipher, { fundPoolId: pool }));
    await appendReadyEvents(t.dataSource, t.outbox, payloads);
    await settle(t.app);
    return payloads;
  }

  async function bankAgreesWithLedger(pool: string) {
    const check = await t.app.get(LedgerService).check();
    expect(check.ok).toBe(true);
    const [bank] = await t.dataSource.query(
      `SELECT count(*)::int AS debits, count(DISTINCT p.instruction_id)::int AS distinct_ids, coalesce(sum(p.amount_fen) FILTER (WHERE p.status = 'settled'), 0)::bigint AS settled
       FROM treasury_sim.payments p JOIN payout.instructions i ON i.id = p.instruction_id WHERE i.fund_pool_id = $1 AND p.status <> 'failed'`,
      [pool],
    );
    const [ledger] = await t.dataSource.query(
      `SELECT coalesce(-sum(amount_fen), 0)::bigint AS paid FROM payout.journal_lines WHERE fund_pool_id = $1 AND account = 'bank_clearing'`,
      [pool],
    );
    expect(bank.debits).toBe(bank.distinct_ids);
    expect(Number(ledger.paid)).toBe(Number(bank.settled));
    return bank;
  }

  it('a lost answer: the bank booked the chunk, the worker retries, asks for status first and books each payment once', async () => {
    await ready('pool-lost', 12);
    t.bank.setFaults({ loseNextAnswers: 2 });
    const batchId = await approveBatch(t, { fundPoolId: 'pool-lost' });
    await settle(t.app);
    const [{ settled }] = await t.dataSource.query(`SELECT count(*)::int AS settled FROM payout.instructions WHERE batch_id = $1 AND status = 'settled'`, [batchId]);
    expect(settled).toBe(12);
    const bank = await bankAgreesWithLedger('pool-lost');
    expect(bank.debits).toBe(12);
    const [{ retried }] = await t.dataSource.query(`SELECT count(*)::int AS retried FROM payout.send_chunks WHERE batch_id = $1 AND attempts > 1`, [batchId]);
    expect(retried).toBe(2);
    // the retries asked first: the bank never saw a second submission of those instructions
    expect((await t.bank.summary()).duplicatesRefused).toBe(0);
  });

  it('timeouts before the bank saw anything: re-sent, paid once', async () => {
    await ready('pool-timeout', 7);
    t.bank.setFaults({ timeoutNextCalls: 2, latencyMs: 5 });
    const batchId = await approveBatch(t, { fundPoolId: 'pool-timeout' });
    await settle(t.app);
    const [{ settled }] = await t.dataSource.query(`SELECT count(*)::int AS settled FROM payout.instructions WHERE batch_id = $1 AND status = 'settled'`, [batchId]);
    expect(settled).toBe(7);
    expect((await bankAgreesWithLedger('pool-timeout')).debits).toBe(7);
  });

  it('duplicate callbacks (and a replayed answer) book and announce each result once', async () => {
    await ready('pool-dup', 6);
    t.bank.setFaults({ duplicateCallbacks: true });
    const batchId = await approveBatch(t, { fundPoolId: 'pool-dup' });
    await settle(t.app);
    await t.bank.callbacksDelivered();
    // the bank re-sends everything it knows once more, through the sender's own recording path
    const ids: Array<{ id: string }> = await t.dataSource.query(`SELECT id FROM payout.instructions WHERE batch_id = $1`, [batchId]);
    const replay = await t.app.get(PayoutSender).recordResults(await t.treasury.status(ids.map((r) => r.id)), 'test.replay');
    expect(replay).toMatchObject({ settled: 0, ignored: 6 });
    await bankAgreesWithLedger('pool-dup');
    const [{ events }] = await t.dataSource.query(
      `SELECT count(*)::int AS events FROM core.outbox_events WHERE name = 'payout.settled' AND aggregate_id = ANY($1::text[])`,
      [ids.map((r) => r.id)],
    );
    expect(events).toBe(6);
    const [{ entries }] = await t.dataSource.query(
      `SELECT count(*)::int AS entries FROM payout.journal_entries WHERE kind = 'settle' AND instruction_id = ANY($1::uuid[])`,
      [ids.map((r) => r.id)],
    );
    expect(entries).toBe(6);
  });

  it('a partially failed batch: the refused ones fail (commitment released), the others settle', async () => {
    await ready('pool-partial', 20);
    let i = 0;
    t.bank.setRandom(() => (i++ % 4 === 0 ? 0 : 0.99)); // every 4th order refused
    t.bank.setFaults({ partialFailureRate: 0.5 });
    const batchId = await approveBatch(t, { fundPoolId: 'pool-partial' });
    await settle(t.app);
    t.bank.setRandom(Math.random);
    const rows: Array<{ status: string; n: number }> = await t.dataSource.query(
      `SELECT status, count(*)::int AS n FROM payout.instructions WHERE batch_id = $1 GROUP BY status ORDER BY status`,
      [batchId],
    );
    expect(rows).toEqual([{ status: 'failed', n: 5 }, { status: 'settled', n: 15 }]);
    const [pool] = await t.dataSource.query(`SELECT committed_fen FROM payout.fund_pools WHERE id = 'pool-partial'`);
    const [{ settledFen }] = await t.dataSource.query(`SELECT sum(amount_fen)::bigint AS "settledFen" FROM payout.instructions WHERE batch_id = $1 AND status = 'settled'`, [batchId]);
    expect(Number(pool.committed_fen)).toBe(Number(settledFen));
    await bankAgreesWithLedger('pool-partial');
    const [{ failedEvents }] = await t.dataSource.query(`SELECT count(*)::int AS "failedEvents" FROM core.outbox_events WHERE name = 'payout.failed'`);
    expect(failedEvents).toBe(5);
  });
});
