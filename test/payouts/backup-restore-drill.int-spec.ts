import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { APPROVAL_MIGRATIONS } from '@app/approvals';
import { AuditService, OutboxRelay } from '@app/core';
import { ENTERPRISE_MIGRATIONS } from '@app/enterprises';
import { InstructionsService, LedgerService, PAYOUT_MIGRATIONS } from '@app/payouts';
import { POLICY_MIGRATIONS } from '@app/policies';
import { SANDBOX_MIGRATIONS } from '@app/sandbox';
import { ExternalBank, startExternalBank } from './support/external-bank';
import { appendReadyEvents, makeReadyPayload } from './support/payout-factories';
import { approveBatch, createPayoutTestApp, PayoutTestApp } from './support/payout-test-app';
import { PrivatePostgres, startPrivatePostgres } from '../support/private-postgres';
import { describeWhen, needs } from '../support/requires';
import { waitFor } from '../support/wait-for';

/**
 * Backup/restore drill (docs/operations.md, "Backup and restore"): `pg_dump` of a running system in
 * the middle of a payout batch while payout-ready events keep arriving; the system is then lost
 * (after it paid more — the bank is ahead of the backup); the dump is restored into a new database;
 * `npm run ledger:check` and `npm run audit:verify` pass on the restored copy; a system started on
 * it finishes the work: every instruction paid once (what the lost system had already paid is
 * refused by the bank as a second debit and booked from its answer), ledger = bank, every
 * payout-ready event in the backup turned into exactly one instruction, paid once.
 *
 * The database is a private server (its pg_dump/pg_restore are the server's version); the bank is a
 * service of its own, which a restore does not roll back.
 */
const ROOT = join(__dirname, '..', '..');
const BATCH = 300;
const CHUNK = 10;
const READY_EVENTS = 150;
/** The platform's full schema, so the restored copy is a platform database the CLIs open without migrating it. */
const ALL_MIGRATIONS = [
  ...ENTERPRISE_MIGRATIONS,
  ...POLICY_MIGRATIONS,
  ...APPROVAL_MIGRATIONS,
  ...SANDBOX_MIGRATIONS,
  ...PAYOUT_MIGRATIONS,
];

function exec(file: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: ROOT, env: { ...process.env, ...env }, timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, out: `${stdout}${stderr}` });
    });
  });
}

/** `npm run <script>` as an operator would run it, against the given database. */
function npmRun(script: string, databaseUrl: string, dataDir: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], {
      cwd: ROOT,
      // the test runner's module flags are not the CLI's business
      env: { ...process.env, NODE_OPTIONS: '', NODE_ENV: 'development', DATABASE_URL: databaseUrl, REDIS_URL: '', DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => resolve({ code: code ?? 1, out }));
  });
}

