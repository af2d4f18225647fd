import fc from 'fast-check';
import { APPLICATION_COMMANDS, ApplicationCommand, ApplicationState, nextState, SYSTEM_ACTOR } from '@app/approvals';
import { ApplicationRepository, ApplicationWorkflow } from '@app/approvals/testing';
import { DomainError, uuid7 } from '@app/core';
import { TestApp } from '../support/test-app';
import { Actors, bootApprovals, loadFirms, publishItem, WAN } from './approval-fixture';

jest.setTimeout(180_000);

describe('approval center: fund pool under concurrency, and the state machine against the database', () => {
  let t: TestApp;
  let who: Actors;

  beforeAll(async () => {
    ({ t, who } = await bootApprovals());
  });
  afterAll(async () => t?.close());

  it('30 parallel approvals against a pool for 10: exactly 10 succeed, the pool is never over-committed', async () => {
    await loadFirms(t, Array.from({ length: 30 }, (_, i) => ({ name: `郑州并发测试企业${i}有限公司` })));
    const item = await publishItem(t, who, { name: '小额奖励（免申即享）', mode: 'no_application', formula: { kind: 'fixed', amount: 10 * WAN }, fundPoolFen: 100 * WAN });
    const ids: string[] = (await t.dataSource.query(`SELECT id FROM approval.applications WHERE item_id = $1 AND state = 'pre_qualified'`, [item.itemId])).map((r: { id: string }) => r.id);
    expect(ids).toHaveLength(30);
    const results = await Promise.all(ids.map((id) => t.http.post(`/api/v1/applications/${id}/decision`).set('authorization', who.reviewer).send({ decision: 'approve' })));
    const ok = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status !== 200);
    expect(ok).toHaveLength(10);
    expect(refused.every((r) => r.status === 409 && r.body.code === 'APPROVAL.POOL_EXHAUSTED')).toBe(true);
    const [pool] = await t.dataSource.query(`SELECT total_fen, reserved_fen FROM approval.fund_pools WHERE item_id = $1`, [item.itemId]);
    expect(Number(pool.reserved_fen)).toBe(100 * WAN);
    const [sum] = await t.dataSource.query(
      `SELECT count(*)::int AS n, coalesce(sum(reserved_fen), 0)::bigint AS reserved FROM approval.applications WHERE item_id = $1 AND state = 'approved'`, [item.itemId]);
    expect({ n: sum.n, reserved: Number(sum.reserved) }).toEqual({ n: 10, reserved: 100 * WAN });
    // the refused ones are untouched: still pre-qualified, one timeline node each
    const [{ nodes }] = await t.dataSource.query(
      `SELECT count(*)::int AS nodes FROM approval.timeline tl JOIN approval.applications a ON a.id = tl.application_id WHERE a.item_id = $1 AND a.state = 'pre_qualified'`, [item.itemId]);
    expect(nodes).toBe(20);
    // a batch of the remaining 20 is refused as a whole
    const batch = await t.http.post('/api/v1/review/batch-approve').set('authorization', who.reviewer).send({ itemId: item.itemId }).expect(409);
    expect(batch.body).toMatchObject({ code: 'APPROVAL.POOL_EXHAUSTED', details: { availableFen: 0, requestedFen: 200 * WAN } });
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM approval.applications WHERE item_id = $1 AND state = 'pre_qualified'`, [item.itemId]);
    expect(n).toBe(20);
  });

  it('property: random command sequences on stored applications follow the table, refuse the rest without change, and keep every step in the timeline', async () => {
    const workflow = t.app.get(ApplicationWorkflow);
    const repo = t.app.get(ApplicationRepository);
    const itemId = uuid7();
    await t.dataSource.query(`INSERT INTO approval.fund_pools (item_id, item_name, department_code, total_fen) VALUES ($1, 'prop', 'kjj', $2)`, [itemId, 1e12]);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<'draft' | 'pre_qualified'>('draft', 'pre_qualified'), fc.array(fc.constantFrom(...APPLICATION_COMMANDS), { minLength: 1, maxLength: 14 }),
        async (start, commands: ApplicationCommand[]) => {
          const id = uuid7();
          await t.dataSource.transaction((m) => repo.insertMany(m, [{
            id, enterpriseId: uuid7(), enterpriseName: '性质测试企业', itemId, itemVersionId: uuid7(), itemName: 'prop', departmentCode: 'kjj', mode: 'application',
            period: String(n++), exclusionGroup: null, amountFen: 1000, estimateText: null, facts: null,
          }], start, { command: 'create', actor: SYSTEM_ACTOR }));
          let model: ApplicationState = start;
          let steps = 1;
          for (const c of commands) {
            const expected = nextState(model, c);
            try {
              await t.dataSource.transaction(async (m) => workflow.apply(m, (await repo.get(id, m, true))!, c, { actor: SYSTEM_ACTOR }));
              if (expected === null) return false;
              model = expected;
              steps++;
            } catch (e) {
              if (expected !== null || (e as DomainError).code !== 'APPLICATION.INVALID_STATE') throw e;
            }
            const row = (await repo.get(id))!;
            const timeline = await repo.timeline(id);
            if (row.state !== model || row.version !== steps || timeline.length !== steps) return false;
            if (timeline[timeline.length - 1].toState !== model) return false;
          }
          return true;
        }),
      { numRuns: 40 },
    );
    // money follows the states: reserved total equals what the reserving applications hold
    const [pool] = await t.dataSource.query(`SELECT reserved_fen, paid_fen FROM approval.fund_pools WHERE item_id = $1`, [itemId]);
    const [held] = await t.dataSource.query(
      `SELECT coalesce(sum(reserved_fen), 0)::bigint AS reserved, coalesce(sum(reserved_fen) FILTER (WHERE state = 'paid'), 0)::bigint AS paid FROM approval.applications WHERE item_id = $1`, [itemId]);
    expect(Number(pool.reserved_fen)).toBe(Number(held.reserved));
    expect(Number(pool.paid_fen)).toBe(Number(held.paid));
  });

  it('the timeline cannot be rewritten', async () => {
    await expect(t.dataSource.query(`UPDATE approval.timeline SET comment = 'x'`)).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`DELETE FROM approval.timeline`)).rejects.toThrow(/append-only/);
  });
});
