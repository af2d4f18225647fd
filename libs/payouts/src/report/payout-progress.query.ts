import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PayoutProgress, PayoutProgressSource } from '@app/contracts';

/**
 * Read-only: per application, its live instruction's batch (created = 组批, approved = 复核) and
 * settlement time — what the approval center's 督办 needs to time the finance steps. The newest
 * instruction that is not cancelled or failed counts (a reissue after a return replaces the original).
 */
@Injectable()
export class PayoutProgressQuery implements PayoutProgressSource {
  constructor(private readonly dataSource: DataSource) {}

  async progressOf(applicationIds: string[]): Promise<PayoutProgress[]> {
    const out: PayoutProgress[] = [];
    for (let i = 0; i < applicationIds.length; i += 10_000) {
      const rows: Array<{ application_id: string; batched_at: Date | null; checked_at: Date | null; settled_at: Date | null }> = await this.dataSource.query(
        `SELECT DISTINCT ON (i.application_id) i.application_id, b.created_at AS batched_at, b.approved_at AS checked_at, i.settled_at
         FROM payout.instructions i LEFT JOIN payout.batches b ON b.id = i.batch_id
         WHERE i.application_id = ANY($1::uuid[]) AND i.status NOT IN ('cancelled', 'failed')
         ORDER BY i.application_id, i.created_at DESC, i.id DESC`,
        [applicationIds.slice(i, i + 10_000)],
      );
      const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
      for (const r of rows) out.push({ applicationId: r.application_id, batchedAt: iso(r.batched_at), checkedAt: iso(r.checked_at), settledAt: iso(r.settled_at) });
    }
    return out;
  }
}
