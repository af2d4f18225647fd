import { DataSource } from 'typeorm';
import { settle } from '../support/settle';
import { appendReadyEvents, makeReadyPayload } from './support/payout-factories';
import { createPayoutTestApp, PayoutTestApp } from './support/payout-test-app';

jest.setTimeout(180_000);

/**
 * Issue 12 gap: a department paying its own pools (部门支付经办/复核) works from 待兑付 to the journal.
 * Its payers read the instructions of the pools their department pays — not finance's pools of the
 * same department, not another department's — build a batch from them, and read each instruction's
 * journal; naming another payer's pool or instruction is refused and writes nothing.
 */
describe('department payers: the ready list, instruction reads and batch requests are scoped to the pools their department pays', () => {
  let t: PayoutTestApp;
  let ds: DataSource;
  let finMaker: string;
  let finChecker: string;
  let kjjMaker: string;
  let kjjChecker: string;
  let gxjMaker: string;
  let auditor: string;
  const ids: Record<'kjjOwn' | 'kjjFinance' | 'gxjOwn', string[]> = { kjjOwn: [], kjjFinance: [], gxjOwn: [] };

  const idsOf = (pool: string): Promise<string[]> =>
    ds.query(`SELECT id FROM payout.instructions WHERE fund_pool_id = $1 ORDER BY id`, [pool]).then((rows: Array<{ id: string }>) => rows.map((r) => r.id));
  const written = async () => {
    const [{ batches }] = await ds.query(`SELECT count(*)::int AS batches FROM payout.batches`);
    const [{ audits }] = await ds.query(`SELECT count(*)::int AS audits FROM audit.audit_log WHERE action LIKE 'payout.batch.%'`);
    const statuses = await ds.query(`SELECT status, count(*)::int AS n FROM payout.instructions GROUP BY status ORDER BY status`);
    return { batches, audits, statuses };
  };

  beforeAll(async () => {
    t = await createPayoutTestApp({ chunkSize: 10 });
    ds = t.dataSource;
    t.startWorkers();
    finMaker = await t.createUser({ username: 'fin_maker', displayName: '财政经办', role: 'finance_maker' });
    finChecker = await t.createUser({ username: 'fin_checker', displayName: '财政复核', role: 'finance_checker' });
    kjjMaker = await t.createUser({ username: 'kjj_payer_maker', displayName: '科技局支付经办', role: 'dept_payer_maker', departmentCode: 'kjj' });
    kjjChecker = await t.createUser({ username: 'kjj_payer_checker', displayName: '科技局支付复核', role: 'dept_payer_checker', departmentCode: 'kjj' });
    gxjMaker = await t.createUser({ username: 'gxj_payer_maker', displayName: '工信局支付经办', role: 'dept_payer_maker', departmentCode: 'gxj' });
    auditor = await t.createUser({ username: 'auditor', displayName: '审计', role: 'auditor' });

    const ready = (n: number, pool: string, departmentCode: string) =>
      Array.from({ length: n }, () => makeReadyPayload(t.cipher, { fundPoolId: pool, itemId: `item-${pool}`, itemName: `事项 ${pool}`, departmentCode, amountFen: 200_000 }));
    // 科技局 has a pool it pays itself and one finance pays; 工信局 pays its own
    await appendReadyEvents(ds, t.outbox, [...ready(2, 'pool-kjj-own', 'kjj'), ...ready(1, 'pool-kjj-fin', 'kjj'), ...ready(1, 'pool-gxj-own', 'gxj')]);
    await settle(t.app);
    for (const pool of ['pool-kjj-own', 'pool-gxj-own']) {
      await t.http.patch(`/api/v1/payouts/pools/${pool}`).set('authorization', finChecker).send({ payer: 'department' }).expect(200);
    }
    ids.kjjOwn = await idsOf('pool-kjj-own');
    ids.kjjFinance = await idsOf('pool-kjj-fin');
    ids.gxjOwn = await idsOf('pool-gxj-own');
  }, 90_000);
  afterAll(async () => {
    await t?.close();
  });

  it('lists for a department payer the ready instructions of the pools its department pays, and for finance all of them', async () => {
    const ready = async (who: string) => {
      const res = await t.http.get('/api/v1/payouts/instructions?status=created&pageSize=50').set('authorization', who);
      expect(res.status).toBe(200);
      return { total: res.body.total as number, ids: (res.body.items as Array<{ id: string }>).map((i) => i.id).sort() };
    };
    expect(await ready(kjjMaker)).toEqual({ total: 2, ids: ids.kjjOwn });
    expect(await ready(kjjChecker)).toEqual({ total: 2, ids: ids.kjjOwn });
    expect(await ready(gxjMaker)).toEqual({ total: 1, ids: ids.gxjOwn });
    // a filter cannot widen the scope: finance's pool of the same department stays out
    const named = await t.http.get('/api/v1/payouts/instructions?fundPoolId=pool-kjj-fin').set('authorization', kjjMaker);
    expect([named.status, named.body.total]).toEqual([200, 0]);
    expect((await ready(finMaker)).ids).toEqual([...ids.kjjOwn, ...ids.kjjFinance, ...ids.gxjOwn].sort());
  });

  it('reads an instruction and its journal of its own pools; another payer’s is a 404, as for any cross-department read', async () => {
    const own = await t.http.get(`/api/v1/payouts/instructions/${ids.kjjOwn[0]}`).set('authorization', kjjMaker);
    expect([own.status, own.body.fundPoolId]).toEqual([200, 'pool-kjj-own']);
    const journal = await t.http.get(`/api/v1/payouts/instructions/${ids.kjjOwn[0]}/journal`).set('authorization', kjjChecker);
    expect([journal.status, journal.body]).toEqual([200, []]); // nothing posted before approval
    for (const [who, id] of [[kjjMaker, ids.kjjFinance[0]], [kjjChecker, ids.gxjOwn[0]], [gxjMaker, ids.kjjOwn[0]]]) {
      const read = await t.http.get(`/api/v1/payouts/instructions/${id}`).set('authorization', who);
      const posted = await t.http.get(`/api/v1/payouts/instructions/${id}/journal`).set('authorization', who);
      expect([read.status, read.body.code, posted.status, posted.body.code]).toEqual([404, 'PAYOUT_INSTRUCTION.NOT_FOUND', 404, 'PAYOUT_INSTRUCTION.NOT_FOUND']);
    }
    expect((await t.http.get(`/api/v1/payouts/instructions/${ids.gxjOwn[0]}`).set('authorization', auditor)).status).toBe(200);
  });

  it('refuses a batch or a preview naming another payer’s pool with a coded error and writes nothing', async () => {
    const before = await written();
    const refusals = [
      await t.http.post('/api/v1/payouts/batches').set('authorization', kjjMaker).send({ filter: { fundPoolId: 'pool-kjj-fin' } }),
      await t.http.post('/api/v1/payouts/batches').set('authorization', kjjMaker).send({ filter: { fundPoolId: 'pool-gxj-own' } }),
      await t.http.post('/api/v1/payouts/batches/preview').set('authorization', kjjMaker).send({ fundPoolId: 'pool-gxj-own' }),
      await t.http.post('/api/v1/payouts/batches').set('authorization', finMaker).send({ filter: { fundPoolId: 'pool-kjj-own' } }),
    ];
    expect(refusals.map((r) => [r.status, r.body.code])).toEqual(Array(4).fill([403, 'PAYOUT_BATCH.PAYER_FORBIDDEN']));
    expect(refusals[0].body.message).toContain('财政');
    expect(await written()).toEqual(before);
  });

  it('builds a batch from exactly its own pools, its checker approves it, and both read the journal', async () => {
    const preview = await t.http.post('/api/v1/payouts/batches/preview').set('authorization', kjjMaker).send({});
    expect(preview.body).toMatchObject({ count: 2, totalFen: 400_000, byPool: [expect.objectContaining({ fundPoolId: 'pool-kjj-own', count: 2 })] });
    const made = await t.http.post('/api/v1/payouts/batches').set('authorization', kjjMaker).send({ title: '科技局自有资金第一批', filter: { departmentCode: 'kjj' } });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ payerCode: 'kjj', instructionCount: 2, totalFen: 400_000 });
    // finance's pool of the same department was not taken
    expect((await ds.query(`SELECT status FROM payout.instructions WHERE id = $1`, [ids.kjjFinance[0]]))[0].status).toBe('created');
    const id = made.body.id as string;
    await t.http.post(`/api/v1/payouts/batches/${id}/submit`).set('authorization', kjjMaker).expect(200);
    await t.http.post(`/api/v1/payouts/batches/${id}/approve`).set('authorization', kjjChecker).expect(200);

    const inBatch = await t.http.get(`/api/v1/payouts/instructions?batchId=${id}`).set('authorization', kjjChecker);
    expect((inBatch.body.items as Array<{ id: string }>).map((i) => i.id).sort()).toEqual(ids.kjjOwn);
    for (const who of [kjjMaker, kjjChecker]) {
      const journal = await t.http.get(`/api/v1/payouts/instructions/${ids.kjjOwn[1]}/journal`).set('authorization', who);
      expect(journal.status).toBe(200);
      expect(journal.body[0]).toMatchObject({ kind: 'commit', lines: expect.arrayContaining([{ account: 'fund_pool_budget', amountFen: 200_000 }]) });
    }
    expect((await t.http.get(`/api/v1/payouts/instructions/${ids.kjjOwn[1]}/journal`).set('authorization', gxjMaker)).status).toBe(404);
    expect((await t.http.get(`/api/v1/payouts/instructions?batchId=${id}`).set('authorization', gxjMaker)).status).toBe(404);

    // finance takes the pool back: the department still reads what it paid, through its batch
    await t.http.patch('/api/v1/payouts/pools/pool-kjj-own').set('authorization', finChecker).send({ payer: 'finance' }).expect(200);
    expect((await t.http.get(`/api/v1/payouts/instructions/${ids.kjjOwn[0]}`).set('authorization', kjjChecker)).status).toBe(200);
  });
});
