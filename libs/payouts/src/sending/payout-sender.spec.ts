import type { EntityManager } from 'typeorm';
import type { AuditService, QueuePort } from '@app/core';
import { DEFAULT_PAYOUT_OPTIONS } from '../payout.options';
import { TreasuryUnavailableError, type PaymentOrder, type TreasuryPort, type TreasuryResult } from '../treasury/treasury.port';
import { PayoutSender } from './payout-sender';
import type { RecordedCounts, RecordOptions, ResultRecorder } from './result-recorder';
import type { ChunkClaim, PendingChunk, SendingRepository, SendingRow } from './sending.repository';

const ins = (n: number) => `01900000-0000-7000-8000-${String(n).padStart(12, '0')}`;

/** The repository's contract, in memory: one claimable chunk and its in-flight instructions. */
class MemorySending {
  claim: ChunkClaim | null = { attempts: 1, batch_id: 'b1' };
  rows: SendingRow[] = [];
  settled = new Set<string>();
  pending: PendingChunk[] = [];
  readonly finished: Array<[string, string]> = [];
  readonly released: Array<[string, string]> = [];
  readonly unconfirmed: Array<{ ids: string[]; source: string }> = [];
  chunkOf = new Map<string, string>();
  completions = 0;
  db = {} as never;

  transaction<T>(work: (m: EntityManager) => Promise<T>) {
    return work({} as EntityManager);
  }
  inFlightRow(n: number, status: SendingRow['status'] = 'sending'): SendingRow {
    return { id: ins(n), batch_id: 'b1', amount_fen: 100 * n, payee_name: `企业${n}`, payee_account_encrypted: 'enc', payee_bank_name: null, budget_subject: '2080101', fund_pool_id: 'pool', status };
  }
  async unfinishedChunksOf() {
    return this.pending;
  }
  async unheldChunks() {
    return this.pending;
  }
  async completeFinishedBatches() {
    this.completions++;
  }
  async claimChunk() {
    return this.claim;
  }
  async inFlight() {
    return this.rows;
  }
  async releaseChunk(chunkId: string, error: string) {
    this.released.push([chunkId, error]);
  }
  async settledAmong(ids: string[]) {
    return ids.filter((id) => this.settled.has(id));
  }
  async chunksOf(_m: unknown, ids: string[]) {
    return [...new Set(ids.map((id) => this.chunkOf.get(id)).filter((c): c is string => !!c))].map((chunkId) => ({ chunkId, batchId: 'b1' }));
  }
  async finishChunk(_m: unknown, chunkId: string, batchId: string) {
    this.finished.push([chunkId, batchId]);
  }
  async recordUnconfirmedReturns(_m: unknown, ids: string[], source: string) {
    this.unconfirmed.push({ ids, source });
    return 'run-1';
  }
}

const result = (id: string, status: TreasuryResult['status']): TreasuryResult => ({ instructionId: id, status, amountFen: 100, bankRef: null, reason: null, at: '2026-12-03T00:00:00Z' });
const counts = (c: Partial<RecordedCounts> = {}): RecordedCounts => ({ settled: 0, returned: 0, failed: 0, accepted: 0, ignored: 0, unconfirmedReturns: [], ...c });

function setup() {
  const repo = new MemorySending();
  const queue = { add: jest.fn(async () => undefined), process: jest.fn() };
  const treasury = {
    status: jest.fn(async (ids: string[]): Promise<TreasuryResult[]> => ids.map((id) => result(id, 'unknown'))),
    submit: jest.fn(async (orders: PaymentOrder[]): Promise<TreasuryResult[]> => orders.map((o) => result(o.instructionId, 'accepted'))),
  };
  const recorded: Array<{ results: TreasuryResult[]; options?: RecordOptions }> = [];
  let next = counts();
  const recorder = {
    record: jest.fn(async (_m: unknown, results: TreasuryResult[], options?: RecordOptions) => {
      recorded.push({ results, options });
      return next;
    }),
  };
  const audit = { record: jest.fn(async () => undefined) };
  const sender = new PayoutSender(repo as unknown as SendingRepository, queue as unknown as QueuePort, treasury as unknown as TreasuryPort, DEFAULT_PAYOUT_OPTIONS,
    recorder as unknown as ResultRecorder, audit as unknown as AuditService);
  return { repo, queue, treasury, recorder, recorded, audit, sender, willCount: (c: Partial<RecordedCounts>) => (next = counts(c)) };
}

