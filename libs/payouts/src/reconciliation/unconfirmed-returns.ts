import { EntityManager } from 'typeorm';
import { uuid7 } from '@app/core';

/**
 * A "returned" result for an instruction the platform holds as settled, which neither a bank
 * statement nor the treasury's status answer confirms, is not booked: it becomes a reconciliation
 * exception (one run of kind `callback` per delivery) for finance to re-query or acknowledge.
 */
export async function recordUnconfirmedReturns(m: EntityManager, instructionIds: string[], source: string, reason: string): Promise<string | null> {
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
