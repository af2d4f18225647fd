import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, QUEUE_PORT, QueueNames, QueuePort } from '@app/core';
import { PAYOUT_OPTIONS, PayoutOptions } from '../payout.options';
import { PaymentOrder, TREASURY_PORT, TreasuryPort, TreasuryResult, TreasuryUnavailableError } from '../treasury/treasury.port';
import { RecordedCounts, ResultRecorder } from './result-recorder';
import { PendingChunk, SendingRepository, SendingRow } from './sending.repository';

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
 * lost queue (Redis emptied) or a killed worker only delays payment. All SQL is in SendingRepository.
 */
@Injectable()
export class PayoutSender implements OnApplicationShutdown {
  private readonly logger = new Logger('PayoutSender');
  private sweepTimer?: NodeJS.Timeout;
  /** Test hook: runs after the treasury answered, before the answer is recorded (crash point). */
  afterTreasuryCall?: (chunkId: string, results: TreasuryResult[]) => void | Promise<void>;

  constructor(
    private readonly repo: SendingRepository,
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
  async enqueueBatch(batchId: string, m: EntityManager | DataSource = this.repo.db): Promise<number> {
    const chunks = await this.repo.unfinishedChunksOf(m, batchId);
    for (const c of chunks) await this.enqueue(c);
    return chunks.length;
  }

  private enqueue(c: PendingChunk): Promise<void> {
    return this.queue.add<SendChunkJob>(QueueNames.Payouts, 'send-chunk', { chunkId: c.id }, { jobId: `payout-chunk:${c.id}:${c.attempts}` });
  }

  /** Re-queues unfinished chunks nobody holds (lease free or expired): recovery from PostgreSQL alone. */
  async sweep(): Promise<number> {
    const chunks = await this.repo.unheldChunks();
    for (const c of chunks) await this.enqueue(c);
    // Safety net: a batch whose chunks are all done is completed, whatever interrupted the last one.
    await this.repo.completeFinishedBatches();
    return chunks.length;
  }

  async sendChunk(chunkId: string): Promise<ChunkOutcome> {
    // The claim sets the sending marker: from its commit on, the treasury may hold these instructions.
    const claim = await this.repo.transaction((m) => this.repo.claimChunk(m, chunkId, this.options.leaseMs));
    if (!claim) return { chunkId, claimed: false, queried: 0, submitted: 0 };

    try {
      const rows = await this.repo.inFlight(chunkId);
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
      const recorded = await this.repo.transaction(async (m) => {
        const counts = await this.recorder.record(m, results);
        await this.repo.finishChunk(m, chunkId, claim.batch_id);
        return counts;
      });
      return { chunkId, claimed: true, queried, submitted: toSend.length, recorded };
    } catch (err) {
      // Give the chunk back at once so the queue's retry (or the sweep) can take it over.
      await this.repo.releaseChunk(chunkId, String((err as Error).message).slice(0, 500)).catch(() => undefined);
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
    return this.repo.transaction(async (m) => {
      await options.inTransaction?.(m);
      const counts = await this.recorder.record(m, results, { confirmedLateReturns: confirmed, confirmedBy: CONFIRMING_SOURCES.has(source) ? source : 'treasury_status' });
      if (counts.unconfirmedReturns.length) {
        const reason = '回调/回执称已退回，但银行对账单或国库状态查询未确认；未入账，已列为对账差异';
        const runId = await this.repo.recordUnconfirmedReturns(m, counts.unconfirmedReturns, source, reason);
        await this.audit.record(
          { actor: null, action: 'payout.return_unconfirmed', outcome: 'denied', targetType: 'payout_instruction', targetId: counts.unconfirmedReturns[0],
            details: { source, instructionIds: counts.unconfirmedReturns, reconRunId: runId } },
          m,
        );
      }
      const moved = counts.accepted + counts.settled + counts.returned + counts.failed;
      if (moved > 0) {
        for (const c of await this.repo.chunksOf(m, results.map((r) => r.instructionId))) await this.repo.finishChunk(m, c.chunkId, c.batchId);
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
    const settled = await this.repo.settledAmong(returned);
    if (settled.length === 0) return new Set();
    try {
      const answers = await this.treasury.status(settled);
      return new Set(answers.filter((a) => a.status === 'returned').map((a) => a.instructionId));
    } catch (err) {
      this.logger.warn(`could not confirm late returns with the treasury: ${(err as Error).message}`);
      return new Set();
    }
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
