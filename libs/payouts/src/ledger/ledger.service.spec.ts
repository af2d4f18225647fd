import type { EntityManager } from 'typeorm';
import type { JournalLine } from './ledger.rules';
import type { LedgerRepository, NewJournalEntry } from './ledger.repository';
import { LedgerService } from './ledger.service';

interface Instruction {
  id: string;
  applicationId: string;
  fundPoolId: string;
  amountFen: number;
  status: string;
  reissue: boolean;
  settledAt?: number;
  returnConfirmed?: boolean;
}

/** The repository's contract, in memory: the journal, the instructions and the pools' commitments. */
class MemoryLedger {
  readonly entries: Array<NewJournalEntry & { memo: string | null }> = [];
  readonly instructions: Instruction[] = [];
  readonly committed = new Map<string, number>();
  appends = 0;
  db = {} as never;

  async append(_m: unknown, entries: NewJournalEntry[], memo: string | null) {
    this.appends++;
    for (const e of entries) this.entries.push({ ...e, memo });
  }
  private lines(): JournalLine[] {
    return this.entries.flatMap((e) => e.lines);
  }
  private sums(lines: JournalLine[]): JournalLine[] {
    const m = new Map<string, JournalLine>();
    for (const l of lines) {
      const k = `${l.fundPoolId}|${l.account}`;
      const s = m.get(k) ?? { fundPoolId: l.fundPoolId, account: l.account, amountFen: 0 };
      s.amountFen += l.amountFen;
      m.set(k, s);
    }
    return [...m.values()].sort((a, b) => `${a.fundPoolId}|${a.account}`.localeCompare(`${b.fundPoolId}|${b.account}`));
  }
  async balances(_r: unknown, fundPoolId?: string) {
    return this.sums(this.lines().filter((l) => !fundPoolId || l.fundPoolId === fundPoolId));
  }
  async counts() {
    const lines = this.lines();
    return { entries: this.entries.length, lines: lines.length, totalFen: lines.reduce((s, l) => s + l.amountFen, 0) };
  }
  async unbalancedEntries() {
    return this.entries.filter((e) => e.lines.length < 2 || e.lines.reduce((s, l) => s + l.amountFen, 0) !== 0).map((e) => e.id);
  }
  async duplicatePostings() {
    const seen = new Map<string, number>();
    for (const e of this.entries) seen.set(`${e.instructionId}|${e.kind}`, (seen.get(`${e.instructionId}|${e.kind}`) ?? 0) + 1);
    return [...seen.values()].filter((n) => n > 1).length;
  }
  async sumsByPoolAccount() {
    return this.sums(this.lines());
  }
  async instructionTotals(_r: unknown, statuses: readonly string[]) {
    return this.instructions.filter((i) => statuses.includes(i.status)).map((i) => ({ fundPoolId: i.fundPoolId, isReissue: i.reissue, status: i.status, amountFen: i.amountFen }));
  }
  async poolCommitments() {
    return [...this.committed].map(([fundPoolId, committedFen]) => ({ fundPoolId, committedFen }));
  }
  async settledTwice() {
    const by = new Map<string, Instruction[]>();
    for (const i of this.instructions.filter((x) => x.status === 'settled')) by.set(i.applicationId, [...(by.get(i.applicationId) ?? []), i]);
    return [...by]
      .filter(([, xs]) => xs.length > 1)
      .map(([applicationId, xs]) => ({ applicationId, instructionIds: xs.map((x) => x.id), settledFen: xs.reduce((s, x) => s + x.amountFen, 0) }));
  }
  async unconfirmedLateReturns() {
    return this.instructions.filter((i) => i.status === 'returned' && i.settledAt !== undefined && !i.returnConfirmed).map((i) => i.id);
  }
}

const m = {} as EntityManager;

function setup() {
  const repo = new MemoryLedger();
  const ledger = new LedgerService(repo as unknown as LedgerRepository);
  /** An instruction committed from its pool (as batch approval does), in the ledger and on the pool. */
  const commit = async (i: Omit<Instruction, 'status'>) => {
    repo.instructions.push({ ...i, status: 'approved' });
    if (!i.reissue) repo.committed.set(i.fundPoolId, (repo.committed.get(i.fundPoolId) ?? 0) + i.amountFen);
    await ledger.post(m, 'commit', [{ instructionId: i.id, fundPoolId: i.fundPoolId, amountFen: i.amountFen, isReissue: i.reissue }]);
  };
  const settle = async (id: string) => {
    const i = repo.instructions.find((x) => x.id === id) as Instruction;
    Object.assign(i, { status: 'settled', settledAt: Date.now() });
    await ledger.post(m, 'settle', [{ instructionId: id, fundPoolId: i.fundPoolId, amountFen: i.amountFen, isReissue: i.reissue }]);
  };
  return { repo, ledger, commit, settle };
}

