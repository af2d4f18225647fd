import type { EntityManager } from 'typeorm';
import type { AppConfig, AuditService, OutboxService, Principal } from '@app/core';
import type { LedgerService } from '../ledger/ledger.service';
import { PayoutClock } from '../payout.clock';
import { DEFAULT_PAYOUT_OPTIONS } from '../payout.options';
import { AUTO_BATCHER, AUTO_CHECKER, autoCheck, dueCuts, mayActFor, payerScopeOf } from './batch.rules';
import type { BatchFilter, PayerCode } from './batch.types';
import type { AutoCheckFacts, BatchesRepository, BatchRow, PayerBacklog } from './batches.repository';
import { BatchesService } from './batches.service';

/** The repository's contract, in memory: ready instructions per payer, batches by id. */
class MemoryBatches {
  readonly ready = new Map<PayerCode, Array<{ id: string; amountFen: number; at: Date }>>();
  readonly rows = new Map<string, BatchRow>();
  readonly members = new Map<string, Array<{ id: string; amountFen: number }>>();
  readonly committed: Array<{ pool: string; fen: number }> = [];
  /** Who pays each known pool. */
  readonly poolPayers = new Map<string, PayerCode>();
  facts: AutoCheckFacts = { reissues: 0, shortPools: [] };
  private n = 0;
  db = {} as never;

  add(payer: PayerCode, count: number, amountFen: number, at = new Date()) {
    const q = this.ready.get(payer) ?? [];
    for (let i = 0; i < count; i++) q.push({ id: `i${++this.n}`, amountFen, at });
    this.ready.set(payer, q);
  }
  transaction<T>(work: (m: EntityManager) => Promise<T>) {
    return work({} as EntityManager);
  }
  async previewByPool() {
    return [];
  }
  async payerOfPool(_m: unknown, id: string) {
    return this.poolPayers.get(id) ?? null;
  }
  async insert(_m: unknown, b: { id: string; batchNo: string; title: string; filter: BatchFilter; payerCode: string; origin: 'manual' | 'auto'; createdBy: string; createdByName: string }) {
    this.rows.set(b.id, {
      id: b.id, batch_no: b.batchNo, title: b.title, status: 'draft', filter: b.filter, payer_code: b.payerCode, origin: b.origin, approval: null, auto_check: null,
      instruction_count: 0, total_fen: 0, created_by: b.createdBy, created_by_name: b.createdByName, submitted_by: null, approved_by: null, rejected_by: null,
      reject_reason: null, created_at: new Date(), approved_at: null, completed_at: null,
    });
  }
  async takeReady(_m: unknown, id: string, _f: BatchFilter, payer: PayerCode, limit?: number) {
    const q = this.ready.get(payer) ?? [];
    const taken = q.splice(0, limit ?? q.length);
    const total = taken.reduce((s, x) => s + x.amountFen, 0);
    this.members.set(id, taken);
    Object.assign(this.rows.get(id) as BatchRow, { instruction_count: taken.length, total_fen: total });
    return { n: taken.length, total };
  }
  async backlogByPayer(): Promise<PayerBacklog[]> {
    return [...this.ready].filter(([, q]) => q.length).map(([payerCode, q]) => ({ payerCode, count: q.length, oldestAt: q[0].at }));
  }
  async lock(_m: unknown, id: string) {
    return this.rows.get(id) ?? null;
  }
  async find(_m: unknown, id: string) {
    return this.rows.get(id) ?? null;
  }
  async progress() {
    return {};
  }
  async markSubmitted(_m: unknown, id: string, by: string) {
    const r = this.rows.get(id) as BatchRow;
    if (r.status !== 'draft') return false;
    Object.assign(r, { status: 'submitted', submitted_by: by });
    return true;
  }
  async autoCheckFacts() {
    return this.facts;
  }
  async recordAutoCheck(_m: unknown, id: string, result: BatchRow['auto_check']) {
    (this.rows.get(id) as BatchRow).auto_check = result;
  }
  async markApproved(_m: unknown, id: string, by: string, approval: BatchRow['approval']) {
    Object.assign(this.rows.get(id) as BatchRow, { status: 'approved', approved_by: by, approval, approved_at: new Date() });
  }
  async commitmentsByPool(_m: unknown, id: string) {
    return [{ fundPoolId: 'pool', totalFen: Number((this.rows.get(id) as BatchRow).total_fen) }];
  }
  async commitPool(_m: unknown, pool: string, fen: number) {
    this.committed.push({ pool, fen });
  }
  async assignChunks(_m: unknown, id: string) {
    return (this.members.get(id) ?? []).map((x) => ({ id: x.id, fund_pool_id: 'pool', amount_fen: x.amountFen, reissue_of: null }));
  }
  async markRejected(_m: unknown, id: string, by: string, reason: string) {
    Object.assign(this.rows.get(id) as BatchRow, { status: 'rejected', rejected_by: by, reject_reason: reason });
  }
  async list() {
    return { rows: [...this.rows.values()], total: this.rows.size };
  }
}

