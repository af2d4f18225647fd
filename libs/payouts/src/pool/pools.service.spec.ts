import type { EntityManager } from 'typeorm';
import type { AuditService, Principal } from '@app/core';
import type { MovementStatus } from './pool.types';
import type { MovementRow, NewMovement, PoolHistoryRow, PoolRow, PoolsRepository } from './pools.repository';
import { PoolsService } from './pools.service';

/** The repository's contract, in memory: pools and movements by id, budget changes with their cause. */
class MemoryPools {
  readonly pools = new Map<string, PoolRow>();
  readonly movementRows = new Map<string, MovementRow>();
  readonly awaiting = new Map<string, number>();
  readonly changes: Array<{ poolId: string; deltaFen: number; cause: string; ref: string }> = [];
  readonly locked: string[][] = [];
  /** Set to make the next budget change fail as the database's cap CHECK would. */
  capViolation = false;
  db = {} as never;

  addPool(id: string, p: Partial<PoolRow> = {}) {
    this.pools.set(id, {
      id, item_id: null, item_name: null, department_code: null, payer: 'finance', budget_fen: 1_000_000, committed_fen: 0, budget_line_fen: null,
      updated_at: new Date(), ...p,
    });
  }
  transaction<T>(work: (m: EntityManager) => Promise<T>) {
    return work({} as EntityManager);
  }
  async list(filter: { departmentCode?: string | null }, page: number, pageSize: number) {
    const all = [...this.pools.values()].filter((p) => filter.departmentCode === undefined || (p.department_code === filter.departmentCode && p.payer === 'department'));
    return { rows: all.slice((page - 1) * pageSize, page * pageSize), total: all.length };
  }
  async find(_m: unknown, id: string) {
    return this.pools.get(id) ?? null;
  }
  async lockPools(_m: unknown, ids: string[]) {
    this.locked.push(ids);
    return ids.filter((id) => this.pools.has(id));
  }
  async instructionsAwaitingCheck(_m: unknown, poolId: string) {
    return this.awaiting.get(poolId) ?? 0;
  }
  async updateSettings(_m: unknown, id: string, payer: PoolRow['payer'], budgetLineFen: number | null) {
    Object.assign(this.pools.get(id) as PoolRow, { payer, budget_line_fen: budgetLineFen });
  }
  async changeBudget(_m: unknown, poolId: string, deltaFen: number, cause: string, ref: string) {
    const p = this.pools.get(poolId) as PoolRow;
    const budget = Number(p.budget_fen) + deltaFen;
    if (this.capViolation || budget < Number(p.committed_fen)) throw Object.assign(new Error('check violation'), { code: '23514', constraint: 'CHK_fund_pools_cap' });
    p.budget_fen = budget;
    this.changes.push({ poolId, deltaFen, cause, ref });
  }
  async insertMovement(_m: unknown, mv: NewMovement) {
    this.movementRows.set(mv.id, {
      id: mv.id, kind: mv.kind, from_pool_id: mv.fromPoolId, to_pool_id: mv.toPoolId, amount_fen: mv.amountFen, reason: mv.reason, status: 'requested',
      requested_by: mv.requestedBy, requested_by_name: mv.requestedByName, requested_at: new Date(), decided_by: null, decided_at: null, reject_reason: null,
    });
  }
  async lockMovement(_m: unknown, id: string) {
    return this.movementRows.get(id) ?? null;
  }
  async markMovementApproved(_m: unknown, id: string, by: string) {
    const r = this.movementRows.get(id) as MovementRow;
    if (r.status === 'requested') Object.assign(r, { status: 'approved' as MovementStatus, decided_by: by, decided_at: new Date() });
  }
  async markMovementRejected(_m: unknown, id: string, by: string, reason: string) {
    Object.assign(this.movementRows.get(id) as MovementRow, { status: 'rejected' as MovementStatus, decided_by: by, decided_at: new Date(), reject_reason: reason });
  }
  async movements() {
    return { rows: [...this.movementRows.values()], total: this.movementRows.size };
  }
  async history(): Promise<{ rows: PoolHistoryRow[]; total: number }> {
    return { rows: [], total: 0 };
  }
}

const person = (role: Principal['role'], id: string = role, departmentCode: string | null = null): Principal =>
  ({ id, username: id, displayName: id, role, departmentCode, enterpriseId: null });
const maker = person('finance_maker', 'maker');
const checker = person('finance_checker', 'checker');

function setup() {
  const repo = new MemoryPools();
  const audit = { record: jest.fn(async () => undefined) };
  const svc = new PoolsService(repo as unknown as PoolsRepository, audit as unknown as AuditService);
  return { repo, audit, svc };
}

const code = async (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code ?? String(e));

