import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, mutateReturning, QUEUE_PORT, QueueNames, QueuePort } from '@app/core';
import { PAYOUT_OPTIONS, PayoutOptions } from '../payout.options';
import { PaymentOrder, TREASURY_PORT, TreasuryPort, TreasuryResult, TreasuryUnavailableError } from '../treasury/treasury.port';
import { recordUnconfirmedReturns } from '../reconciliation/unconfirmed-returns';
import { RecordedCounts, ResultRecorder } from './result-recorder';

/** Sources whose "returned" is itself the bank's word: a statement line, or the treasury's answer to a status query. */
const CONFIRMING_SOURCES: ReadonlySet<string> = new Set(['bank_statement', 'recon_requery']);

export interface RecordResultsOptions {
  /** Runs first inside the recording transaction (a callback's nonce claim): throwing records nothing. */
  inTransaction?: (m: EntityManager) => Promise<void>;
}

export interface SendChunkJob {
  chunkId: string;
}

export interface ChunkOutcome {
  chunkId: string;
  claimed: boolean;
  queried: number;
  submitted: number;
  recorded?: RecordedCounts;
}

interface SendingRow {
  id: string;
  batch_id: string;
  amount_fen: string | number;
  payee_name: string;
  payee_account_encrypted: string;
  payee_bank_name: string | null;
  budget_subject: string;
  fund_pool_id: string;
  status: 'sending' | 'sent';
}

/**
 * Sends approved instructions to the treasury, chunk by chunk, exactly once whatever crashes:
 *
 * 1. claim the chunk (lease) and set the `sending` marker on its instructions — committed before
 *    any call, so a successor knows the treasury may already hold them;
 * 2. on a retry (the chunk was claimed before), ask the treasury for the status of every marked
 *    instruction first and re-send only those it has never seen;
 * 3. submit in one call (the treasury is idempotent by instruction id and refuses a second debit);
 * 4. record the results with guarded transitions (ledger and events only for rows that moved).
 *
 * PostgreSQL holds the truth: a sweep re-queues every unfinished chunk whose lease ran out, so a
 * lost queue (Redis emptied) or a killed worker only delays payment.
 */