const person = (role: Principal['role'], departmentCode: string | null = null, id = `${role}-${departmentCode ?? 'city'}`): Principal =>
  ({ id, username: id, displayName: id, role, departmentCode, enterpriseId: null });

function setup(payouts: Partial<AppConfig['payouts']> = {}) {
  const repo = new MemoryBatches();
  const audit = { record: jest.fn(async () => undefined) };
  const outbox = { append: jest.fn(async () => undefined) };
  const ledger = { post: jest.fn(async () => undefined) };
  const clock = new PayoutClock();
  const config = { payouts: { autoBatchEveryMs: 600_000, autoBatchMax: 5, autoCheckMaxFen: 1_000_000, ...payouts } } as AppConfig;
  const svc = new BatchesService(repo as unknown as BatchesRepository, audit as unknown as AuditService, outbox as unknown as OutboxService,
    ledger as unknown as LedgerService, clock, DEFAULT_PAYOUT_OPTIONS, config);
  return { repo, audit, outbox, ledger, clock, svc };
}

const code = async (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code);

describe('batch rules', () => {
  const age = (ms: number) => () => ms;
  it('cuts a full batch per AUTO_BATCH_MAX ready, and the rest only once the oldest waited the window', () => {
    const backlog = [{ payerCode: 'finance', count: 12, oldestAt: new Date() }, { payerCode: 'kjj', count: 3, oldestAt: new Date() }];
    expect(dueCuts(backlog, { everyMs: 600_000, max: 5, age: age(1000) })).toEqual([{ payerCode: 'finance', cuts: 2 }]);
    expect(dueCuts(backlog, { everyMs: 600_000, max: 5, age: age(600_000) })).toEqual([{ payerCode: 'finance', cuts: 3 }, { payerCode: 'kjj', cuts: 1 }]);
    expect(dueCuts(backlog, { everyMs: 0, max: 5, age: age(10 ** 9) })).toEqual([]);
  });

  it('auto-checks below the limit only, without reissues, with pools that can carry the batch', () => {
    const clean = { reissues: 0, shortPools: [] };
    expect(autoCheck({ totalFen: 999 }, clean, 1000).passed).toBe(true);
    expect(autoCheck({ totalFen: 1000 }, clean, 1000).passed).toBe(false);
    expect(autoCheck({ totalFen: 1 }, clean, 0).rules[0]).toMatchObject({ rule: 'total_under_limit', passed: false });
    expect(autoCheck({ totalFen: 1 }, { reissues: 1, shortPools: [] }, 1000).passed).toBe(false);
    expect(autoCheck({ totalFen: 1 }, { reissues: 0, shortPools: [{ fundPoolId: 'p', requiredFen: 1, availableFen: 0 }] }, 1000).rules[2]).toMatchObject({ passed: false });
  });

  it('gives finance staff the finance pools and a department payer its own department', () => {
    expect(payerScopeOf(person('finance_maker'))).toBe('finance');
    expect(payerScopeOf(person('dept_payer_checker', 'kjj'))).toBe('kjj');
    expect(payerScopeOf(person('dept_payer_maker', null))).toBeNull();
    expect(payerScopeOf(person('auditor'))).toBeNull();
    expect(mayActFor(person('dept_payer_checker', 'kjj'), 'finance')).toBe(false);
    expect(mayActFor(person('finance_checker'), 'kjj')).toBe(false);
    expect(mayActFor(person('admin'), 'kjj')).toBe(true);
  });
});

