import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DeliveryTally, mutateReturning, recordDeliveryAttempt } from '@app/core';

/** A delivery a sender claimed: to send now, under its id. */
export interface ClaimedDelivery {
  id: string;
  enterprise_id: string;
  channel: string;
  item_version_ids: string[];
  items: number | null;
  attempts: number;
  notice_id: string | null;
}

/** One pending digest delivery of new inbox entries to one firm through one channel. */
export interface DigestDeliveryInsert {
  id: string;
  enterpriseId: string;
  /** The item versions the message names (the inbox lists them all). */
  itemVersionIds: string[];
  /** How many new items in all. */
  items: number;
  channel: string;
}

/**
 * Every SQL statement of the push outbox (policy.push_deliveries) and the reads a sender needs to
 * word its messages (version names, notice texts). What to send to whom, and when to retry, is
 * PushService's and recordDeliveryAttempt's.
 */
@Injectable()
export class PushDeliveryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Records pending digest deliveries in the caller's transaction. */
  async insertDigests(m: EntityManager, rows: DigestDeliveryInsert[]): Promise<void> {
    await m.query(
      `INSERT INTO policy.push_deliveries (id, enterprise_id, item_version_ids, items, channel, status)
       SELECT u.id, u.e, u.v::uuid[], u.n, u.c, 'pending' FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $5::text[]) AS u(id, e, v, n, c)`,
      [rows.map((r) => r.id), rows.map((r) => r.enterpriseId), rows.map((r) => `{${r.itemVersionIds.join(',')}}`), rows.map((r) => r.items), rows.map((r) => r.channel)],
    );
  }

  /**
   * Claims up to `limit` deliveries due now — pending ones, and ones claimed more than `leaseMs` ago
   * and never marked (their sender died) — skipping rows another sender holds.
   */
  claim(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    return mutateReturning<ClaimedDelivery>(
      this.dataSource,
      `UPDATE policy.push_deliveries d SET status = 'sending', claimed_at = now(), attempts = d.attempts + 1
       WHERE d.id IN (
         SELECT id FROM policy.push_deliveries
         WHERE (status = 'pending' AND (next_at IS NULL OR next_at <= now()))
            OR (status = 'sending' AND claimed_at < now() - make_interval(secs => $2::float8 / 1000))
         ORDER BY at LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING d.id, d.enterprise_id, d.channel, d.item_version_ids, d.items, d.attempts, d.notice_id`,
      [limit, leaseMs],
    );
  }

  versionNames(ids: string[]): Promise<Array<{ id: string; name: string }>> {
    return this.dataSource.query(`SELECT id, name FROM policy.item_versions WHERE id = ANY($1::uuid[])`, [ids]);
  }

  notices(ids: string[]): Promise<Array<{ id: string; kind: string; title: string; body: string }>> {
    return this.dataSource.query(`SELECT id, kind, title, body FROM policy.notices WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /** Marks the deliveries sent, or due again with a back-off, or failed after the last attempt. */
  recordAttempt(rows: ClaimedDelivery[], outcome: { status: string } | { error: string }): Promise<DeliveryTally> {
    return recordDeliveryAttempt(this.dataSource, 'policy.push_deliveries', rows, outcome);
  }
}
