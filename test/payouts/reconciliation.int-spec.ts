import { LedgerService, ReconciliationService } from '@app/payouts';
import { settle } from '../support/settle';
import { appendReadyEvents, makePrincipal, makeReadyPayload, makeStatement } from './support/payout-factories';
import { approveBatch, createPayoutTestApp, PayoutTestApp } from './support/payout-test-app';

jest.setTimeout(120_000);

/** 对账: a bank statement with one return, one missing payment and one line nobody knows. */
describe('reconciliation against the bank statement', () => {
  let t: PayoutTestApp;
  let maker: string;

  beforeAll(async () => {
    t = await createPayoutTestApp({ chunkSize: 50 });
    t.startWorkers();
    maker = await t.createUser({ username: 'recon-maker', displayName: '经办', role: 'finance_maker' });
  }, 60_000);
  afterAll(async () => t?.close());

  it('gives exactly three exceptions — returned, missing at the bank, unknown at the bank — and books the return', async () => {
    const payloads = Array.from({ length: 5 }, () => makeReadyPayload(t.cipher, { fundPoolId: 'pool-recon' }));
    await appendReadyEvents(t.dataSource, t.outbox, payloads);
    await settle(t.app);
    const batchId = await approveBatch(t, { fundPoolId: 'pool-recon' });
    await settle(t.app);
    const ins: Array<{ id: string; amount_fen: number }> = await t.dataSource.query(
      `SELECT id, amount_fen FROM payout.instructions WHERE batch_id = $1 AND status = 'settled' ORDER BY id`,
      [batchId],
    );
    expect(ins).toHaveLength(5);
    const [a, b, returned, d, missing] = ins;
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const statement = makeStatement(today, [
      { instructionId: a.id, direction: 'D', amountFen: Number(a.amount_fen) },
      { instructionId: b.id, direction: 'D', amountFen: Number(b.amount_fen) },
      { instructionId: returned.id, direction: 'D', amountFen: Number(returned.amount_fen) },
      { instructionId: '01900000-0000-7000-8000-000000000001', direction: 'D', amountFen: 12_345 },
      { instructionId: d.id, direction: 'D', amountFen: Number(d.amount_fen) },
      { instructionId: returned.id, direction: 'C', amountFen: Number(returned.amount_fen) },
    ]);
    const res = await t.http.post('/api/v1/payouts/reconciliation/statements').set('authorization', maker).send({ content: statement, fileName: 'STM_20261127.txt', batchId });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ lineCount: 6, matched: 3, exceptions: 3, byClass: { matched: 3, returned: 1, missing_at_bank: 1, unknown_at_bank: 1 } });

    const ex = await t.http.get(`/api/v1/payouts/reconciliation/exceptions?runId=${res.body.id}`).set('authorization', maker);
    const got = (ex.body as Array<{ classification: string; instructionId: string | null; allowedResolutions: string[] }>)
      .map((e) => [e.classification, e.instructionId])
      .sort();
    expect(got).toEqual(
      [
        ['missing_at_bank', missing.id],
        ['returned', returned.id],
        ['unknown_at_bank', null],
      ].sort(),
    );
    // the return is booked: settled → returned, ledger moved from bank clearing to returned funds
    const [r] = await t.dataSource.query(`SELECT status FROM payout.instructions WHERE id = $1`, [returned.id]);
    expect(r.status).toBe('returned');
    expect((await t.app.get(LedgerService).check()).ok).toBe(true);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM core.outbox_events WHERE name = 'payout.returned' AND aggregate_id = $1`, [returned.id]);
    expect(n).toBe(1);

    // importing the same statement again books nothing more
    await t.app.get(ReconciliationService).importStatement(makePrincipal('finance_maker'), { content: statement, batchId });
    const [{ again }] = await t.dataSource.query(`SELECT count(*)::int AS again FROM payout.journal_entries WHERE instruction_id = $1 AND kind = 'return'`, [returned.id]);
    expect(again).toBe(1);

    // resolution actions: a return is resolved only once it has been reissued
    const returnedItem = (ex.body as Array<{ id: string; classification: string }>).find((e) => e.classification === 'returned')!;
    const early = await t.http.post(`/api/v1/payouts/reconciliation/items/${returnedItem.id}/resolve`).set('authorization', maker).send({ action: 'reissued' });
    expect(early.status).toBe(400);
    await t.http.post(`/api/v1/payouts/instructions/${returned.id}/reissue`).set('authorization', maker).send({ note: '企业确认账户已恢复' }).expect(201);
    const done = await t.http.post(`/api/v1/payouts/reconciliation/items/${returnedItem.id}/resolve`).set('authorization', maker).send({ action: 'reissued', note: '已重新支付' });
    expect(done.status).toBe(200);
    expect(done.body.resolution).toBe('reissued');
    const unknownItem = (ex.body as Array<{ id: string; classification: string }>).find((e) => e.classification === 'unknown_at_bank')!;
    expect((await t.http.post(`/api/v1/payouts/reconciliation/items/${unknownItem.id}/resolve`).set('authorization', maker).send({ action: 'reissued' })).status).toBe(400);
    const open = await t.http.get(`/api/v1/payouts/reconciliation/exceptions?runId=${res.body.id}`).set('authorization', maker);
    expect(open.body).toHaveLength(2);
  });

  it('refuses a tampered file: the checksum does not match', async () => {
    const statement = makeStatement('2026-11-27', [{ instructionId: '01900000-0000-7000-8000-000000000002', direction: 'D', amountFen: 100 }]);
    const tampered = statement.replace('000000000000100', '000000000000900');
    const res = await t.http.post('/api/v1/payouts/reconciliation/statements').set('authorization', maker).send({ content: tampered });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('PAYOUT_RECON.FILE_INVALID');
  });
});
