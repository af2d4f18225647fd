import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventNames, PayoutResultPayload } from '@app/contracts';

type PayoutResultEventName = typeof EventNames.PayoutSettled | typeof EventNames.PayoutReturned | typeof EventNames.PayoutFailed;
import { OutboxService } from '@app/core';
import { LedgerService } from '../ledger/ledger.service';
import { LedgerSubject } from '../ledger/ledger.rules';
import type { TreasuryResult } from '../treasury/treasury.port';
import { MovedInstruction as Moved, SendingRepository } from './sending.repository';

export interface RecordedCounts {
  settled: number;
  returned: number;
  failed: number;
  accepted: number;
  /** Results that changed nothing: duplicates (callbacks, retries) or for instructions already final. */
  ignored: number;
  /**
   * Returns of instructions already settled that nothing confirmed (no bank statement, the treasury's
   * status says otherwise): not booked; the sender turns them into reconciliation exceptions.
   */
  unconfirmedReturns: string[];
}

export interface RecordOptions {
  /**
   * Settled instructions whose return is confirmed (by the bank statement or the treasury's status
   * answer): only these may move settled → returned. `all`: the results are themselves the
   * treasury's answers to the platform's own requests.
   */
  confirmedLateReturns: ReadonlySet<string> | 'all';
  /** What confirmed them, recorded on the instruction. */
  confirmedBy: string;
}

const subject = (r: Moved): LedgerSubject => ({
  instructionId: r.id,
  fundPoolId: r.fund_pool_id,
  amountFen: Number(r.amount_fen),
  isReissue: r.reissue_of !== null,
});

/**
 * Applies treasury results to instructions. Each move is a guarded UPDATE (… WHERE status IN …);
 * only the rows it actually moved get ledger entries and events, so a result applied twice — a
 * duplicate callback, a retried chunk, a re-imported file — books nothing twice. The SQL is in
 * SendingRepository.
 */
@Injectable()
export class ResultRecorder {
  constructor(
    private readonly repo: SendingRepository,
    private readonly ledger: LedgerService,
    private readonly outbox: OutboxService,
  ) {}

  async record(m: EntityManager, results: TreasuryResult[], options: RecordOptions = { confirmedLateReturns: 'all', confirmedBy: 'treasury_status' }): Promise<RecordedCounts> {
    const by = (s: TreasuryResult['status']) => results.filter((r) => r.status === s);
    const counts: RecordedCounts = { settled: 0, returned: 0, failed: 0, accepted: 0, ignored: 0, unconfirmedReturns: [] };

    const accepted = by('accepted');
    if (accepted.length) {
      counts.accepted = (await this.repo.markSent(m, accepted.map((r) => ({ id: r.instructionId, ref: r.bankRef })))).length;
    }

    const settled = by('settled');
    if (settled.length) {
      const rows = await this.repo.markSettled(m, settled.map((r) => ({ id: r.instructionId, ref: r.bankRef })));
      await this.ledger.post(m, 'settle', rows.map(subject));
      await this.emit(m, EventNames.PayoutSettled, 'settled', rows, new Map());
      counts.settled = rows.length;
    }

    const returned = by('returned');
    if (returned.length) {
      // settled_at tells whether it had settled before (a late return): then only the return is booked.
      // A late return puts the money into returned funds, from which a reissue pays again: it moves
      // only when confirmed — otherwise a forged "returned" would buy a second payment.
      const confirmed = (id: string) => options.confirmedLateReturns === 'all' || options.confirmedLateReturns.has(id);
      const rows = await this.repo.markReturned(
        m,
        returned.map((r) => ({ id: r.instructionId, ref: r.bankRef, reason: r.reason ?? '退回', confirmed: confirmed(r.instructionId) })),
        options.confirmedBy,
      );
      const unconfirmed = returned.filter((r) => !confirmed(r.instructionId)).map((r) => r.instructionId);
      if (unconfirmed.length) counts.unconfirmedReturns = await this.repo.settledAmong(unconfirmed, m);
      await this.ledger.post(m, 'settle', rows.filter((r) => r.settled_at === null).map(subject));
      await this.ledger.post(m, 'return', rows.map(subject));
      await this.emit(m, EventNames.PayoutReturned, 'returned', rows, new Map(returned.map((r) => [r.instructionId, r.reason])));
      counts.returned = rows.length;
    }

    const failed = by('failed');
    if (failed.length) {
      const rows = await this.repo.markFailed(m, failed.map((r) => ({ id: r.instructionId, reason: r.reason ?? '支付失败' })));
      await this.release(m, rows);
      await this.emit(m, EventNames.PayoutFailed, 'failed', rows, new Map(failed.map((r) => [r.instructionId, r.reason])));
      counts.failed = rows.length;
    }
    const applied = counts.accepted + counts.settled + counts.returned + counts.failed;
    counts.ignored = results.filter((r) => r.status !== 'unknown').length - applied - counts.unconfirmedReturns.length;
    return counts;
  }

  /** Gives a commitment back: ledger release and, for originals, the fund pool's headroom. */
  async release(m: EntityManager, rows: Moved[]): Promise<void> {
    if (rows.length === 0) return;
    await this.ledger.post(m, 'release', rows.map(subject));
    const perPool = new Map<string, number>();
    for (const r of rows) if (r.reissue_of === null) perPool.set(r.fund_pool_id, (perPool.get(r.fund_pool_id) ?? 0) + Number(r.amount_fen));
    if (perPool.size) await this.repo.releaseCommitments(m, perPool);
  }

  private async emit(m: EntityManager, name: PayoutResultEventName, status: PayoutResultPayload['status'], rows: Moved[], reasons: Map<string, string | null>): Promise<void> {
    const at = new Date().toISOString();
    await this.outbox.appendMany(
      m,
      rows.map((r) => ({
        name,
        aggregateType: 'payout_instruction',
        aggregateId: r.id,
        payload: { applicationId: r.application_id, instructionId: r.id, amountFen: Number(r.amount_fen), status, reason: reasons.get(r.id) ?? null, at },
      })),
    );
  }
}
