import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { InstructionsService, LedgerService } from '@app/payouts';
import { makeReadyPayload } from './support/payout-factories';
import { approveBatch, createPayoutTestApp, PayoutTestApp } from './support/payout-test-app';
import { describeWhen, needs } from '../support/requires';

jest.setTimeout(120_000);

/**
 * Crash test: a worker in its own process sends a batch of thousands to the simulated treasury and
 * is killed (SIGKILL) at random moments — once deliberately right after the bank answered and
 * before the answer was recorded — and restarted each time. At the end every instruction was
 * debited exactly once at the bank and the ledger equals the bank's total.
 *
 * Needs PostgreSQL (two processes cannot share PGlite). Size: PAYOUT_CRASH_N (default 2,000),
 * kills: PAYOUT_CRASH_KILLS (default 6).
 */
const N = Number(process.env.PAYOUT_CRASH_N ?? 2000);
const KILLS = Number(process.env.PAYOUT_CRASH_KILLS ?? 6);
const WORKER = join(__dirname, 'support', 'payout-worker.main.ts');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function startWorker(dbUrl: string, extraEnv: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', WORKER], {
    cwd: join(__dirname, '..', '..'),
    env: { ...process.env, NODE_OPTIONS: '', TS_NODE_TRANSPILE_ONLY: '1', PAYOUT_WORKER_DATABASE_URL: dbUrl, PAYOUT_WORKER_REDIS_URL: '', PAYOUT_WORKER_LATENCY_MS: '40', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start: ${stderr}`)), 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('READY')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`worker exited (${code ?? signal}) before READY: ${stderr}`));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => child.once('exit', () => r()));
}

describeWhen({ ...needs.postgres, reason: 'needs PostgreSQL (TEST_DATABASE_URL): a separate worker process cannot share PGlite' }, 'crash test: worker SIGKILLed while sending, restarted, pays every instruction exactly once', () => {
  let t: PayoutTestApp;
  let dbUrl: string;

  beforeAll(async () => {
    // this process only makes and approves the batch; the sending happens in the worker processes
    t = await createPayoutTestApp({ chunkSize: 25, treasury: { kind: 'simulated', faults: { closedAccountSuffix: '' } } }, { REDIS_URL: '' });
    dbUrl = t.db.url as string;
  }, 60_000);
  afterAll(async () => t?.close());

  it(`sends ${N} instructions through ${KILLS} random kills`, async () => {
    const payloads = Array.from({ length: N }, () => makeReadyPayload(t.cipher, { fundPoolId: 'pool-crash' }));
    await t.dataSource.transaction((m) => t.app.get(InstructionsService).ingest(m, payloads.map((payload) => ({ payload }))));
    const expectedFen = payloads.reduce((s, p) => s + p.amountFen, 0);
    await t.bank.store.init();
    const batchId = await approveBatch(t, { fundPoolId: 'pool-crash' });

    const pending = async () =>
      Number((await t.dataSource.query(`SELECT count(*)::int AS n FROM payout.instructions WHERE batch_id = $1 AND status NOT IN ('settled','returned','failed')`, [batchId]))[0].n);

    let starts = 0;
    let kills = 0;
    // 1st run: dies right after the 3rd treasury answer, before recording it (the lost-answer crash)
    let worker = await startWorker(dbUrl, { PAYOUT_WORKER_CRASH_AFTER_CALL: '3' });
    starts++;
    await exited(worker);
    kills++;
    const afterFirst = await pending();
    expect(afterFirst).toBeGreaterThan(0);
    expect(afterFirst).toBeLessThan(N);

    while (kills < KILLS && (await pending()) > 0) {
      worker = await startWorker(dbUrl);
      starts++;
      await sleep(100 + Math.floor(Math.random() * 600));
      worker.kill('SIGKILL');
      await exited(worker);
      kills++;
    }
    // the last worker runs to the end
    worker = await startWorker(dbUrl);
    starts++;
    const batchStatus = async () => (await t.dataSource.query(`SELECT status FROM payout.batches WHERE id = $1`, [batchId]))[0].status as string;
    const deadline = Date.now() + 120_000;
    while (((await pending()) > 0 || (await batchStatus()) !== 'completed') && Date.now() < deadline) await sleep(200);
    worker.kill('SIGTERM');
    await exited(worker);

    const [ins] = await t.dataSource.query(
      `SELECT count(*) FILTER (WHERE status = 'settled')::int AS settled, count(*)::int AS total FROM payout.instructions WHERE batch_id = $1`,
      [batchId],
    );
    expect(ins).toEqual({ settled: N, total: N });
    const [bank] = await t.dataSource.query(
      `SELECT count(*)::int AS debits, count(DISTINCT instruction_id)::int AS distinct_ids, sum(amount_fen)::bigint AS fen FROM treasury_sim.payments WHERE status = 'settled'`,
    );
    const [req] = await t.dataSource.query(`SELECT count(*)::int AS requests, count(*) FILTER (WHERE duplicate)::int AS refused FROM treasury_sim.requests`);
    expect({ debits: bank.debits, distinct: bank.distinct_ids, fen: Number(bank.fen) }).toEqual({ debits: N, distinct: N, fen: expectedFen });
    // every instruction the bank holds belongs to the batch: nothing paid that should not be
    const [{ strays }] = await t.dataSource.query(
      `SELECT count(*)::int AS strays FROM treasury_sim.payments p LEFT JOIN payout.instructions i ON i.id = p.instruction_id AND i.batch_id = $1 WHERE i.id IS NULL`,
      [batchId],
    );
    expect(strays).toBe(0);

    const check = await t.app.get(LedgerService).check();
    expect(check).toMatchObject({ ok: true, totalFen: 0, duplicatePostings: 0 });
    expect(-check.bankClearingFen).toBe(Number(bank.fen));
    const [{ settleEntries }] = await t.dataSource.query(`SELECT count(*)::int AS "settleEntries" FROM payout.journal_entries WHERE kind = 'settle'`);
    expect(settleEntries).toBe(N);
    const [{ events, apps }] = await t.dataSource.query(
      `SELECT count(*)::int AS events, count(DISTINCT payload->>'applicationId')::int AS apps FROM core.outbox_events WHERE name = 'payout.settled'`,
    );
    expect({ events, apps }).toEqual({ events: N, apps: N });
    const [{ retried }] = await t.dataSource.query(`SELECT count(*)::int AS retried FROM payout.send_chunks WHERE batch_id = $1 AND attempts > 1`, [batchId]);
    const [b] = await t.dataSource.query(`SELECT status FROM payout.batches WHERE id = $1`, [batchId]);
    expect(b.status).toBe('completed');
    console.log(
      `[payout-crash] N=${N}: ${starts} worker starts, ${kills} SIGKILLs, ${retried} chunks resumed after a crash, ` +
        `${req.requests} order submissions, ${req.refused} second debits refused by the bank, ${bank.debits} debits — exactly once`,
    );
  }, 300_000);
});
