import type { EntityManager } from 'typeorm';
import type { OutboxService } from '@app/core';
import type { LedgerService } from '../ledger/ledger.service';
import type { EntryKind, LedgerSubject } from '../ledger/ledger.rules';
import type { TreasuryResult } from '../treasury/treasury.port';
import { ResultRecorder } from './result-recorder';
import type { MovedInstruction, SendingRepository } from './sending.repository';

const ins = (n: number) => `01900000-0000-7000-8000-${String(n).padStart(12, '0')}`;

interface Instruction {
  status: string;
  amountFen: number;
  pool: string;
  reissueOf: string | null;
  settledAt: Date | null;
  returnConfirmedBy: string | null;
}

/** The repository's contract, in memory: guarded moves of instructions, released commitments. */
class MemoryResults {
  readonly instructions = new Map<string, Instruction>();
  readonly released = new Map<string, number>();

  add(n: number, status: string, extra: Partial<Instruction> = {}) {
    this.instructions.set(ins(n), { status, amountFen: 100 * n, pool: 'pool-a', reissueOf: null, settledAt: null, returnConfirmedBy: null, ...extra });
  }
  private move(ids: string[], from: (i: Instruction, k: number) => boolean, change: (i: Instruction) => void): MovedInstruction[] {
    const out: MovedInstruction[] = [];
    ids.forEach((id, k) => {
      const i = this.instructions.get(id);
      if (!i || !from(i, k)) return;
      change(i);
      out.push({ id, application_id: `app-${id.slice(-2)}`, amount_fen: String(i.amountFen), fund_pool_id: i.pool, reissue_of: i.reissueOf, settled_at: i.settledAt });
    });
    return out;
  }
  async markSent(_m: unknown, rows: Array<{ id: string }>) {
    return this.move(rows.map((r) => r.id), (i) => i.status === 'sending', (i) => (i.status = 'sent')).map((r) => r.id);
  }
  async markSettled(_m: unknown, rows: Array<{ id: string }>) {
    return this.move(rows.map((r) => r.id), (i) => ['sending', 'sent'].includes(i.status), (i) => Object.assign(i, { status: 'settled', settledAt: new Date() }));
  }
  async markReturned(_m: unknown, rows: Array<{ id: string; confirmed: boolean }>, confirmedBy: string) {
    return this.move(
      rows.map((r) => r.id),
      (i, k) => ['sending', 'sent'].includes(i.status) || (i.status === 'settled' && rows[k].confirmed),
      (i) => Object.assign(i, { returnConfirmedBy: i.status === 'settled' ? confirmedBy : i.returnConfirmedBy, status: 'returned' }),
    );
  }
  async markFailed(_m: unknown, rows: Array<{ id: string }>) {
    return this.move(rows.map((r) => r.id), (i) => ['sending', 'sent'].includes(i.status), (i) => (i.status = 'failed'));
  }
  async settledAmong(ids: string[]) {
    return ids.filter((id) => this.instructions.get(id)?.status === 'settled');
  }
  async releaseCommitments(_m: unknown, perPool: ReadonlyMap<string, number>) {
    for (const [pool, fen] of perPool) this.released.set(pool, (this.released.get(pool) ?? 0) + fen);
  }
}

const m = {} as EntityManager;
const result = (id: string, status: TreasuryResult['status'], reason: string | null = null): TreasuryResult => ({ instructionId: id, status, amountFen: 1, bankRef: 'B1', reason, at: '2026-12-03T00:00:00Z' });

function setup() {
  const repo = new MemoryResults();
  const posted: Array<{ kind: EntryKind; ids: string[] }> = [];
  const ledger = { post: jest.fn(async (_m: unknown, kind: EntryKind, subjects: LedgerSubject[]) => void (subjects.length && posted.push({ kind, ids: subjects.map((s) => s.instructionId) }))) };
  const events: Array<{ name: string; aggregateId: string; payload: { status: string; reason: string | null; amountFen: number } }> = [];
  const outbox = { appendMany: jest.fn(async (_m: unknown, es: typeof events) => void events.push(...es)) };
  const recorder = new ResultRecorder(repo as unknown as SendingRepository, ledger as unknown as LedgerService, outbox as unknown as OutboxService);
  return { repo, posted, events, recorder };
}

describe('ResultRecorder decisions (no database)', () => {
  it('books a settlement once: the ledger entry and the event only for rows that moved', async () => {
    const { repo, posted, events, recorder } = setup();
    repo.add(1, 'sending');
    repo.add(2, 'sent');
    repo.add(3, 'sending');
    const first = await recorder.record(m, [result(ins(1), 'settled'), result(ins(2), 'settled'), result(ins(3), 'accepted'), result(ins(9), 'unknown')]);
    expect(first).toEqual({ settled: 2, returned: 0, failed: 0, accepted: 1, ignored: 0, unconfirmedReturns: [] });
    expect(posted).toEqual([{ kind: 'settle', ids: [ins(1), ins(2)] }]);
    expect(events.map((e) => [e.name, e.aggregateId, e.payload.status, e.payload.amountFen])).toEqual([['payout.settled', ins(1), 'settled', 100], ['payout.settled', ins(2), 'settled', 200]]);

    const again = await recorder.record(m, [result(ins(1), 'settled'), result(ins(2), 'settled'), result(ins(3), 'accepted')]);
    expect(again).toMatchObject({ settled: 0, accepted: 0, ignored: 3 });
    expect(posted).toHaveLength(1);
    expect(events).toHaveLength(2);
  });

  it('books a return before settlement as settle + return, a confirmed late return as return only, and refuses an unconfirmed one', async () => {
    const { repo, posted, events, recorder } = setup();
    repo.add(1, 'sent');
    repo.add(2, 'settled', { settledAt: new Date() });
    repo.add(3, 'settled', { settledAt: new Date() });
    const counts = await recorder.record(m, [result(ins(1), 'returned', '户名不符'), result(ins(2), 'returned'), result(ins(3), 'returned')], {
      confirmedLateReturns: new Set([ins(2)]),
      confirmedBy: 'bank_statement',
    });
    expect(counts).toEqual({ settled: 0, returned: 2, failed: 0, accepted: 0, ignored: 0, unconfirmedReturns: [ins(3)] });
    expect(posted).toEqual([{ kind: 'settle', ids: [ins(1)] }, { kind: 'return', ids: [ins(1), ins(2)] }]);
    expect(repo.instructions.get(ins(2))).toMatchObject({ status: 'returned', returnConfirmedBy: 'bank_statement' });
    expect(repo.instructions.get(ins(3))?.status).toBe('settled');
    expect(events.map((e) => [e.aggregateId, e.payload.reason])).toEqual([[ins(1), '户名不符'], [ins(2), null]]);
  });

  it('releases a failed instruction: ledger release, and pool headroom back for originals only', async () => {
    const { repo, posted, recorder } = setup();
    repo.add(1, 'sending');
    repo.add(2, 'sent', { pool: 'pool-b' });
    repo.add(3, 'sending', { reissueOf: ins(7) });
    repo.add(4, 'settled');
    const counts = await recorder.record(m, [result(ins(1), 'failed'), result(ins(2), 'failed', '账户冻结'), result(ins(3), 'failed'), result(ins(4), 'failed')]);
    expect(counts).toMatchObject({ failed: 3, ignored: 1 });
    expect(posted).toEqual([{ kind: 'release', ids: [ins(1), ins(2), ins(3)] }]);
    expect(Object.fromEntries(repo.released)).toEqual({ 'pool-a': 100, 'pool-b': 200 });
  });
});