describeWhen(
  needs.postgresServer,
  'backup/restore drill: pg_dump mid-activity, restore, verify, and the restored system finishes the work once',
  () => {
    let pg: PrivatePostgres;
    let bank: ExternalBank;
    let work: string;
    let lost: PayoutTestApp | undefined;
    let restored: PayoutTestApp | undefined;

    beforeAll(async () => {
      pg = await startPrivatePostgres();
      bank = await startExternalBank({ latencyMs: 30 });
      work = mkdtempSync(join(tmpdir(), 'qq-drill-'));
    }, 60_000);
    afterAll(async () => {
      await lost?.close().catch(() => undefined);
      await restored?.close();
      await bank?.close();
      await pg?.destroy();
      rmSync(work, { recursive: true, force: true });
    });

    /** The system of the drill: the payout center over the whole platform schema (so the CLIs open the copy without migrating it). */
    const boot = (database: string) =>
      createPayoutTestApp(
        { chunkSize: CHUNK, leaseMs: 2000, sweepIntervalMs: 250, treasury: { kind: 'http', url: bank.url, timeoutMs: 5000 } },
        { REDIS_URL: '' },
        { database: { mode: 'postgres', url: database, drop: async () => undefined }, migrations: ALL_MIGRATIONS },
      );

    it('restores a consistent copy that passes the checks and completes the pending work exactly once', async () => {
      // 1. a running system: a batch being sent, payout-ready events arriving
      const original = await pg.createDatabase('drill_live');
      lost = await boot(original);
      const t = lost;
      const batchPayloads = Array.from({ length: BATCH }, () => makeReadyPayload(t.cipher, { fundPoolId: 'pool-drill-batch' }));
      await t.dataSource.transaction((m) =>
        t.app.get(InstructionsService).ingest(
          m,
          batchPayloads.map((payload) => ({ payload })),
        ),
      );
      const batchId = await approveBatch(t, { fundPoolId: 'pool-drill-batch' });
      const chunks = BATCH / CHUNK;
      t.app.get(OutboxRelay).start(100);
      t.startWorkers();
      let feeding = true;
      const feeder = (async () => {
        for (let sent = 0; sent < READY_EVENTS && feeding; sent += 5) {
          await appendReadyEvents(
            t.dataSource,
            t.outbox,
            Array.from({ length: 5 }, () => makeReadyPayload(t.cipher, { fundPoolId: 'pool-drill-ready' })),
          );
          await new Promise((r) => setTimeout(r, 40));
        }
      })();
      const doneChunks = async (ds: PayoutTestApp['dataSource']) =>
        Number(
          (await ds.query(`SELECT count(*)::int AS n FROM payout.send_chunks WHERE batch_id = $1 AND status = 'done'`, [batchId]))[0].n,
        );

      // 2. the backup, taken while all of that goes on
      const atDump = await waitFor(
        () => doneChunks(t.dataSource),
        (n) => n >= 5,
        30_000,
        5,
      );
      expect(atDump).toBeLessThan(chunks);
      const dumpFile = join(work, 'qinqing.dump');
      const dump = await exec(join(pg.binDir, 'pg_dump'), ['--format=custom', '--file', dumpFile, '--dbname', original]);
      expect(dump).toMatchObject({ code: 0 });

      // 3. the system goes on a little (the bank gets ahead of the backup) and is then lost
      const atLoss = await waitFor(
        () => doneChunks(t.dataSource),
        (n) => n >= atDump + 6 || n === chunks,
        30_000,
        5,
      );
      feeding = false;
      await feeder;
      t.sender.stop();
      await t.close();
      lost = undefined;
      const admin = new Client({ connectionString: pg.url() });
      await admin.connect();
      await admin.query(`DROP DATABASE "${new URL(original).pathname.slice(1)}" WITH (FORCE)`);

      // 4. restore into a new database
      await admin.query(`CREATE DATABASE drill_restored`);
      await admin.end();
      const copy = pg.url('drill_restored');
      const restore = await exec(join(pg.binDir, 'pg_restore'), ['--no-owner', '--exit-on-error', '--dbname', copy, dumpFile]);
      expect(restore).toMatchObject({ code: 0 });

      // 5. the checks of the runbook, on the restored copy, as an operator runs them
      const ledgerCheck = await npmRun('ledger:check', copy, work);
      expect(ledgerCheck.out).toContain('ledger OK');
      expect(ledgerCheck.code).toBe(0);
      const auditVerify = await npmRun('audit:verify', copy, work);
      expect(auditVerify.out).toMatch(/audit log intact: \d+ entries verified/);
      expect(auditVerify.code).toBe(0);

      // 6. a system started on the copy finishes what was pending — once
      restored = await boot(copy);
      const r = restored;
      const inCopy = await doneChunks(r.dataSource);
      expect(inCopy).toBeLessThan(atLoss); // the bank is ahead of the backup: work paid after it must not be paid again
      const [{ readyInCopy }] = await r.dataSource.query(
        `SELECT count(*)::int AS "readyInCopy" FROM core.outbox_events WHERE name = 'application.ready_for_payout'`,
      );
      expect(readyInCopy).toBeGreaterThan(0);
      // events the lost system had relayed but not handled when the backup was taken are relayed again
      // once unhandled for this long (60 s by default)
      r.app.get(OutboxRelay).start(100, { redeliverAfterMs: 1000 });
      r.startWorkers();
      const status = async () =>
        (await r.dataSource.query(`SELECT status FROM payout.batches WHERE id = $1`, [batchId]))[0].status as string;
      await waitFor(status, (s) => s === 'completed', 60_000, 100);
      const readyInstructions = async () =>
        Number(
          (await r.dataSource.query(`SELECT count(*)::int AS n FROM payout.instructions WHERE fund_pool_id = 'pool-drill-ready'`))[0].n,
        );
      await waitFor(readyInstructions, (n) => n === readyInCopy, 30_000, 50);
      const second = await approveBatch(r, { fundPoolId: 'pool-drill-ready' });
      await waitFor(
        async () => (await r.dataSource.query(`SELECT status FROM payout.batches WHERE id = $1`, [second]))[0].status as string,
        (s) => s === 'completed',
        60_000,
        100,
      );

      // every instruction of the copy settled, one instruction per application
      const [ins] = await r.dataSource.query(
        `SELECT count(*)::int AS total, count(DISTINCT application_id)::int AS applications, count(*) FILTER (WHERE status = 'settled')::int AS settled FROM payout.instructions`,
      );
      expect(ins).toEqual({ total: BATCH + readyInCopy, applications: BATCH + readyInCopy, settled: BATCH + readyInCopy });
      // the bank: one debit per instruction; what the lost system had paid after the backup was asked again and refused
      const paid = await bank.payments();
      const ids = new Set<string>((await r.dataSource.query(`SELECT id FROM payout.instructions`)).map((x: { id: string }) => x.id));
      expect(paid).toHaveLength(BATCH + readyInCopy);
      expect(paid.every((p) => ids.has(p.instructionId) && p.status === 'settled')).toBe(true);
      const summary = await bank.bank.summary();
      expect(summary.duplicatesRefused).toBeGreaterThan(0);
      // the ledger equals the bank; nothing booked twice; the audit chain goes on from the copy's
      const check = await r.app.get(LedgerService).check();
      expect(check).toMatchObject({ ok: true, totalFen: 0, duplicatePostings: 0 });
      expect(-check.bankClearingFen).toBe(paid.reduce((s, p) => s + p.amountFen, 0));
      const [{ settleEntries }] = await r.dataSource.query(
        `SELECT count(*)::int AS "settleEntries" FROM payout.journal_entries WHERE kind = 'settle'`,
      );
      expect(settleEntries).toBe(BATCH + readyInCopy);
      expect(await r.app.get(AuditService).verify()).toMatchObject({ ok: true });
      console.log(
        `[backup-restore-drill] dump at ${atDump}/${chunks} chunks, system lost at ${atLoss}; restored copy had ${inCopy} done and ${readyInCopy} ready events; ` +
          `${summary.duplicatesRefused} orders paid after the backup were re-sent and refused by the bank; ${paid.length} debits, ledger = bank`,
      );
    }, 240_000);
  },
);
