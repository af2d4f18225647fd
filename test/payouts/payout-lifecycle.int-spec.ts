import { DataSource } from 'typeorm';
import { EventNames } from '@app/contracts';
import { BatchesService, InstructionsService, LedgerService, PayoutReportService } from '@app/payouts';
import { settle } from '../support/settle';
import { appendReadyEvents, makePrincipal, makeReadyPayload } from './support/payout-factories';
import { createPayoutTestApp, PayoutTestApp } from './support/payout-test-app';

jest.setTimeout(120_000);

/**
 * The payout center end to end over HTTP: the ready event becomes one instruction, a maker builds
 * and submits a batch, a different checker approves, the simulated bank pays each instruction
 * once, the ledger balances and the results go out as events.
 */
describe('payout center: instructions → maker-checker batch → treasury → ledger', () => {
  let t: PayoutTestApp;
  let maker: string;
  let maker2: string;
  let checker: string;
  let auditor: string;
  let admin: string;
  let ds: DataSource;

  beforeAll(async () => {
    t = await createPayoutTestApp({ chunkSize: 4 });
    ds = t.dataSource;
    t.startWorkers();
    maker = await t.createUser({ username: 'maker', displayName: '经办甲', role: 'finance_maker' });
    maker2 = await t.createUser({ username: 'maker2', displayName: '经办乙', role: 'finance_maker' });
    checker = await t.createUser({ username: 'checker', displayName: '复核丙', role: 'finance_checker' });
    auditor = await t.createUser({ username: 'auditor', displayName: '审计丁', role: 'auditor' });
    admin = await t.createUser({ username: 'boss', displayName: '管理员', role: 'admin' });
  }, 60_000);
  afterAll(async () => t?.close());

  const ledgerOk = async () => {
    const check = await t.app.get(LedgerService).check();
    expect(check).toMatchObject({ ok: true, totalFen: 0, unbalancedEntries: [], balanceMismatches: [], poolMismatches: [] });
    return check;
  };

  it('turns each ready application into one instruction, however often the event comes, with the account masked', async () => {
    const p = makeReadyPayload(t.cipher, { accountNumber: '6222021234567890123', fundPoolId: 'pool-a', itemId: 'item-a', itemName: '首次认定高企奖励' });
    await appendReadyEvents(ds, t.outbox, [p, p]); // two events for the same application
    await settle(t.app);
    const res = await t.http.get(`/api/v1/payouts/instructions?applicationId=${p.applicationId}`).set('authorization', auditor);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(1);
    const view = res.body.items[0];
    expect(view).toMatchObject({ status: 'created', statusLabel: '待组批', amountFen: p.amountFen, payeeAccountMasked: '622202*********0123' });
    expect(JSON.stringify(res.body)).not.toContain('1234567890');
    expect(JSON.stringify(res.body)).not.toContain(p.payeeAccountEncrypted);
  });

  it('maker builds and submits; the maker cannot approve; the checker approves; the bank pays once; ledger balances', async () => {
    const payloads = Array.from({ length: 10 }, () => makeReadyPayload(t.cipher, { fundPoolId: 'pool-b', itemId: 'item-b', departmentCode: 'gxj' }));
    await appendReadyEvents(ds, t.outbox, payloads);
    await settle(t.app);
    const total = payloads.reduce((s, p) => s + p.amountFen, 0);

    const preview = await t.http.post('/api/v1/payouts/batches/preview').set('authorization', maker).send({ departmentCode: 'gxj' });
    expect(preview.body).toMatchObject({ count: 10, totalFen: total });

    const created = await t.http.post('/api/v1/payouts/batches').set('authorization', maker).send({ title: '工信局 11 月兑付', filter: { fundPoolId: 'pool-b' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', instructionCount: 10, totalFen: total });
    const id = created.body.id as string;

    expect((await t.http.post(`/api/v1/payouts/batches/${id}/approve`).set('authorization', checker)).body.code).toBe('PAYOUT_BATCH.INVALID_STATE');
    expect((await t.http.post(`/api/v1/payouts/batches/${id}/submit`).set('authorization', maker)).body.status).toBe('submitted');

    // a maker has no checker role; an admin who made nothing may… but not the person who made it
    expect((await t.http.post(`/api/v1/payouts/batches/${id}/approve`).set('authorization', maker)).status).toBe(403);

    const approved = await t.http.post(`/api/v1/payouts/batches/${id}/approve`).set('authorization', checker);
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    await settle(t.app);

    const batch = await t.http.get(`/api/v1/payouts/batches/${id}`).set('authorization', auditor);
    expect(batch.body).toMatchObject({ status: 'completed', progress: { settled: 10 } });
    const sim = await t.bank.summary();
    const [{ n, sum }] = await ds.query(
      `SELECT count(*)::int AS n, sum(amount_fen)::bigint AS sum FROM treasury_sim.payments WHERE instruction_id IN (SELECT id FROM payout.instructions WHERE batch_id = $1)`,
      [id],
    );
    expect({ n, sum: Number(sum) }).toEqual({ n: 10, sum: total });
    expect(sim.duplicatesRefused).toBe(0);
    const check = await ledgerOk();
    expect(check.bankClearingFen).toBe(-sim.settledFen);

    const [{ events }] = await ds.query(`SELECT count(*)::int AS events FROM core.outbox_events WHERE name = $1`, [EventNames.PayoutSettled]);
    expect(events).toBe(10);
    const [evt] = await ds.query(`SELECT payload FROM core.outbox_events WHERE name = $1 LIMIT 1`, [EventNames.PayoutSettled]);
    expect(evt.payload).toMatchObject({ status: 'settled', reason: null });
    expect(payloads.map((p) => p.applicationId)).toContain(evt.payload.applicationId);

    const audit = await ds.query(`SELECT action FROM audit.audit_log WHERE target_id = $1 ORDER BY seq`, [id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['payout.batch.create', 'payout.batch.submit', 'payout.batch.approve']);
  });

  it('never lets the maker (or the submitter) check their own batch, even with an all-powerful role', async () => {
    await appendReadyEvents(ds, t.outbox, [makeReadyPayload(t.cipher, { fundPoolId: 'pool-c' })]);
    await settle(t.app);
    const created = await t.http.post('/api/v1/payouts/batches').set('authorization', admin).send({ filter: { fundPoolId: 'pool-c' } });
    const id = created.body.id as string;
    await t.http.post(`/api/v1/payouts/batches/${id}/submit`).set('authorization', admin).expect(200);
    const own = await t.http.post(`/api/v1/payouts/batches/${id}/approve`).set('authorization', admin);
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('PAYOUT_BATCH.MAKER_CHECKER_SAME_PERSON');
    // a second maker cannot approve either (role), the checker rejects: instructions are ready again
    expect((await t.http.post(`/api/v1/payouts/batches/${id}/approve`).set('authorization', maker2)).status).toBe(403);
    const rejected = await t.http.post(`/api/v1/payouts/batches/${id}/reject`).set('authorization', checker).send({ reason: '收款账户待核实' });
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: '收款账户待核实' });
    const again = await t.http.post('/api/v1/payouts/batches/preview').set('authorization', maker).send({ fundPoolId: 'pool-c' });
    expect(again.body.count).toBe(1);
    // the database refuses it too, whatever the code does
    await expect(ds.query(`UPDATE payout.batches SET approved_by = created_by WHERE id = $1`, [id])).rejects.toThrow(/CHK_batches_four_eyes/);
  });

  it('refuses a status change outside the transition table in SQL', async () => {
    const [row] = await ds.query(`SELECT id FROM payout.instructions WHERE status = 'settled' LIMIT 1`);
    await expect(ds.query(`UPDATE payout.instructions SET status = 'approved' WHERE id = $1`, [row.id])).rejects.toThrow(/cannot go from settled to approved/);
    await expect(ds.query(`UPDATE payout.instructions SET amount_fen = amount_fen + 1 WHERE id = $1`, [row.id])).rejects.toThrow(/immutable/);
    await expect(ds.query(`DELETE FROM payout.journal_lines WHERE id = (SELECT min(id) FROM payout.journal_lines)`)).rejects.toThrow(/append-only/);
  });

  it('caps a fund pool: a batch over the budget cannot be approved, and cancelling before sending gives the money back', async () => {
    const svc = t.app.get(BatchesService);
    const m1 = makePrincipal('finance_maker');
    const c1 = makePrincipal('finance_checker');
    const payloads = [300_000, 500_000].map((amountFen) => makeReadyPayload(t.cipher, { fundPoolId: 'pool-capped', amountFen }));
    await appendReadyEvents(ds, t.outbox, payloads);
    await settle(t.app);
    await ds.query(`UPDATE payout.fund_pools SET budget_fen = 600000 WHERE id = 'pool-capped'`);
    const b = await svc.create(m1, { filter: { fundPoolId: 'pool-capped' } });
    await svc.submit(m1, b.id);
    await expect(svc.approve(c1, b.id)).rejects.toMatchObject({ code: 'PAYOUT.POOL_EXHAUSTED' });
    expect((await svc.get(b.id)).status).toBe('submitted'); // nothing half-done

    const instructions = t.app.get(InstructionsService);
    const [big] = (await instructions.list({ fundPoolId: 'pool-capped', applicationId: payloads[1].applicationId })).items;
    const cancelled = await instructions.cancel(m1, big.id, '企业申请撤回');
    expect(cancelled.status).toBe('cancelled');
    expect((await svc.get(b.id)).instructionCount).toBe(1);
    const approved = await svc.approve(c1, b.id);
    expect(approved.status).toBe('approved');
    const [pool] = await ds.query(`SELECT committed_fen FROM payout.fund_pools WHERE id = 'pool-capped'`);
    expect(Number(pool.committed_fen)).toBe(300_000);
    await settle(t.app);
    await ledgerOk();
    await expect(instructions.cancel(m1, (await instructions.list({ applicationId: payloads[0].applicationId })).items[0].id, null)).rejects.toMatchObject({
      code: 'PAYOUT_INSTRUCTION.INVALID_STATE',
    });
  });

  it('a payment the payee bank refuses comes back returned; it is reissued to the firm\'s confirmed account, linked, and paid once from returned funds', async () => {
    const svc = t.app.get(BatchesService);
    const instructions = t.app.get(InstructionsService);
    const m1 = makePrincipal('finance_maker');
    const c1 = makePrincipal('finance_checker');
    const account = '6222020000111110001';
    const p = makeReadyPayload(t.cipher, { fundPoolId: 'pool-r', accountNumber: account });
    t.bank.setFaults({ closedAccounts: [account] }); // the payee bank refuses it this time (e.g. account frozen)
    await appendReadyEvents(ds, t.outbox, [p]);
    await settle(t.app);
    const b = await svc.create(m1, { filter: { fundPoolId: 'pool-r' } });
    await svc.submit(m1, b.id);
    await svc.approve(c1, b.id);
    await settle(t.app);
    t.bank.setFaults({});
    const [old] = (await instructions.list({ applicationId: p.applicationId })).items;
    expect(old).toMatchObject({ status: 'returned', resultReason: '收款账户已销户' });
    await ledgerOk();

    // never to a payee typed in by finance
    const typed = await t.http.post(`/api/v1/payouts/instructions/${old.id}/reissue`).set('authorization', maker).send({ payeeName: '他人', accountNumber: '6222 0212 3456 7891 234' });
    expect(typed.status).toBe(400);
    expect(typed.body.code).toBe('PAYOUT_INSTRUCTION.PAYEE_NOT_ALLOWED');
    expect((await instructions.list({ applicationId: p.applicationId })).total).toBe(1);

    const res = await t.http.post(`/api/v1/payouts/instructions/${old.id}/reissue`).set('authorization', maker).send({ note: '企业告知账户已解冻' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'created', reissueOf: old.id, payeeName: p.payeeName, payeeAccountMasked: p.payeeAccountMasked });
    const [snap] = await ds.query(`SELECT payee_account_encrypted FROM payout.instructions WHERE id = $1`, [res.body.id]);
    expect(t.cipher.decrypt(snap.payee_account_encrypted)).toBe(account);
    expect((await t.http.post(`/api/v1/payouts/instructions/${old.id}/reissue`).set('authorization', maker).send({})).status).toBe(409);

    const b2 = await svc.create(m1, { filter: { fundPoolId: 'pool-r' } });
    await svc.submit(m1, b2.id);
    await svc.approve(c1, b2.id);
    await settle(t.app);
    expect((await instructions.get(res.body.id)).status).toBe('settled');
    const [pool] = await ds.query(`SELECT committed_fen FROM payout.fund_pools WHERE id = 'pool-r'`);
    expect(Number(pool.committed_fen)).toBe(p.amountFen); // the budget was used once, not twice
    const balances = await t.app.get(LedgerService).balances({ fundPoolId: 'pool-r' });
    expect(Object.fromEntries(balances.map((x) => [x.account, x.balanceFen]))).toEqual({
      fund_pool_budget: p.amountFen,
      bank_clearing: -p.amountFen,
      payable_enterprises: 0,
      returned_funds: 0,
    });
    await ledgerOk();
  });

  it('reports what was paid by item, department, district and day, and exports XLSX', async () => {
    const report = await t.http.get('/api/v1/payouts/reports/paid?groupBy=department').set('authorization', auditor);
    expect(report.status).toBe(200);
    const gxj = report.body.rows.find((r: { key: string }) => r.key === 'gxj');
    expect(gxj.count).toBe(10);
    const [{ total }] = await ds.query(`SELECT sum(amount_fen)::bigint AS total FROM payout.instructions WHERE status = 'settled'`);
    expect(report.body.totalFen).toBe(Number(total));
    const byDay = await t.app.get(PayoutReportService).paid('day');
    expect(byDay.rows).toHaveLength(1);
    const district = await t.app.get(PayoutReportService).paid('district');
    expect(district.rows[0]).toMatchObject({ key: '410105' });

    const xlsx = await t.http.get('/api/v1/payouts/reports/paid.xlsx').set('authorization', auditor).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(xlsx.status).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as Parameters<typeof wb.xlsx.load>[0]);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['按兑现事项', '按主管部门', '按区县', '按到账日期']);
    const sheet = wb.getWorksheet('按主管部门');
    expect(sheet?.getRow(1).getCell(1).value).toBe('主管部门');
  });
});
