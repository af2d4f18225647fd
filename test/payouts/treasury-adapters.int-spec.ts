import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuid7 } from '@app/core';
import { buildTreasuryFile, createTreasurySimServer, FileSimStore, LedgerService, parseTreasuryFile, SimulatedBank } from '@app/payouts';
import { settle } from '../support/settle';
import { appendReadyEvents, makeReadyPayload } from './support/payout-factories';
import { approveBatch, createPayoutTestApp, PayoutTestApp } from './support/payout-test-app';

jest.setTimeout(120_000);

describe('treasury over HTTP: the simulator as its own service', () => {
  let t: PayoutTestApp;
  let sim: Server;
  let bank: SimulatedBank;
  let dir: string;
  let simUrl: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'treasury-sim-'));
    bank = new SimulatedBank(new FileSimStore(dir));
    // the app must exist first (callbacks go to it), but the app needs the sim's URL: reserve the port first
    sim = createTreasurySimServer(bank);
    await new Promise<void>((r) => sim.listen(0, '127.0.0.1', () => r()));
    simUrl = `http://127.0.0.1:${(sim.address() as AddressInfo).port}`;
    t = await createPayoutTestApp({ chunkSize: 4, treasury: { kind: 'http', url: simUrl, timeoutMs: 2000 } });
    await t.app.listen(0, '127.0.0.1');
    const appUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    sim.close();
    sim = createTreasurySimServer(bank, { callbackUrl: `${appUrl}/api/v1/payouts/treasury/callbacks`, callbackKey: t.config.keys.treasuryCallback.current });
    await new Promise<void>((r) => sim.listen(Number(new URL(simUrl).port), '127.0.0.1', () => r()));
    t.startWorkers();
  }, 60_000);
  afterAll(async () => {
    sim?.close();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a lost answer and duplicate signed callbacks over HTTP: every instruction debited once; the statement reconciles', async () => {
    const payloads = Array.from({ length: 10 }, () => makeReadyPayload(t.cipher, { fundPoolId: 'pool-http' }));
    payloads[3] = makeReadyPayload(t.cipher, { fundPoolId: 'pool-http', accountNumber: '6222021111222230000' }); // closed
    await appendReadyEvents(t.dataSource, t.outbox, payloads);
    await settle(t.app);
    await fetch(`${simUrl}/faults`, { method: 'PUT', body: JSON.stringify({ loseNextAnswers: 1, duplicateCallbacks: true, latencyMs: 5 }) });
    const batchId = await approveBatch(t, { fundPoolId: 'pool-http' });
    await settle(t.app);
    await bank.callbacksDelivered();
    await settle(t.app);
    const rows: Array<{ status: string; n: number }> = await t.dataSource.query(
      `SELECT status, count(*)::int AS n FROM payout.instructions WHERE batch_id = $1 GROUP BY status ORDER BY status`,
      [batchId],
    );
    expect(rows).toEqual([{ status: 'returned', n: 1 }, { status: 'settled', n: 9 }]);
    const summary = (await (await fetch(`${simUrl}/summary`)).json()) as { debits: number; settledFen: number };
    expect(summary.debits).toBe(10);
    const check = await t.app.get(LedgerService).check();
    expect(check.ok).toBe(true);
    expect(-check.bankClearingFen).toBe(summary.settledFen);
    // a forged callback is refused
    const forged = await t.http.post('/api/v1/payouts/treasury/callbacks').set('x-treasury-signature', 'ab'.repeat(32)).send({ results: [] });
    expect(forged.status).toBe(401);

    const today = new Date().toISOString().slice(0, 10);
    const statement = await (await fetch(`${simUrl}/statement?date=${today}`)).text();
    const maker = await t.createUser({ username: 'http-maker', displayName: '经办', role: 'finance_maker' });
    const run = await t.http.post('/api/v1/payouts/reconciliation/statements').set('authorization', maker).send({ content: statement, batchId });
    expect(run.body).toMatchObject({ matched: 9, exceptions: 1, byClass: { matched: 9, returned: 1 } });
  });
});

describe('treasury by file: payment files out, result files in', () => {
  let t: PayoutTestApp;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'treasury-file-'));
    t = await createPayoutTestApp({ chunkSize: 3, treasury: { kind: 'file', dir } });
    t.startWorkers();
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes fixed-layout payment files with decrypted accounts, then settles and returns from the result file', async () => {
    const payloads = Array.from({ length: 7 }, () => makeReadyPayload(t.cipher, { fundPoolId: 'pool-file' }));
    await appendReadyEvents(t.dataSource, t.outbox, payloads);
    await settle(t.app);
    const batchId = await approveBatch(t, { fundPoolId: 'pool-file' });
    await settle(t.app);
    const [{ sent }] = await t.dataSource.query(`SELECT count(*)::int AS sent FROM payout.instructions WHERE batch_id = $1 AND status = 'sent'`, [batchId]);
    expect(sent).toBe(7);
    const files = readdirSync(join(dir, 'out'));
    expect(files).toHaveLength(3);
    const details = files.flatMap((f) => parseTreasuryFile(readFileSync(join(dir, 'out', f), 'utf8'), 'PAY1').details);
    expect(details).toHaveLength(7);
    expect(details.map((d) => d.account).sort()).toEqual(payloads.map((p) => t.cipher.decrypt(p.payeeAccountEncrypted)).sort());

    const result = buildTreasuryFile(
      { fileType: 'RES1', fileId: uuid7(), createdAt: new Date(), payerCode: 'ZZCZ0001', statementDate: null },
      details.map((d, i) => ({ instructionId: d.instructionId, status: i === 0 ? 'R' : 'S', amountFen: Number(d.amountFen), bankRef: `R${i}`, reason: i === 0 ? '账户已冻结' : '' })),
    );
    mkdirSync(join(dir, 'in'), { recursive: true });
    writeFileSync(join(dir, 'in', 'RES_1.txt'), result);
    const maker = await t.createUser({ username: 'file-maker', displayName: '经办', role: 'finance_maker' });
    const run = await t.http.post('/api/v1/payouts/reconciliation/result-files').set('authorization', maker).send({ content: result, fileName: 'RES_1.txt' });
    expect(run.status).toBe(201);
    expect(run.body).toMatchObject({ matched: 6, exceptions: 1 });
    // imported twice: nothing moves again
    await t.http.post('/api/v1/payouts/reconciliation/result-files').set('authorization', maker).send({ content: result }).expect(201);
    const rows: Array<{ status: string; n: number }> = await t.dataSource.query(
      `SELECT status, count(*)::int AS n FROM payout.instructions WHERE batch_id = $1 GROUP BY status ORDER BY status`,
      [batchId],
    );
    expect(rows).toEqual([{ status: 'returned', n: 1 }, { status: 'settled', n: 6 }]);
    const [b] = await t.dataSource.query(`SELECT status FROM payout.batches WHERE id = $1`, [batchId]);
    expect(b.status).toBe('completed');
    expect((await t.app.get(LedgerService).check()).ok).toBe(true);
    // the adapter reads the result file back for status queries too
    expect((await t.treasury.status([details[1].instructionId]))[0].status).toBe('settled');
  });
});
