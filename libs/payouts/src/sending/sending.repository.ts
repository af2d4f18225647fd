import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { mutateReturning, uuid7 } from '@app/core';

/** A send chunk that waits for (another) sending attempt; the attempt count keys its queue job. */
export interface PendingChunk {
  id: string;
  attempts: number;
}

/** The claim of a chunk: which attempt this is, and its batch. */
export interface ChunkClaim {
  attempts: number;
  batch_id: string;
}

/** An instruction of a claimed chunk the treasury may hold (marked sending, or sent). */
export interface SendingRow {
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

/** An instruction a treasury result moved (guarded UPDATE … RETURNING). */
export interface MovedInstruction {
  id: string;
  application_id: string;
  amount_fen: string | number;
  fund_pool_id: string;
  reissue_of: string | null;
  settled_at: Date | null;
}

/**
 * Every SQL statement of sending (send chunks, their leases, the sending marker, completion of
 * chunks and batches) and of recording treasury results (guarded moves of instructions, released
 * commitments). Which instructions to ask the treasury about, which to re-send, which late returns
 * are confirmed and what gets booked are PayoutSender's and ResultRecorder's, unit-tested without a
 * database.
 */
@Injectable()
export class SendingRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  get db(): DataSource {
    return this.dataSource;
  }

  /** The batch's chunks not done yet, in chunk order. */
  unfinishedChunksOf(m: EntityManager | DataSource, batchId: string): Promise<PendingChunk[]> {
    return m.query(`SELECT id, attempts FROM payout.send_chunks WHERE batch_id = $1 AND status <> 'done' ORDER BY chunk_no`, [batchId]);
  }

  /** Unfinished chunks of approved or sending batches that nobody holds (lease free or run out), oldest first, at most 2000. */
  unheldChunks(): Promise<PendingChunk[]> {
    return this.dataSource.query(
      `SELECT c.id, c.attempts FROM payout.send_chunks c JOIN payout.batches b ON b.id = c.batch_id
       WHERE c.status <> 'done' AND (c.lease_until IS NULL OR c.lease_until < now()) AND b.status IN ('approved','sending')
       ORDER BY c.created_at, c.chunk_no LIMIT 2000`,
    );
  }

  /** Completes every sending batch whose chunks are all done and none of whose instructions waits for a result. */
  async completeFinishedBatches(): Promise<void> {
    await this.dataSource.query(
      `UPDATE payout.batches b SET status = 'completed', completed_at = now()
       WHERE b.status = 'sending'
         AND NOT EXISTS (SELECT 1 FROM payout.send_chunks c WHERE c.batch_id = b.id AND c.status <> 'done')
         AND NOT EXISTS (SELECT 1 FROM payout.instructions i WHERE i.batch_id = b.id AND i.status IN ('approved','sending','sent'))`,
    );
  }

  /**
   * Claims the chunk for `leaseMs` unless it is done or someone holds it; when claimed, the batch is
   * sending and its approved instructions carry the sending marker. Null when not claimed.
   */
  async claimChunk(m: EntityManager, chunkId: string, leaseMs: number): Promise<ChunkClaim | null> {
    const [c] = await mutateReturning<ChunkClaim>(
      m,
      `UPDATE payout.send_chunks SET status = 'sending', attempts = attempts + 1, lease_until = now() + ($2::int * interval '1 millisecond')
       WHERE id = $1 AND status <> 'done' AND (lease_until IS NULL OR lease_until < now()) RETURNING attempts, batch_id`,
      [chunkId, leaseMs],
    );
    if (!c) return null;
    await m.query(`UPDATE payout.batches SET status = 'sending' WHERE id = $1 AND status = 'approved'`, [c.batch_id]);
    // The sending marker: from here on the treasury may hold these instructions.
    await m.query(
      `UPDATE payout.instructions SET status = 'sending', send_attempts = send_attempts + 1 WHERE chunk_id = $1 AND status = 'approved'`,
      [chunkId],
    );
    return c;
  }

  /** The chunk's instructions marked sending or already sent, by id. */
  inFlight(chunkId: string): Promise<SendingRow[]> {
    return this.dataSource.query(
      `SELECT id, batch_id, amount_fen, payee_name, payee_account_encrypted, payee_bank_name, budget_subject, fund_pool_id, status
       FROM payout.instructions WHERE chunk_id = $1 AND status IN ('sending','sent') ORDER BY id`,
      [chunkId],
    );
  }

  /** Gives the chunk's lease back at once, noting the error. */
  async releaseChunk(chunkId: string, error: string): Promise<void> {
    await this.dataSource.query(`UPDATE payout.send_chunks SET lease_until = NULL, last_error = $2 WHERE id = $1`, [chunkId, error]);
  }

  /** Which of these instructions (uuids) are settled. */
  async settledAmong(ids: string[], m: EntityManager | DataSource = this.dataSource): Promise<string[]> {
    const settled: Array<{ id: string }> = await m.query(`SELECT id FROM payout.instructions WHERE id = ANY($1::uuid[]) AND status = 'settled'`, [ids]);
    return settled.map((r) => r.id);
  }

  /** sending → sent (the treasury accepted them); the ids moved. */
  async markSent(m: EntityManager, accepted: Array<{ id: string; ref: string | null }>): Promise<string[]> {
    const rows = await mutateReturning<{ id: string }>(
      m,
      `UPDATE payout.instructions i SET status = 'sent', sent_at = now(), treasury_ref = coalesce(u.ref, i.treasury_ref)
       FROM unnest($1::uuid[], $2::text[]) AS u(id, ref) WHERE i.id = u.id AND i.status = 'sending' RETURNING i.id`,
      [accepted.map((r) => r.id), accepted.map((r) => r.ref)],
    );
    return rows.map((r) => r.id);
  }

