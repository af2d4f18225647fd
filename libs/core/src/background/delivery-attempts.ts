import type { DataSource, EntityManager } from 'typeorm';

/** Attempts at a delivery (push, notice, staff alert) before it is given up as failed. */
export const DELIVERY_MAX_ATTEMPTS = 6;

/** Back-off before attempt n+1: 30 s, 1 min, 2 min, … */
export const deliveryBackoffMs = (attempts: number): number => 30_000 * 2 ** Math.max(0, attempts - 1);

export interface DeliveryTally {
  sent: number;
  retried: number;
  failed: number;
}

/**
 * Records one send attempt of claimed rows of a delivery table (columns `status`, `sent_at`,
 * `detail`, `next_at`; `attempts` counted when claimed): `sent` with the channel's status, or — on
 * an error — `failed` for good after DELIVERY_MAX_ATTEMPTS, else `pending` again after the back-off.
 * `table` is the caller's constant (schema.table), never input.
 */
export async function recordDeliveryAttempt(
  db: DataSource | EntityManager,
  table: string,
  rows: ReadonlyArray<{ id: string; attempts: number }>,
  outcome: { status: string } | { error: string },
): Promise<DeliveryTally> {
  const ids = rows.map((r) => r.id);
  if ('status' in outcome) {
    await db.query(`UPDATE ${table} SET status = $2, sent_at = now(), detail = NULL WHERE id = ANY($1::uuid[])`, [ids, outcome.status]);
    return { sent: rows.length, retried: 0, failed: 0 };
  }
  const last = rows.filter((r) => r.attempts >= DELIVERY_MAX_ATTEMPTS).map((r) => r.id);
  const again = rows.filter((r) => r.attempts < DELIVERY_MAX_ATTEMPTS);
  if (last.length) await db.query(`UPDATE ${table} SET status = 'failed', detail = $2 WHERE id = ANY($1::uuid[])`, [last, outcome.error]);
  for (const attempts of new Set(again.map((r) => r.attempts))) {
    await db.query(
      `UPDATE ${table} SET status = 'pending', detail = $2, next_at = now() + make_interval(secs => $3::float8 / 1000) WHERE id = ANY($1::uuid[])`,
      [again.filter((r) => r.attempts === attempts).map((r) => r.id), outcome.error, deliveryBackoffMs(attempts)],
    );
  }
  return { sent: 0, retried: again.length, failed: last.length };
}