describe('LedgerService decisions (no database)', () => {
  it('posts one balanced entry per subject in one append, with unique ids and the memo', async () => {
    const { repo, ledger } = setup();
    const n = await ledger.post(m, 'commit', [
      { instructionId: 'i1', fundPoolId: 'pool-a', amountFen: 100, isReissue: false },
      { instructionId: 'i2', fundPoolId: 'pool-b', amountFen: 250, isReissue: true },
    ], 'batch PB1');
    expect(n).toBe(2);
    expect(repo.appends).toBe(1);
    expect(new Set(repo.entries.map((e) => e.id)).size).toBe(2);
    expect(repo.entries.map((e) => [e.kind, e.instructionId, e.memo, e.lines.map((l) => [l.account, l.amountFen])])).toEqual([
      ['commit', 'i1', 'batch PB1', [['fund_pool_budget', 100], ['payable_enterprises', -100]]],
      ['commit', 'i2', 'batch PB1', [['returned_funds', 250], ['payable_enterprises', -250]]],
    ]);
    expect(await ledger.post(m, 'settle', [])).toBe(0);
    expect(repo.appends).toBe(1);
  });

  it('refuses an unbalanced draft and writes none of the batch', async () => {
    const { repo, ledger } = setup();
    const good = { kind: 'commit' as const, instructionId: 'i1', fundPoolId: 'p', lines: [{ fundPoolId: 'p', account: 'fund_pool_budget' as const, amountFen: 5 }, { fundPoolId: 'p', account: 'payable_enterprises' as const, amountFen: -5 }] };
    const lopsided = { ...good, instructionId: 'i2', lines: [good.lines[0], { ...good.lines[1], amountFen: -4 }] };
    const single = { ...good, instructionId: 'i3', lines: [good.lines[0]] };
    await expect(ledger.postDrafts(m, [good, lopsided])).rejects.toThrow('unbalanced commit entry for i2');
    await expect(ledger.postDrafts(m, [single])).rejects.toThrow('unbalanced commit entry for i3');
    await expect(ledger.post(m, 'commit', [{ instructionId: 'i4', fundPoolId: 'p', amountFen: 0, isReissue: false }])).rejects.toThrow(RangeError);
    expect(repo.appends).toBe(0);
  });

  it('labels balances and sums them per account across pools', async () => {
    const { ledger, commit, settle } = setup();
    await commit({ id: 'i1', applicationId: 'a1', fundPoolId: 'pool-a', amountFen: 300, reissue: false });
    await commit({ id: 'i2', applicationId: 'a2', fundPoolId: 'pool-b', amountFen: 200, reissue: false });
    await settle('i1');
    expect(await ledger.balances({ fundPoolId: 'pool-b' })).toEqual([
      { fundPoolId: 'pool-b', account: 'fund_pool_budget', accountLabel: expect.any(String), balanceFen: 200 },
      { fundPoolId: 'pool-b', account: 'payable_enterprises', accountLabel: expect.any(String), balanceFen: -200 },
    ]);
    expect(await ledger.totals()).toEqual({ fund_pool_budget: 500, payable_enterprises: -200, bank_clearing: -300, returned_funds: 0 });
  });

  it('finds the ledger OK when it matches the instructions and the pools, and says what is off when not', async () => {
    const { repo, ledger, commit, settle } = setup();
    await commit({ id: 'i1', applicationId: 'a1', fundPoolId: 'pool-a', amountFen: 300, reissue: false });
    await commit({ id: 'i2', applicationId: 'a2', fundPoolId: 'pool-a', amountFen: 200, reissue: false });
    await settle('i1');
    const ok = await ledger.check();
    expect(ok).toMatchObject({ ok: true, entries: 3, lines: 6, totalFen: 0, balanceMismatches: [], poolMismatches: [], duplicatePostings: 0, doublePayments: [], bankClearingFen: -300 });

    // An instruction the ledger holds as committed was put back to 'created' without a release.
    (repo.instructions[1] as Instruction).status = 'created';
    repo.committed.set('pool-a', 250);
    const off = await ledger.check();
    expect(off.ok).toBe(false);
    expect(off.balanceMismatches).toEqual(expect.arrayContaining([
      { fundPoolId: 'pool-a', account: 'fund_pool_budget', ledgerFen: 500, expectedFen: 300 },
      { fundPoolId: 'pool-a', account: 'payable_enterprises', ledgerFen: -200, expectedFen: 0 },
    ]));
    expect(off.poolMismatches).toEqual([{ fundPoolId: 'pool-a', committedFen: 250, ledgerFen: 500 }]);
  });

  it('flags an obligation paid twice, a late return nobody confirmed, and a double posting, though each entry balances', async () => {
    const { repo, ledger, commit, settle } = setup();
    await commit({ id: 'i1', applicationId: 'a1', fundPoolId: 'p', amountFen: 100, reissue: false });
    await commit({ id: 'i2', applicationId: 'a1', fundPoolId: 'p', amountFen: 100, reissue: true });
    await settle('i1');
    await settle('i2');
    const twice = await ledger.check();
    expect(twice.ok).toBe(false);
    expect(twice.doublePayments).toEqual([{ applicationId: 'a1', instructionIds: ['i1', 'i2'], settledFen: 200 }]);
    expect(twice.unbalancedEntries).toEqual([]);

    const late = setup();
    await late.commit({ id: 'j1', applicationId: 'b1', fundPoolId: 'p', amountFen: 100, reissue: false });
    await late.settle('j1');
    await late.ledger.post(m, 'return', [{ instructionId: 'j1', fundPoolId: 'p', amountFen: 100, isReissue: false }]);
    (late.repo.instructions[0] as Instruction).status = 'returned';
    expect(await late.ledger.check()).toMatchObject({ ok: false, unconfirmedLateReturns: ['j1'], balanceMismatches: [] });
    (late.repo.instructions[0] as Instruction).returnConfirmed = true;
    expect((await late.ledger.check()).ok).toBe(true);

    await late.ledger.post(m, 'return', [{ instructionId: 'j1', fundPoolId: 'p', amountFen: 100, isReissue: false }]);
    const dup = await late.ledger.check();
    expect(dup.ok).toBe(false);
    expect(dup.duplicatePostings).toBe(1);
    expect(repo.entries).toHaveLength(4);
  });
});
