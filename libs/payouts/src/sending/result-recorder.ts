import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventNames, PayoutResultPayload } from '@app/contracts';

type PayoutResultEventName = typeof EventNames.PayoutSettled | typeof EventNames.PayoutReturned | typeof EventNames.PayoutFailed;
import { mutateReturning, OutboxService } from '@app/core';
import { LedgerService } from '../ledger/ledger.service';
import { LedgerSubject } from '../ledger/ledger.rules';
import type { TreasuryResult } from '../treasury/treasury.port';

interface Moved {
  id: string;
  application_id: string;
  amount_fen: string | number;
  fund_pool_id: string;
  reissue_of: string | null;
  settled_at: Date | null;
}

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
 * duplicate callback, a retried chunk, a re-imported file — books nothing twice.
 */
@Injectable()
export class ResultRecorder {
  constructor(
    private readonly ledger: LedgerService,
    private readonly outbox: OutboxService,
  ) {}

  async record(m: EntityManager, results: TreasuryResult[], options: RecordOptions = { confirmedLateReturns: 'all', confirmedBy: 'treasury_status' }): Promise<RecordedCounts> {
    const by = (s: TreasuryResult['status']) => results.filter((r) => r.status === s);
    const counts: RecordedCounts = { settled: 0, returned: 0, failed: 0, accepted: 0, ignored: 0, unconfirmedReturns: [] };

    const accepted = by('accepted');
    if (accepted.length) {
      const rows = await mutateReturning<{ id: string }>(
        m,
        `UPDATE payout.instructions i SET status = 'sent', sent_at = now(), treasury_ref = coalesce(u.ref, i.treasury_ref)
         FROM unnest($1::uuid[], $2::text[]) AS u(id, ref) WHERE i.id = u.id AND i.status = 'sending' RETURNING i.id`,
        [accepted.map((r) => r.instructionId), accepted.map((r) => r.bankRef)],
      );
      counts.accepted = rows.length;
    }

    const settled = by('settled');
    if (settled.length) {
      const rows = await mutateReturning<Moved>(
        m,
        `UPDATE payout.instructions i SET status = 'settled', settled_at = now(), treasury_ref = coalesce(u.ref, i.treasury_ref)
         FROM unnest($1::uuid[], $2::text[]) AS u(id, ref) WHERE i.id = u.id AND i.status IN ('sending','sent')
         RETURNING i.id, i.application_id, i.amount_fen, i.fund_pool_id, i.reissue_of, i.settled_at`,
        [settled.map((r) => r.instructionId), settled.map((r) => r.bankRef)],
      );
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
      const rows = await mutateReturning<Moved>(
        m,
        `UPDATE payout.instructions i SET status = 'returned', returned_at = now(), result_reason = u.reason,
                treasury_ref = coalesce(u.ref, i.treasury_ref),
                return_confirmed_by = CASE WHEN i.status = 'settled' THEN $5 ELSE i.return_confirmed_by END
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::boolean[]) AS u(id, ref, reason, confirmed)
         WHERE i.id = u.id AND (i.status IN ('sending','sent') OR (i.status = 'settled' AND u.confirmed))
         RETURNING i.id, i.application_id, i.amount_fen, i.fund_pool_id, i.reissue_of, i.settled_at`,
        [returned.map((r) => r.instructionId), returned.map((r) => r.bankRef), returned.map((r) => r.reason ?? '退回'),
          returned.map((r) => confirmed(r.instructionId)), options.confirmedBy],
      );
      const unconfirmed = returned.filter((r) => !confirmed(r.instructionId)).map((r) => r.instructionId);
      if (unconfirmed.length) {
        const still: Array<{ id: string }> = await m.query(
          `SELECT id FROM payout.instructions WHERE id = ANY($1::uuid[]) AND status = 'settled'`, [unconfirmed]);
        counts.unconfirmedReturns = still.map((r) => r.id);
      }
      await this.ledger.post(m, 'settle', rows.filter((r) => r.settled_at === null).map(subject));
      await this.ledger.post(m, 'return', rows.map(subject));
      await this.emit(m, EventNames.PayoutReturned, 'returned', rows, new Map(returned.map((r) => [r.instructionId, r.reason])));
      counts.returned = rows.length;
    }

    const failed = by('failed');
    if (failed.length) {
      const rows = await mutateReturning<Moved>(
        m,
        `UPDATE payout.instructions i SET status = 'failed', failed_at = now(), result_reason = u.reason
         FROM unnest($1::uuid[], $2::text[]) AS u(id, reason) WHERE i.id = u.id AND i.status IN ('sending','sent')
         RETURNING i.id, i.application_id, i.amount_fen, i.fund_pool_id, i.reissue_of, i.settled_at`,
        [failed.map((r) => r.instructionId), failed.map((r) => r.reason ?? '支付失败')],
      );
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
    if (perPool.size) {
      await m.query(
        `UPDATE payout.fund_pools p SET committed_fen = p.committed_fen - u.amount, updated_at = now()
         FROM unnest($1::text[], $2::bigint[]) AS u(id, amount) WHERE p.id = u.id`,
        [[...perPool.keys()], [...perPool.values()]],
      );
    }
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