describe('BatchesService decisions (no database)', () => {
  it('a maker builds only from the pools its payer pays; a reader cannot build', async () => {
    const { repo, svc } = setup();
    repo.add('finance', 2, 100);
    repo.add('kjj', 3, 100);
    expect((await svc.create(person('dept_payer_maker', 'kjj'), { filter: {} })).instructionCount).toBe(3);
    expect(await code(svc.create(person('auditor'), { filter: {} }))).toBe('PAYOUT_BATCH.PAYER_FORBIDDEN');
    expect(await code(svc.create(person('dept_payer_maker', 'kjj'), { filter: {} }))).toBe('PAYOUT_BATCH.EMPTY_SELECTION');
  });

  it('refuses a maker naming a pool another payer pays, before writing anything', async () => {
    const { repo, svc, audit } = setup();
    repo.poolPayers.set('pool-fin', 'finance');
    repo.poolPayers.set('pool-kjj', 'kjj');
    repo.add('kjj', 2, 100);
    expect(await code(svc.create(person('dept_payer_maker', 'kjj'), { filter: { fundPoolId: 'pool-fin' } }))).toBe('PAYOUT_BATCH.PAYER_FORBIDDEN');
    expect(await code(svc.create(person('dept_payer_maker', 'gxj'), { filter: { fundPoolId: 'pool-kjj' } }))).toBe('PAYOUT_BATCH.PAYER_FORBIDDEN');
    expect(await code(svc.create(person('finance_maker'), { filter: { fundPoolId: 'pool-kjj' } }))).toBe('PAYOUT_BATCH.PAYER_FORBIDDEN');
    expect(await code(svc.preview(person('finance_maker'), { fundPoolId: 'pool-kjj' }))).toBe('PAYOUT_BATCH.PAYER_FORBIDDEN');
    expect(repo.rows.size).toBe(0);
    expect(audit.record).not.toHaveBeenCalled();
    expect((await svc.create(person('dept_payer_maker', 'kjj'), { filter: { fundPoolId: 'pool-kjj' } })).instructionCount).toBe(2);
  });

  it('approves only for a checker of the same payer, never the maker, only when submitted', async () => {
    const { repo, svc, ledger, outbox } = setup();
    repo.add('kjj', 2, 100);
    const maker = person('dept_payer_maker', 'kjj');
    const b = await svc.create(maker, { filter: {} });
    expect(await code(svc.approve(person('dept_payer_checker', 'kjj'), b.id))).toBe('PAYOUT_BATCH.INVALID_STATE');
    await svc.submit(maker, b.id);
    expect(await code(svc.approve(person('finance_checker'), b.id))).toBe('PAYOUT_BATCH.PAYER_FORBIDDEN');
    expect(await code(svc.approve(person('dept_payer_checker', 'gxj'), b.id))).toBe('PAYOUT_BATCH.PAYER_FORBIDDEN');
    expect(await code(svc.approve({ ...person('dept_payer_checker', 'kjj'), id: maker.id }, b.id))).toBe('PAYOUT_BATCH.MAKER_CHECKER_SAME_PERSON');
    expect(ledger.post).not.toHaveBeenCalled();
    const ok = await svc.approve(person('dept_payer_checker', 'kjj'), b.id);
    expect(ok).toMatchObject({ status: 'approved', approval: 'checker' });
    expect(ledger.post).toHaveBeenCalledTimes(1);
    expect(outbox.append).toHaveBeenCalledTimes(1);
  });

  it('auto-batches at the size, leaves the remainder for the window, and auto-checks below the limit only', async () => {
    const { repo, svc, clock, audit } = setup({ autoCheckMaxFen: 450 });
    repo.add('finance', 12, 100); // batches of 5 × 100 = 500 ≥ 450: a person checks
    repo.add('kjj', 4, 100); // 4 × 100 = 400 < 450: auto-checked, but only after the window
    const run = await svc.autoBatch();
    expect(run.batches.map((b) => [b.payerCode, b.instructionCount, b.autoApproved])).toEqual([['finance', 5, false], ['finance', 5, false]]);
    clock.advance(600_000);
    const later = await svc.autoBatch();
    expect(later.batches.map((b) => [b.payerCode, b.instructionCount, b.autoApproved])).toEqual([['finance', 2, true], ['kjj', 4, true]]);
    const auto = repo.rows.get(later.batches[1].id) as BatchRow;
    expect(auto).toMatchObject({ origin: 'auto', created_by: AUTO_BATCHER.id, approved_by: AUTO_CHECKER.id, approval: 'auto_check', auto_check: { passed: true } });
    expect(audit.record).toHaveBeenCalledWith(expect.objectContaining({ action: 'payout.batch.approve', actor: expect.objectContaining({ id: 'system:auto-check' }) }), expect.anything());
    clock.reset();
  });

  it('does nothing when auto-batching is off', async () => {
    const { repo, svc } = setup({ autoBatchEveryMs: 0 });
    repo.add('finance', 50, 100);
    expect((await svc.autoBatch()).batches).toEqual([]);
  });
});