  /** sending/sent → settled; the rows moved. */
  markSettled(m: EntityManager, settled: Array<{ id: string; ref: string | null }>): Promise<MovedInstruction[]> {
    return mutateReturning<MovedInstruction>(
      m,
      `UPDATE payout.instructions i SET status = 'settled', settled_at = now(), treasury_ref = coalesce(u.ref, i.treasury_ref)
       FROM unnest($1::uuid[], $2::text[]) AS u(id, ref) WHERE i.id = u.id AND i.status IN ('sending','sent')
       RETURNING i.id, i.application_id, i.amount_fen, i.fund_pool_id, i.reissue_of, i.settled_at`,
      [settled.map((r) => r.id), settled.map((r) => r.ref)],
    );
  }

  /**
   * sending/sent → returned, and settled → returned for the confirmed ones only (a late return,
   * `confirmedBy` noted on it); the rows moved, with `settled_at` telling a late return.
   */
  markReturned(m: EntityManager, returned: Array<{ id: string; ref: string | null; reason: string; confirmed: boolean }>, confirmedBy: string): Promise<MovedInstruction[]> {
    return mutateReturning<MovedInstruction>(
      m,
      `UPDATE payout.instructions i SET status = 'returned', returned_at = now(), result_reason = u.reason,
              treasury_ref = coalesce(u.ref, i.treasury_ref),
              return_confirmed_by = CASE WHEN i.status = 'settled' THEN $5 ELSE i.return_confirmed_by END
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::boolean[]) AS u(id, ref, reason, confirmed)
       WHERE i.id = u.id AND (i.status IN ('sending','sent') OR (i.status = 'settled' AND u.confirmed))
       RETURNING i.id, i.application_id, i.amount_fen, i.fund_pool_id, i.reissue_of, i.settled_at`,
      [returned.map((r) => r.id), returned.map((r) => r.ref), returned.map((r) => r.reason), returned.map((r) => r.confirmed), confirmedBy],
    );
  }

  /** sending/sent → failed; the rows moved. */
  markFailed(m: EntityManager, failed: Array<{ id: string; reason: string }>): Promise<MovedInstruction[]> {
    return mutateReturning<MovedInstruction>(
      m,
      `UPDATE payout.instructions i SET status = 'failed', failed_at = now(), result_reason = u.reason
       FROM unnest($1::uuid[], $2::text[]) AS u(id, reason) WHERE i.id = u.id AND i.status IN ('sending','sent')
       RETURNING i.id, i.application_id, i.amount_fen, i.fund_pool_id, i.reissue_of, i.settled_at`,
      [failed.map((r) => r.id), failed.map((r) => r.reason)],
    );
  }

  /** Gives commitments back to the pools (fen per pool id). */
  async releaseCommitments(m: EntityManager, perPool: ReadonlyMap<string, number>): Promise<void> {
    await m.query(
      `UPDATE payout.fund_pools p SET committed_fen = p.committed_fen - u.amount, updated_at = now()
       FROM unnest($1::text[], $2::bigint[]) AS u(id, amount) WHERE p.id = u.id`,
      [[...perPool.keys()], [...perPool.values()]],
    );
  }

  /** The chunks (and their batches) these instructions were sent in. */
  async chunksOf(m: EntityManager, instructionIds: string[]): Promise<Array<{ chunkId: string; batchId: string }>> {
    const chunks: Array<{ chunk_id: string; batch_id: string }> = await m.query(
      `SELECT DISTINCT chunk_id, batch_id FROM payout.instructions WHERE id = ANY($1::uuid[]) AND chunk_id IS NOT NULL`,
      [instructionIds],
    );
    return chunks.map((c) => ({ chunkId: c.chunk_id, batchId: c.batch_id }));
  }

  /** A chunk is done when none of its instructions waits for sending; a batch when all its chunks are. */
  async finishChunk(m: EntityManager, chunkId: string, batchId: string): Promise<void> {
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

  /**
   * A "returned" result for an instruction the platform holds as settled, which neither a bank
   * statement nor the treasury's status answer confirms, is not booked: it becomes a reconciliation
   * exception (one run of kind `callback` per delivery) for finance to re-query or acknowledge.
   * Returns the run's id, or null when there is nothing to record.
   */
  async recordUnconfirmedReturns(m: EntityManager, instructionIds: string[], source: string, reason: string): Promise<string | null> {
    if (instructionIds.length === 0) return null;
    const runId = uuid7();
    await m.query(
      `INSERT INTO payout.recon_runs (id, kind, file_name, line_count, matched, exceptions) VALUES ($1, 'callback', $2, $3, 0, $3)`,
      [runId, source, instructionIds.length],
    );
    await m.query(
      `INSERT INTO payout.recon_items (id, run_id, instruction_id, classification, expected_fen, detail)
       SELECT u.item_id, $1, i.id, 'unconfirmed_return', i.amount_fen, $4
       FROM unnest($2::uuid[], $3::uuid[]) AS u(item_id, instruction_id) JOIN payout.instructions i ON i.id = u.instruction_id`,
      [runId, instructionIds.map(() => uuid7()), instructionIds, reason],
    );
    return runId;
  }
}