describe('PayoutSender decisions (no database)', () => {
  it('does nothing with a chunk it cannot claim', async () => {
    const { repo, treasury, sender } = setup();
    repo.claim = null;
    expect(await sender.sendChunk('c1')).toEqual({ chunkId: 'c1', claimed: false, queried: 0, submitted: 0 });
    expect(treasury.status).not.toHaveBeenCalled();
    expect(treasury.submit).not.toHaveBeenCalled();
  });

  it('on a first claim submits what is marked sending without asking, records the answer and finishes the chunk', async () => {
    const { repo, treasury, recorded, sender } = setup();
    repo.rows = [repo.inFlightRow(1), repo.inFlightRow(2)];
    const out = await sender.sendChunk('c1');
    expect(out).toMatchObject({ claimed: true, queried: 0, submitted: 2 });
    expect(treasury.status).not.toHaveBeenCalled();
    expect(treasury.submit).toHaveBeenCalledWith([expect.objectContaining({ instructionId: ins(1), amountFen: 100, batchId: 'b1' }), expect.objectContaining({ instructionId: ins(2), amountFen: 200 })], { batchId: 'b1', chunkId: 'c1' });
    expect(recorded[0].results.map((r) => [r.instructionId, r.status])).toEqual([[ins(1), 'accepted'], [ins(2), 'accepted']]);
    expect(repo.finished).toEqual([['c1', 'b1']]);
  });

  it('on a retry asks the treasury first and re-sends only what it has never seen', async () => {
    const { repo, treasury, recorded, sender } = setup();
    repo.claim = { attempts: 2, batch_id: 'b1' };
    repo.rows = [repo.inFlightRow(1), repo.inFlightRow(2), repo.inFlightRow(3), repo.inFlightRow(4, 'sent')];
    treasury.status.mockResolvedValueOnce([result(ins(1), 'settled'), result(ins(2), 'accepted'), result(ins(3), 'unknown'), result(ins(4), 'returned')]);
    const out = await sender.sendChunk('c1');
    expect(out).toMatchObject({ queried: 4, submitted: 1 });
    expect(treasury.status).toHaveBeenCalledWith([ins(1), ins(2), ins(3), ins(4)]);
    expect(treasury.submit.mock.calls[0][0].map((o) => o.instructionId)).toEqual([ins(3)]);
    // The status answers that say something are recorded; "accepted" and "unknown" are not results.
    expect(recorded[0].results.map((r) => [r.instructionId, r.status])).toEqual([[ins(1), 'settled'], [ins(4), 'returned'], [ins(3), 'accepted']]);
  });

  it('on a first claim asks only about instructions already sent', async () => {
    const { repo, treasury, sender } = setup();
    repo.rows = [repo.inFlightRow(1), repo.inFlightRow(2, 'sent')];
    await sender.sendChunk('c1');
    expect(treasury.status).toHaveBeenCalledWith([ins(2)]);
    expect(treasury.submit.mock.calls[0][0].map((o) => o.instructionId)).toEqual([ins(1)]);
  });

  it('gives the chunk back at once when the treasury fails, and records nothing', async () => {
    const { repo, treasury, recorder, sender } = setup();
    repo.rows = [repo.inFlightRow(1)];
    treasury.submit.mockRejectedValueOnce(new TreasuryUnavailableError('国库接口超时'));
    await expect(sender.sendChunk('c1')).rejects.toThrow('国库接口超时');
    expect(repo.released).toEqual([['c1', expect.stringContaining('国库接口超时')]]);
    expect(recorder.record).not.toHaveBeenCalled();
    expect(repo.finished).toEqual([]);
  });

  it('books a late return only when the bank confirms it: a statement always, a callback only after asking the treasury', async () => {
    const { repo, treasury, recorded, sender } = setup();
    expect(await sender.recordResults([result(ins(1), 'returned')], 'bank_statement')).toEqual(counts());
    expect(recorded[0].options).toEqual({ confirmedLateReturns: 'all', confirmedBy: 'bank_statement' });
    expect(treasury.status).not.toHaveBeenCalled();

    repo.settled = new Set([ins(1), ins(2)]);
    treasury.status.mockResolvedValueOnce([result(ins(1), 'returned'), result(ins(2), 'settled')]);
    await sender.recordResults([result(ins(1), 'returned'), result(ins(2), 'returned'), result(ins(3), 'returned'), result('not-a-uuid', 'returned')], 'treasury.callback');
    expect(treasury.status).toHaveBeenCalledWith([ins(1), ins(2)]);
    expect(recorded[1].options).toEqual({ confirmedLateReturns: new Set([ins(1)]), confirmedBy: 'treasury_status' });

    treasury.status.mockRejectedValueOnce(new Error('down'));
    await sender.recordResults([result(ins(1), 'returned')], 'treasury.callback');
    expect(recorded[2].options?.confirmedLateReturns).toEqual(new Set());
  });

  it('turns unconfirmed returns into a reconciliation exception and finishes the chunks of what moved', async () => {
    const { repo, audit, sender, willCount } = setup();
    repo.chunkOf = new Map([[ins(1), 'c1'], [ins(2), 'c2'], [ins(3), 'c1']]);
    willCount({ settled: 2, unconfirmedReturns: [ins(2)] });
    await sender.recordResults([result(ins(1), 'settled'), result(ins(2), 'returned'), result(ins(3), 'settled')], 'treasury.http_callback');
    expect(repo.unconfirmed).toEqual([{ ids: [ins(2)], source: 'treasury.http_callback' }]);
    expect(audit.record).toHaveBeenCalledWith(expect.objectContaining({ action: 'payout.return_unconfirmed', outcome: 'denied', details: expect.objectContaining({ reconRunId: 'run-1' }) }), expect.anything());
    expect(repo.finished).toEqual([['c1', 'b1'], ['c2', 'b1']]);

    willCount({ ignored: 3 });
    await sender.recordResults([result(ins(1), 'settled')], 'treasury.callback');
    expect(repo.finished).toHaveLength(2);
  });

  it('runs the caller\'s step first in the recording transaction: when it throws nothing is recorded', async () => {
    const { recorder, sender } = setup();
    await expect(sender.recordResults([result(ins(1), 'settled')], 'treasury.callback', { inTransaction: async () => Promise.reject(new Error('replayed')) })).rejects.toThrow('replayed');
    expect(recorder.record).not.toHaveBeenCalled();
  });

  it('re-queues unheld chunks under a job id per attempt, and completes finished batches', async () => {
    const { repo, queue, sender } = setup();
    repo.pending = [{ id: 'c1', attempts: 0 }, { id: 'c2', attempts: 3 }];
    expect(await sender.sweep()).toBe(2);
    expect(queue.add.mock.calls.map((c) => (c as unknown[])[3])).toEqual([{ jobId: 'payout-chunk:c1:0' }, { jobId: 'payout-chunk:c2:3' }]);
    expect(repo.completions).toBe(1);
    expect(await sender.enqueueBatch('b1')).toBe(2);
    expect(queue.add).toHaveBeenCalledTimes(4);
  });
});