@Injectable()
export class PayoutSender implements OnApplicationShutdown {
  private readonly logger = new Logger('PayoutSender');
  private sweepTimer?: NodeJS.Timeout;
  /** Test hook: runs after the treasury answered, before the answer is recorded (crash point). */
  afterTreasuryCall?: (chunkId: string, results: TreasuryResult[]) => void | Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(QUEUE_PORT) private readonly queue: QueuePort,
    @Inject(TREASURY_PORT) private readonly treasury: TreasuryPort,
    @Inject(PAYOUT_OPTIONS) private readonly options: PayoutOptions,
    private readonly recorder: ResultRecorder,
    private readonly audit: AuditService,
  ) {}

  /**
   * Starts the payout queue consumer and the recovery sweep in this process. Call it in the
   * worker (and in the embedded platform); the HTTP-only payout center need not.
   */
  startWorkers(overrides: Partial<Pick<PayoutOptions, 'concurrency' | 'sweepIntervalMs'>> = {}): void {
    const concurrency = overrides.concurrency ?? this.options.concurrency;
    const sweepMs = overrides.sweepIntervalMs ?? this.options.sweepIntervalMs;
    this.queue.process<SendChunkJob>(QueueNames.Payouts, async (job) => {
      await this.sendChunk(job.data.chunkId);
    }, concurrency);
    if (!this.sweepTimer) {
      const tick = async () => {
        try {
          await this.sweep();
        } catch (err) {
          this.logger.warn(`sweep failed: ${(err as Error).message}`);
        }
        this.sweepTimer = setTimeout(tick, sweepMs);
        this.sweepTimer.unref?.();
      };
      this.sweepTimer = setTimeout(tick, 0);
    }
  }

  stop(): void {
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    this.sweepTimer = undefined;
  }

  onApplicationShutdown(): void {
    this.stop();
  }

  /** Queues every unfinished chunk of a batch (the job id changes with each claim, so a retry is never deduped away). */
  async enqueueBatch(batchId: string, m: EntityManager | DataSource = this.dataSource): Promise<number> {
    const chunks: Array<{ id: string; attempts: number }> = await m.query(
      `SELECT id, attempts FROM payout.send_chunks WHERE batch_id = $1 AND status <> 'done' ORDER BY chunk_no`,
      [batchId],
    );
    for (const c of chunks) await this.enqueue(c);
    return chunks.length;
  }

  private enqueue(c: { id: string; attempts: number }): Promise<void> {
    return this.queue.add<SendChunkJob>(QueueNames.Payouts, 'send-chunk', { chunkId: c.id }, { jobId: `payout-chunk:${c.id}:${c.attempts}` });
  }

  /** Re-queues unfinished chunks nobody holds (lease free or expired): recovery from PostgreSQL alone. */
  async sweep(): Promise<number> {
    const chunks: Array<{ id: string; attempts: number }> = await this.dataSource.query(
      `SELECT c.id, c.attempts FROM payout.send_chunks c JOIN payout.batches b ON b.id = c.batch_id
       WHERE c.status <> 'done' AND (c.lease_until IS NULL OR c.lease_until < now()) AND b.status IN ('approved','sending')
       ORDER BY c.created_at, c.chunk_no LIMIT 2000`,
    );
    for (const c of chunks) await this.enqueue(c);
    // Safety net: a batch whose chunks are all done is completed, whatever interrupted the last one.
    await this.dataSource.query(
      `UPDATE payout.batches b SET status = 'completed', completed_at = now()
       WHERE b.status = 'sending'
         AND NOT EXISTS (SELECT 1 FROM payout.send_chunks c WHERE c.batch_id = b.id AND c.status <> 'done')
         AND NOT EXISTS (SELECT 1 FROM payout.instructions i WHERE i.batch_id = b.id AND i.status IN ('approved','sending','sent'))`,
    );
    return chunks.length;
  }

  async sendChunk(chunkId: string): Promise<ChunkOutcome> {
    const claim = await this.dataSource.transaction(async (m) => {
      const [c] = await mutateReturning<{ attempts: number; batch_id: string }>(
        m,
        `UPDATE payout.send_chunks SET status = 'sending', attempts = attempts + 1, lease_until = now() + ($2::int * interval '1 millisecond')
         WHERE id = $1 AND status <> 'done' AND (lease_until IS NULL OR lease_until < now()) RETURNING attempts, batch_id`,
        [chunkId, this.options.leaseMs],
      );
      if (!c) return null;
      await m.query(`UPDATE payout.batches SET status = 'sending' WHERE id = $1 AND status = 'approved'`, [c.batch_id]);
      // The sending marker: from here on the treasury may hold these instructions.
      await m.query(
        `UPDATE payout.instructions SET status = 'sending', send_attempts = send_attempts + 1 WHERE chunk_id = $1 AND status = 'approved'`,
        [chunkId],
      );
      return c;
    });
    if (!claim) return { chunkId, claimed: false, queried: 0, submitted: 0 };

    try {
      const rows: SendingRow[] = await this.dataSource.query(
        `SELECT id, batch_id, amount_fen, payee_name, payee_account_encrypted, payee_bank_name, budget_subject, fund_pool_id, status
         FROM payout.instructions WHERE chunk_id = $1 AND status IN ('sending','sent') ORDER BY id`,
        [chunkId],
      );
      const results: TreasuryResult[] = [];
      let toSend = rows.filter((r) => r.status === 'sending');
      let queried = 0;
      // A previous claim may have reached the treasury and lost the answer: ask before re-sending.
      const awaiting = claim.attempts > 1 ? rows : rows.filter((r) => r.status === 'sent');
      if (awaiting.length > 0) {
        queried = awaiting.length;
        const statuses = await this.treasury.status(awaiting.map((r) => r.id));
        results.push(...statuses.filter((s) => s.status !== 'unknown' && s.status !== 'accepted'));
        const held = new Set(statuses.filter((s) => s.status !== 'unknown').map((s) => s.instructionId));
        toSend = toSend.filter((r) => !held.has(r.id));
      }
      if (toSend.length > 0) {
        results.push(...(await this.treasury.submit(toSend.map(toOrder), { batchId: claim.batch_id, chunkId })));
      }
      await this.afterTreasuryCall?.(chunkId, results);
      const recorded = await this.dataSource.transaction(async (m) => {
        const counts = await this.recorder.record(m, results);
        await this.finishChunk(m, chunkId, claim.batch_id);
        return counts;
      });
      return { chunkId, claimed: true, queried, submitted: toSend.length, recorded };
    } catch (err) {
      // Give the chunk back at once so the queue's retry (or the sweep) can take it over.
      await this.dataSource
        .query(`UPDATE payout.send_chunks SET lease_until = NULL, last_error = $2 WHERE id = $1`, [chunkId, String((err as Error).message).slice(0, 500)])
        .catch(() => undefined);
      if (err instanceof TreasuryUnavailableError) this.logger.warn(`chunk ${chunkId}: ${err.message}; will ask for status and retry`);
      throw err;
    }
  }

  /**
   * Results from callbacks, result files or statements: same guarded path, then chunks/batches
   * completed. A return of an instruction already settled is booked only when confirmed — by the
   * source itself (a bank statement, a status query) or by asking the treasury now; an unconfirmed
   * one is refused and left as a reconciliation exception.
   */
  async recordResults(results: TreasuryResult[], source: string, options: RecordResultsOptions = {}): Promise<RecordedCounts> {
    const confirmed = await this.confirmLateReturns(results, source);
    return this.dataSource.transaction(async (m) => {
      await options.inTransaction?.(m);
      const counts = await this.recorder.record(m, results, { confirmedLateReturns: confirmed, confirmedBy: CONFIRMING_SOURCES.has(source) ? source : 'treasury_status' });
      if (counts.unconfirmedReturns.length) {
        const reason = '回调/回执称已退回，但银行对账单或国库状态查询未确认；未入账，已列为对账差异';
        const runId = await recordUnconfirmedReturns(m, counts.unconfirmedReturns, source, reason);
        await this.audit.record(
          { actor: null, action: 'payout.return_unconfirmed', outcome: 'denied', targetType: 'payout_instruction', targetId: counts.unconfirmedReturns[0],
            details: { source, instructionIds: counts.unconfirmedReturns, reconRunId: runId } },
          m,
        );
      }
      const moved = counts.accepted + counts.settled + counts.returned + counts.failed;
      if (moved > 0) {
        const chunks: Array<{ chunk_id: string; batch_id: string }> = await m.query(
          `SELECT DISTINCT chunk_id, batch_id FROM payout.instructions WHERE id = ANY($1::uuid[]) AND chunk_id IS NOT NULL`,
          [results.map((r) => r.instructionId)],
        );
        for (const c of chunks) await this.finishChunk(m, c.chunk_id, c.batch_id);
        await this.audit.record({ actor: null, action: 'payout.results.recorded', targetType: 'payout_results', details: { source, ...counts } }, m);
      }
      return counts;
    });
  }

  /** Which of the late returns (results "returned" for instructions settled here) the bank confirms. */
  private async confirmLateReturns(results: TreasuryResult[], source: string): Promise<ReadonlySet<string> | 'all'> {
    if (CONFIRMING_SOURCES.has(source)) return 'all';
    const returned = results.filter((r) => r.status === 'returned').map((r) => r.instructionId).filter((id) => /^[0-9a-f-]{36}$/i.test(id));
    if (returned.length === 0) return new Set();
    const settled: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM payout.instructions WHERE id = ANY($1::uuid[]) AND status = 'settled'`, [returned]);
    if (settled.length === 0) return new Set();
    try {
      const answers = await this.treasury.status(settled.map((r) => r.id));
      return new Set(answers.filter((a) => a.status === 'returned').map((a) => a.instructionId));
    } catch (err) {
      this.logger.warn(`could not confirm late returns with the treasury: ${(err as Error).message}`);
      return new Set();
    }
  }

  /** A chunk is done when none of its instructions waits for sending; a batch when all its chunks are. */
  private async finishChunk(m: EntityManager, chunkId: string, batchId: string): Promise<void> {
    // Serialize completion checks per batch: two chunks finishing in parallel transactions would each
    // see the other still open and neither would complete the batch.
    await m.query(`SELECT 1 FROM payout.batches WHERE id = $1 FOR UPDATE`, [batchId]);
    await m.query(
      `UPDATE payout.send_chunks SET status = 'done', done_at = now(), lease_until = NULL
       WHERE id = $1 AND status <> 'done' AND NOT EXISTS (
         SELECT 1 FROM payout.instructions WHERE chunk_id = $1 AND status IN ('approved','sending'))`,
      [chunkId],
    );
    await m.query(
      `UPDATE payout.batches SET status = 'completed', completed_at = now()
       WHERE id = $1 AND status IN ('approved','sending')
         AND NOT EXISTS (SELECT 1 FROM payout.send_chunks WHERE batch_id = $1 AND status <> 'done')
         AND NOT EXISTS (SELECT 1 FROM payout.instructions WHERE batch_id = $1 AND status IN ('approved','sending','sent'))`,
      [batchId],
    );
  }
}

const toOrder = (r: SendingRow): PaymentOrder => ({
  instructionId: r.id,
  batchId: r.batch_id,
  amountFen: Number(r.amount_fen),
  payeeName: r.payee_name,
  payeeAccountEncrypted: r.payee_account_encrypted,
  payeeBankName: r.payee_bank_name,
  budgetSubject: r.budget_subject,
  fundPoolId: r.fund_pool_id,
});