describe('PoolsService decisions (no database)', () => {
  it('refuses a malformed top-up or transfer with a coded error and writes nothing', async () => {
    const { repo, svc, audit } = setup();
    repo.addPool('pool-a');
    repo.addPool('pool-b');
    expect(await code(svc.request(maker, { kind: 'top_up', fromPoolId: 'pool-b', toPoolId: 'pool-a', amountFen: 100, reason: 'x' }))).toBe('PAYOUT_POOL_MOVEMENT.INVALID');
    expect(await code(svc.request(maker, { kind: 'transfer', toPoolId: 'pool-a', amountFen: 100, reason: 'x' }))).toBe('PAYOUT_POOL_MOVEMENT.INVALID');
    expect(await code(svc.request(maker, { kind: 'transfer', fromPoolId: 'pool-a', toPoolId: 'pool-a', amountFen: 100, reason: 'x' }))).toBe('PAYOUT_POOL_MOVEMENT.INVALID');
    for (const amountFen of [0, -5, 1.5, Number.MAX_SAFE_INTEGER + 2]) {
      expect(await code(svc.request(maker, { kind: 'top_up', toPoolId: 'pool-a', amountFen, reason: 'x' }))).toBe('PAYOUT_POOL_MOVEMENT.INVALID');
    }
    expect(repo.movementRows.size).toBe(0);
    expect(audit.record).not.toHaveBeenCalled();
  });

  it('checks feasibility on request: the budget line caps a top-up, a transfer takes only what the source has not committed', async () => {
    const { repo, svc } = setup();
    repo.addPool('pool-a', { budget_fen: 1_000_000, budget_line_fen: 1_500_000 });
    repo.addPool('pool-b', { budget_fen: 300_000, committed_fen: 250_000 });
    repo.addPool('open', { budget_fen: null });
    expect(await code(svc.request(maker, { kind: 'top_up', toPoolId: 'pool-a', amountFen: 500_001, reason: '追加' }))).toBe('PAYOUT_POOL.OVER_BUDGET_LINE');
    expect(await code(svc.request(maker, { kind: 'top_up', toPoolId: 'open', amountFen: 1, reason: '追加' }))).toBe('PAYOUT_POOL.UNLIMITED');
    expect(await code(svc.request(maker, { kind: 'transfer', fromPoolId: 'open', toPoolId: 'pool-b', amountFen: 1, reason: '调拨' }))).toBe('PAYOUT_POOL.UNLIMITED');
    expect(await code(svc.request(maker, { kind: 'transfer', fromPoolId: 'pool-b', toPoolId: 'pool-a', amountFen: 50_001, reason: '调拨' }))).toBe('PAYOUT_POOL.INSUFFICIENT');
    expect(await code(svc.request(maker, { kind: 'top_up', toPoolId: 'nowhere', amountFen: 1, reason: '追加' }))).toBe('PAYOUT_POOL.NOT_FOUND');
    expect(repo.movementRows.size).toBe(0);
    const ok = await svc.request(maker, { kind: 'top_up', toPoolId: 'pool-a', amountFen: 500_000, reason: '追加' });
    expect(ok).toMatchObject({ kind: 'top_up', fromPoolId: null, toPoolId: 'pool-a', amountFen: 500_000, status: 'requested', requestedBy: 'maker' });
    expect(repo.changes).toEqual([]); // nothing moves before a checker approves
  });

  it('moves a transfer only when a different person approves, both sides with their cause, once', async () => {
    const { repo, svc, audit } = setup();
    repo.addPool('pool-a', { budget_fen: 1_000_000 });
    repo.addPool('pool-b', { budget_fen: 300_000, committed_fen: 100_000 });
    const req = await svc.request(maker, { kind: 'transfer', fromPoolId: 'pool-b', toPoolId: 'pool-a', amountFen: 50_000, reason: '动态调拨' });
    expect(await code(svc.approve({ ...checker, id: 'maker' }, req.id))).toBe('PAYOUT_POOL_MOVEMENT.MAKER_CHECKER_SAME_PERSON');
    expect(repo.changes).toEqual([]);
    const done = await svc.approve(checker, req.id);
    expect(done).toMatchObject({ status: 'approved', decidedBy: 'checker' });
    expect(repo.locked[repo.locked.length - 1]).toEqual(['pool-b', 'pool-a']);
    expect(repo.changes).toEqual([
      { poolId: 'pool-b', deltaFen: -50_000, cause: 'transfer_out', ref: `movement ${req.id}` },
      { poolId: 'pool-a', deltaFen: 50_000, cause: 'transfer_in', ref: `movement ${req.id}` },
    ]);
    expect([Number(repo.pools.get('pool-a')?.budget_fen), Number(repo.pools.get('pool-b')?.budget_fen)]).toEqual([1_050_000, 250_000]);
    expect(await code(svc.approve(checker, req.id))).toBe('PAYOUT_POOL_MOVEMENT.INVALID_STATE');
    expect(await code(svc.reject(checker, req.id, '晚了'))).toBe('PAYOUT_POOL_MOVEMENT.INVALID_STATE');
    expect(repo.changes).toHaveLength(2);
    expect(audit.record).toHaveBeenCalledWith(expect.objectContaining({ action: 'payout.pool.transfer.approve', targetId: req.id }), expect.anything());
  });

  it('re-checks on approval: a source emptied since the request is refused, and a cap race becomes PAYOUT_POOL.INSUFFICIENT', async () => {
    const { repo, svc } = setup();
    repo.addPool('pool-a', { budget_fen: 1_000_000 });
    repo.addPool('pool-b', { budget_fen: 300_000 });
    const req = await svc.request(maker, { kind: 'transfer', fromPoolId: 'pool-b', toPoolId: 'pool-a', amountFen: 200_000, reason: '调拨' });
    (repo.pools.get('pool-b') as PoolRow).committed_fen = 150_000;
    expect(await code(svc.approve(checker, req.id))).toBe('PAYOUT_POOL.INSUFFICIENT');
    (repo.pools.get('pool-b') as PoolRow).committed_fen = 0;
    repo.capViolation = true;
    expect(await code(svc.approve(checker, req.id))).toBe('PAYOUT_POOL.INSUFFICIENT');
    expect(repo.movementRows.get(req.id)?.status).toBe('requested');
  });

  it('tops up with a single change; rejects with the reason; an unknown movement is not found', async () => {
    const { repo, svc } = setup();
    repo.addPool('pool-a', { budget_fen: 1_000 });
    const up = await svc.request(maker, { kind: 'top_up', toPoolId: 'pool-a', amountFen: 500, reason: '追加' });
    await svc.approve(checker, up.id);
    expect(repo.changes).toEqual([{ poolId: 'pool-a', deltaFen: 500, cause: 'top_up', ref: `movement ${up.id}` }]);
    const again = await svc.request(maker, { kind: 'top_up', toPoolId: 'pool-a', amountFen: 1, reason: '再追加' });
    expect(await code(svc.reject({ ...checker, id: 'maker' }, again.id, 'x'))).toBe('PAYOUT_POOL_MOVEMENT.MAKER_CHECKER_SAME_PERSON');
    expect(await svc.reject(checker, again.id, '无依据')).toMatchObject({ status: 'rejected', rejectReason: '无依据', decidedBy: 'checker' });
    expect(await code(svc.approve(checker, '00000000-0000-0000-0000-000000000000'))).toBe('PAYOUT_POOL_MOVEMENT.NOT_FOUND');
  });

  it('changes the payer only when the pool has a department and no batch waits for its checker; the budget line never below the budget', async () => {
    const { repo, svc, audit } = setup();
    repo.addPool('city', { department_code: null });
    repo.addPool('pool-kjj', { department_code: 'kjj', budget_fen: 800 });
    expect(await code(svc.updateSettings(checker, 'city', { payer: 'department' }))).toBe('PAYOUT_POOL.PAYER_INVALID');
    repo.awaiting.set('pool-kjj', 3);
    expect(await code(svc.updateSettings(checker, 'pool-kjj', { payer: 'department' }))).toBe('PAYOUT_POOL.BATCH_WAITING');
    // The line alone may change while batches wait: the payer stays.
    expect(await svc.updateSettings(checker, 'pool-kjj', { budgetLineFen: 900 })).toMatchObject({ payer: 'finance', budgetLineFen: 900 });
    expect(await code(svc.updateSettings(checker, 'pool-kjj', { budgetLineFen: 799 }))).toBe('PAYOUT_POOL.OVER_BUDGET_LINE');
    repo.awaiting.set('pool-kjj', 0);
    const after = await svc.updateSettings(checker, 'pool-kjj', { payer: 'department' });
    expect(after).toMatchObject({ payer: 'department', payerCode: 'kjj', budgetLineFen: 900 });
    expect(await code(svc.updateSettings(checker, 'missing', { budgetLineFen: null }))).toBe('PAYOUT_POOL.NOT_FOUND');
    expect(audit.record).toHaveBeenCalledTimes(2);
  });

  it("shows a department's payers only their department's own pools", async () => {
    const { repo, svc } = setup();
    repo.addPool('pool-kjj', { department_code: 'kjj', payer: 'department' });
    repo.addPool('pool-kjj-fin', { department_code: 'kjj', payer: 'finance' });
    repo.addPool('pool-gxj', { department_code: 'gxj', payer: 'department' });
    const kjj = person('dept_payer_checker', 'k1', 'kjj');
    expect((await svc.list(kjj)).items.map((p) => p.id)).toEqual(['pool-kjj']);
    expect((await svc.list(checker)).total).toBe(3);
    expect((await svc.get('pool-kjj', kjj)).availableFen).toBe(1_000_000);
    expect(await code(svc.get('pool-gxj', kjj))).toBe('PAYOUT_POOL.NOT_FOUND');
    expect(await code(svc.get('pool-kjj-fin', kjj))).toBe('PAYOUT_POOL.NOT_FOUND');
    expect(await code(svc.history(kjj, 'pool-gxj'))).toBe('PAYOUT_POOL.NOT_FOUND');
  });
});
