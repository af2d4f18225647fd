import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deriveKey, uuid7 } from '@app/core';
import { buildTreasuryFile, callbackSignature, LedgerService } from '@app/payouts';
import { settle } from '../support/settle';
import { appendReadyEvents, makeReadyPayload } from './support/payout-factories';
import { approveBatch, createPayoutTestApp, PayoutTestApp } from './support/payout-test-app';

jest.setTimeout(120_000);

/** The master key published in the repository (the platform's old default). */
const PUBLISHED_MASTER = Buffer.from('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff', 'hex');

/**
 * Issue 16, hole 2: anyone who read the source could sign `POST /payouts/treasury/callbacks`, turn a
 * settled instruction into `returned`, have a maker reissue it to any payee, and be paid twice while
 * `ledger/check` said ok. Here the platform runs with a real master key and a file treasury (results
 * arrive only by callback), and every step of that chain is refused; a double payment injected into
 * the database directly is caught by the ledger check.
 */
describe('treasury callbacks: signed with timestamp and nonce; late returns confirmed; reissue to the confirmed account only', () => {
  let t: PayoutTestApp;
  let dir: string;
  let maker: string;
  let key: Buffer;

  const post = (body: unknown, h: { timestamp?: string; nonce?: string; signature?: string }) => {
    const req = t.http.post('/api/v1/payouts/treasury/callbacks');
    if (h.timestamp) req.set('x-treasury-timestamp', h.timestamp);
    if (h.nonce) req.set('x-treasury-nonce', h.nonce);
    if (h.signature) req.set('x-treasury-signature', h.signature);
    return req.send(body as object);
  };
  const signed = (body: unknown, signWith = key, at = Date.now(), nonce = randomBytes(16).toString('hex')) => {
    const timestamp = String(at);
    return { timestamp, nonce, signature: callbackSignature(signWith, timestamp, nonce, body) };
  };
  const result = (instructionId: string, status: string, amountFen: number) => ({
    results: [{ instructionId, status, amountFen, bankRef: `B${instructionId.slice(-6)}`, reason: status === 'returned' ? '收款账户已销户' : null, at: new Date().toISOString() }],
  });
  const statusOf = async (id: string): Promise<string> => (await t.dataSource.query(`SELECT status FROM payout.instructions WHERE id = $1`, [id]))[0].status;
  const refusals = (): Promise<Array<{ details: { refusal: string; sourceIp: string; instructionIds: string[] } }>> =>
    t.dataSource.query(`SELECT details FROM audit.audit_log WHERE action = 'payout.callback.refused' ORDER BY seq`);

  /** Instructions sent as files: `sent` until the treasury reports back. */
  async function sentInstructions(pool: string, n: number): Promise<Array<{ id: string; amount: number; applicationId: string }>> {
    const payloads = Array.from({ length: n }, () => makeReadyPayload(t.cipher, { fundPoolId: pool }));
    await appendReadyEvents(t.dataSource, t.outbox, payloads);
    await settle(t.app);
    const batchId = await approveBatch(t, { fundPoolId: pool });
    await settle(t.app);
    const rows: Array<{ id: string; amount_fen: string; application_id: string; status: string }> = await t.dataSource.query(
      `SELECT id, amount_fen, application_id, status FROM payout.instructions WHERE batch_id = $1 ORDER BY id`, [batchId]);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    return rows.map((r) => ({ id: r.id, amount: Number(r.amount_fen), applicationId: r.application_id }));
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'treasury-cb-'));
    t = await createPayoutTestApp({ chunkSize: 10, treasury: { kind: 'file', dir } }, { ENCRYPTION_KEY: randomBytes(32).toString('hex') });
    t.startWorkers();
    key = t.config.keys.treasuryCallback.current;
    maker = await t.createUser({ username: 'cb-maker', displayName: '经办', role: 'finance_maker' });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a properly signed callback is applied once; the same delivery again is a replay (409) and changes nothing', async () => {
    const [a] = await sentInstructions('pool-cb-ok', 1);
    const body = result(a.id, 'settled', a.amount);
    const h = signed(body);
    const ok = await post(body, h);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ settled: 1 });
    expect(await statusOf(a.id)).toBe('settled');

    const replay = await post(body, h);
    expect(replay.status).toBe(409);
    expect(replay.body.code).toBe('PAYOUT_CALLBACK.REPLAYED');
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM payout.callback_nonces WHERE nonce = $1`, [h.nonce]);
    expect(n).toBe(1);
    const [{ settles }] = await t.dataSource.query(`SELECT count(*)::int AS settles FROM payout.journal_entries WHERE instruction_id = $1 AND kind = 'settle'`, [a.id]);
    expect(settles).toBe(1);
    expect((await refusals()).at(-1)!.details).toMatchObject({ refusal: 'REPLAYED', instructionIds: [a.id], sourceIp: expect.stringMatching(/127\.0\.0\.1/) });
    // a new delivery of the same result (a treasury retry) is fine and books nothing more
    expect((await post(body, signed(body))).body).toMatchObject({ settled: 0, ignored: 1 });
  });

  it('refuses forged callbacks — the old scheme with the published key, the published key under the new scheme, a wrong key, unsigned, stale — each audited with the address and the instruction', async () => {
    const [a] = await sentInstructions('pool-cb-forged', 1);
    const body = result(a.id, 'settled', a.amount);
    const before = (await refusals()).length;
    const oldKey = createHash('sha256').update(PUBLISHED_MASTER).update('treasury-callback').digest();
    const oldScheme = await t.http.post('/api/v1/payouts/treasury/callbacks')
      .set('x-treasury-signature', createHmac('sha256', oldKey).update(JSON.stringify(body.results)).digest('hex')).send(body);
    const attempts = [
      oldScheme,
      await post(body, signed(body, deriveKey(PUBLISHED_MASTER, 'treasury-callback'))),
      await post(body, signed(body, randomBytes(32))),
      await post(body, {}),
      await post(body, { ...signed(body), signature: 'ab'.repeat(32) }),
    ];
    for (const r of attempts) expect([r.status, r.body.code]).toEqual([401, 'PAYOUT_CALLBACK.SIGNATURE_INVALID']);
    const stale = await post(body, signed(body, key, Date.now() - 6 * 60_000));
    expect([stale.status, stale.body.code]).toEqual([401, 'PAYOUT_CALLBACK.STALE']);
    const future = await post(body, signed(body, key, Date.now() + 6 * 60_000));
    expect([future.status, future.body.code]).toEqual([401, 'PAYOUT_CALLBACK.STALE']);
    // a signed body altered in flight
    const h = signed(body);
    const altered = await post(result(a.id, 'settled', a.amount + 1), h);
    expect(altered.status).toBe(401);

    expect(await statusOf(a.id)).toBe('sent');
    const logged = (await refusals()).slice(before);
    expect(logged).toHaveLength(attempts.length + 3);
    for (const l of logged) expect(l.details).toMatchObject({ instructionIds: [a.id], sourceIp: expect.stringMatching(/127\.0\.0\.1/) });
    expect(logged.map((l) => l.details.refusal)).toEqual([...attempts.map(() => 'SIGNATURE_INVALID'), 'STALE', 'STALE', 'SIGNATURE_INVALID']);
  });

  it('the attack chain of the issue is refused at its first step, and a validly signed but unconfirmed return is not booked either', async () => {
    const [a] = await sentInstructions('pool-cb-attack', 1);
    const settledBody = result(a.id, 'settled', a.amount);
    await post(settledBody, signed(settledBody)).expect(200);
    expect(await statusOf(a.id)).toBe('settled');

    // 1. a "returned" signed as the issue did (published master → sha256 key): 401
    const returnedBody = result(a.id, 'returned', a.amount);
    const oldKey = createHash('sha256').update(PUBLISHED_MASTER).update('treasury-callback').digest();
    const forged = await t.http.post('/api/v1/payouts/treasury/callbacks')
      .set('x-treasury-signature', createHmac('sha256', oldKey).update(JSON.stringify(returnedBody.results)).digest('hex')).send(returnedBody);
    expect(forged.status).toBe(401);
    expect(await statusOf(a.id)).toBe('settled');

    // 2. nothing to reissue; and a reissue never takes a typed payee
    const reissue = await t.http.post(`/api/v1/payouts/instructions/${a.id}/reissue`).set('authorization', maker).send({});
    expect([reissue.status, reissue.body.code]).toEqual([409, 'PAYOUT_INSTRUCTION.INVALID_STATE']);
    const typed = await t.http.post(`/api/v1/payouts/instructions/${a.id}/reissue`).set('authorization', maker).send({ payeeName: '攻击者', accountNumber: '6222029999999999999' });
    expect([typed.status, typed.body.code]).toEqual([400, 'PAYOUT_INSTRUCTION.PAYEE_NOT_ALLOWED']);

    // 3. even correctly signed (a leaked callback key), a return of a settled instruction needs the bank's word:
    //    the treasury's status says it is not returned → not booked, a reconciliation exception instead
    const signedReturn = await post(returnedBody, signed(returnedBody));
    expect(signedReturn.status).toBe(200);
    expect(signedReturn.body).toMatchObject({ returned: 0, unconfirmedReturns: [a.id] });
    expect(await statusOf(a.id)).toBe('settled');
    const ex = await t.http.get('/api/v1/payouts/reconciliation/exceptions').set('authorization', maker).expect(200);
    const item = (ex.body as Array<{ id: string; instructionId: string; classification: string; allowedResolutions: string[] }>).find((e) => e.instructionId === a.id);
    expect(item).toMatchObject({ classification: 'unconfirmed_return', allowedResolutions: ['requeried', 'acknowledged'] });
    const [flag] = await t.dataSource.query(`SELECT outcome, details FROM audit.audit_log WHERE action = 'payout.return_unconfirmed' ORDER BY seq DESC LIMIT 1`);
    expect(flag).toMatchObject({ outcome: 'denied', details: { instructionIds: [a.id] } });
    const requery = await t.http.post(`/api/v1/payouts/reconciliation/items/${item!.id}/resolve`).set('authorization', maker).send({ action: 'requeried' });
    expect(requery.status).toBe(200);
    expect(await statusOf(a.id)).toBe('settled');
    expect((await t.app.get(LedgerService).check()).ok).toBe(true);
  });

  it('a late return the treasury confirms (its status answers "returned") is booked from the callback', async () => {
    const [a] = await sentInstructions('pool-cb-late', 1);
    const settledBody = result(a.id, 'settled', a.amount);
    await post(settledBody, signed(settledBody)).expect(200);
    // the treasury's own result file now says returned: its status query confirms
    mkdirSync(join(dir, 'in'), { recursive: true });
    writeFileSync(join(dir, 'in', `RES_${a.id}.txt`), buildTreasuryFile(
      { fileType: 'RES1', fileId: uuid7(), createdAt: new Date(), payerCode: 'ZZCZ0001', statementDate: null },
      [{ instructionId: a.id, status: 'R', amountFen: a.amount, bankRef: 'LATE1', reason: '收款行退回' }],
    ));
    const body = result(a.id, 'returned', a.amount);
    const res = await post(body, signed(body)).expect(200);
    expect(res.body).toMatchObject({ returned: 1, unconfirmedReturns: [] });
    const [row] = await t.dataSource.query(`SELECT status, return_confirmed_by FROM payout.instructions WHERE id = $1`, [a.id]);
    expect(row).toEqual({ status: 'returned', return_confirmed_by: 'treasury_status' });
    expect((await t.app.get(LedgerService).check()).ok).toBe(true);
  });

  it('ledger:check (service and HTTP) reports an obligation paid twice when it is injected into the database', async () => {
    const [a] = await sentInstructions('pool-cb-double', 1);
    const settledBody = result(a.id, 'settled', a.amount);
    await post(settledBody, signed(settledBody)).expect(200);
    const ledger = t.app.get(LedgerService);
    expect((await ledger.check()).ok).toBe(true);

    // what the attack left behind, written straight into the tables: a second settled instruction for
    // the same application, with ledger entries that balance on their own
    const second = uuid7();
    await t.dataSource.query(
      `INSERT INTO payout.instructions (id, application_id, enterprise_id, enterprise_name, item_id, item_name, department_code, fund_pool_id,
         budget_subject, amount_fen, payee_name, payee_account_encrypted, payee_account_masked, status, reissue_of, settled_at)
       SELECT $1, application_id, enterprise_id, enterprise_name, item_id, item_name, department_code, fund_pool_id, budget_subject, amount_fen,
         '攻击者', payee_account_encrypted, '622202*********9999', 'settled', id, now() FROM payout.instructions WHERE id = $2`,
      [second, a.id],
    );
    await t.dataSource.transaction(async (m) => {
      for (const kind of ['commit', 'settle'] as const) {
        await ledger.post(m, kind, [{ instructionId: second, fundPoolId: 'pool-cb-double', amountFen: a.amount, isReissue: true }]);
      }
    });
    const check = await ledger.check();
    // every balance still agrees with the instructions' states — what let the attack through before
    expect(check).toMatchObject({ totalFen: 0, unbalancedEntries: [], balanceMismatches: [], poolMismatches: [], duplicatePostings: 0 });
    expect(check.ok).toBe(false);
    expect(check.doublePayments).toEqual([{ applicationId: a.applicationId, instructionIds: [a.id, second], settledFen: 2 * a.amount }]);
    const auditor = await t.createUser({ username: 'cb-auditor', displayName: '审计', role: 'auditor' });
    const http = await t.http.get('/api/v1/payouts/ledger/check').set('authorization', auditor).expect(200);
    expect(http.body.ok).toBe(false);
    expect(http.body.doublePayments[0].applicationId).toBe(a.applicationId);
  });
});
