import { AuditService, OutboxRelay } from '@app/core';
import { InstructionsService, LedgerService } from '@app/payouts';
import { startExternalBank, ExternalBank } from './support/external-bank';
import { makeReadyPayload } from './support/payout-factories';
import { approveBatch, createPayoutTestApp, PayoutTestApp } from './support/payout-test-app';
import { startPrivatePostgres, PrivatePostgres } from '../support/private-postgres';
import { describeVariants, needs } from '../support/requires';
import { waitFor } from '../support/wait-for';

/**
 * PostgreSQL goes away in the middle of a payout batch — once as a crash (`pg_ctl stop -m
 * immediate`: every connection cut, in-flight transactions lost, recovery at start) and down for a
 * while, once as a fast restart — while the sender is between the bank and its own bookkeeping. Nobody
 * intervenes: the sender's retries and recovery sweep finish the batch when the database is back, and
 * every instruction is debited once at the bank, booked once in the ledger (ledger = bank), announced
 * once, and the audit chain verifies.
 *
 * The database is a private server of this suite (test/support/private-postgres.ts); the bank is a
 * service of its own (its state in files), so it lives through the database's restarts as the real one would.
 */
const N = 600;
const CHUNK = 20;

describeVariants(
  'PostgreSQL restarted during a payout batch (%s): the batch finishes by itself, every instruction paid once',
  [
    { name: 'in-process queue, down 1.5 s', requires: needs.postgresServer, value: { redisUrl: () => '', outageMs: 1_500 } },
    // Longer than a job's whole retry budget (8 attempts, about 25 s of back-off). With Bull this left
    // the batch 'sending' for good: the chunk jobs failed while claiming, and the sweep's re-queue
    // under the same job id was ignored by Bull, which keeps failed jobs.
    {
      name: 'Bull, down 30 s',
      requires: [needs.postgresServer, needs.redis],
      value: { redisUrl: () => process.env.TEST_REDIS_URL as string, outageMs: 30_000 },
    },
  ],
  ({ redisUrl, outageMs }) => {
    let pg: PrivatePostgres;
    let bank: ExternalBank;
    let t: PayoutTestApp;

    beforeAll(async () => {
      pg = await startPrivatePostgres();
      bank = await startExternalBank({ latencyMs: 15 });
      t = await createPayoutTestApp(
        {
          chunkSize: CHUNK,
          leaseMs: 1500,
          sweepIntervalMs: 250,
          concurrency: 2,
          treasury: { kind: 'http', url: bank.url, timeoutMs: 5000 },
        },
        { REDIS_URL: redisUrl() },
        { database: await pg.testDatabase('payout_restart') },
      );
    }, 60_000);
    afterAll(async () => {
      await t?.close();
      await bank?.close();
      await pg?.destroy();
    });

    it(`pays ${N} instructions once through a crash and a restart of the database`, async () => {
      const payloads = Array.from({ length: N }, () => makeReadyPayload(t.cipher, { fundPoolId: 'pool-pg-restart' }));
      await t.dataSource.transaction((m) =>
        t.app.get(InstructionsService).ingest(
          m,
          payloads.map((payload) => ({ payload })),
        ),
      );
      const expectedFen = payloads.reduce((s, p) => s + p.amountFen, 0);
      const batchId = await approveBatch(t, { fundPoolId: 'pool-pg-restart' });
      const chunks = N / CHUNK;
      // Counts read while the database may be down: a failed read is "not yet".
      const doneChunks = () =>
        t.dataSource
          .query(`SELECT count(*)::int AS n FROM payout.send_chunks WHERE batch_id = $1 AND status = 'done'`, [batchId])
          .then((r: Array<{ n: number }>) => r[0].n)
          .catch(() => -1);

      t.app.get(OutboxRelay).start(100);
      t.startWorkers();

      // 1. the database crashes right after the bank answered a chunk and before the sender recorded
      //    the answer (the lost-answer window), and stays away for a while
      let calls = 0;
      let down = false;
      let beforeCrash = -1;
      t.sender.afterTreasuryCall = async () => {
        if (++calls !== 6) return;
        beforeCrash = await doneChunks();
        await pg.stop('immediate');
        down = true;
      };
      await waitFor(
        async () => down,
        (d) => d,
        30_000,
        5,
      );
      await new Promise((r) => setTimeout(r, outageMs));
      await pg.start();
      expect(beforeCrash).toBeGreaterThanOrEqual(0);
      expect(beforeCrash).toBeLessThan(chunks);

      // 2. a fast restart later in the batch
      const beforeRestart = await waitFor(doneChunks, (n) => n >= beforeCrash + 8 || n === chunks, 60_000, 5);
      expect(beforeRestart).toBeLessThan(chunks);
      await pg.restart({ mode: 'fast' });

      // 3. nobody steps in: the batch completes
      const batchStatus = () =>
        t.dataSource
          .query(`SELECT status FROM payout.batches WHERE id = $1`, [batchId])
          .then((r: Array<{ status: string }>) => r[0].status)
          .catch(() => 'unreadable');
      await waitFor(batchStatus, (s) => s === 'completed', 90_000, 100);

      const [ins] = await t.dataSource.query(
        `SELECT count(*) FILTER (WHERE status = 'settled')::int AS settled, count(*)::int AS total FROM payout.instructions WHERE batch_id = $1`,
        [batchId],
      );
      expect(ins).toEqual({ settled: N, total: N });

      // the bank: one debit per instruction, each an instruction of this batch, the batch's total
      const paid = await bank.payments();
      const ids = new Set<string>(
        (await t.dataSource.query(`SELECT id FROM payout.instructions WHERE batch_id = $1`, [batchId])).map((r: { id: string }) => r.id),
      );
      expect(paid.filter((p) => p.status === 'settled')).toHaveLength(N);
      expect(new Set(paid.map((p) => p.instructionId)).size).toBe(paid.length);
      expect(paid.every((p) => ids.has(p.instructionId))).toBe(true);
      const bankFen = paid.reduce((s, p) => s + p.amountFen, 0);
      expect(bankFen).toBe(expectedFen);

      // the ledger: balanced, nothing posted twice, and what left the bank account is what the bank debited
      const check = await t.app.get(LedgerService).check();
      expect(check).toMatchObject({
        ok: true,
        totalFen: 0,
        duplicatePostings: 0,
        unbalancedEntries: [],
        balanceMismatches: [],
        poolMismatches: [],
      });
      expect(-check.bankClearingFen).toBe(bankFen);
      const [{ settleEntries }] = await t.dataSource.query(
        `SELECT count(*)::int AS "settleEntries" FROM payout.journal_entries WHERE kind = 'settle'`,
      );
      expect(settleEntries).toBe(N);
      // one payout.settled event per instruction, every one relayed
      const [ev] = await t.dataSource.query(
        `SELECT count(*)::int AS events, count(DISTINCT payload->>'instructionId')::int AS instructions,
              count(*) FILTER (WHERE relayed_at IS NULL)::int AS unrelayed
       FROM core.outbox_events WHERE name = 'payout.settled'`,
      );
      expect({ events: ev.events, instructions: ev.instructions }).toEqual({ events: N, instructions: N });
      await waitFor(
        () =>
          t.dataSource
            .query(`SELECT count(*)::int AS n FROM core.outbox_events WHERE relayed_at IS NULL`)
            .then((r: Array<{ n: number }>) => r[0].n),
        (n) => n === 0,
        10_000,
      );
      expect(await t.app.get(AuditService).verify()).toMatchObject({ ok: true });

      const [{ resumed }] = await t.dataSource.query(
        `SELECT count(*)::int AS resumed FROM payout.send_chunks WHERE batch_id = $1 AND attempts > 1`,
        [batchId],
      );
      const summary = await bank.bank.summary();
      console.log(
        `[payout-postgres-restart] N=${N}: database crashed after ${beforeCrash}/${chunks} chunks and restarted after ${beforeRestart}; ` +
          `${resumed} chunks resumed, ${summary.requests} orders received by the bank, ${summary.duplicatesRefused} second debits refused, ${paid.length} debits — exactly once`,
      );
    }, 180_000);
  },
);
