import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EnterpriseFactsRecord } from '@app/enterprises';
import type { ItemVersionView } from '@app/policies';
import { missingFacts, requiredFacts, ScreeningReason } from './eligibility';
import { ScreeningRepository } from './screening.repository';

export interface Screened {
  firm: EnterpriseFactsRecord;
  reason: ScreeningReason | null;
  missing?: string[];
}

/**
 * The automatic checks after eligibility: data complete, not 失信 (profile credit status or the
 * imported list), not barred by a clawback, no application of this item in the period, no claimed
 * benefit in the same exclusion group. Reads in bulk (one query per check for a whole range);
 * the uniqueness constraints remain the guard against races.
 */
@Injectable()
export class ScreeningService {
  constructor(private readonly repo: ScreeningRepository) {}

  async screen(m: EntityManager, v: ItemVersionView, period: string, today: string, firms: EnterpriseFactsRecord[], opts: { skipDuplicate?: boolean } = {}): Promise<Screened[]> {
    if (firms.length === 0) return [];
    const ids = firms.map((f) => f.id);
    const listed = await this.repo.dishonestListed(m, ids, today);
    const barred = await this.repo.clawbackBarred(m, ids, today);
    const existing = opts.skipDuplicate ? new Set<string>() : await this.repo.applied(m, v.itemId, period, ids);
    const excluded = v.exclusionGroup ? await this.repo.claimedInGroup(m, v.exclusionGroup, period, v.itemId, ids) : new Set<string>();
    const required = requiredFacts(v);
    return firms.map((firm) => {
      const missing = missingFacts(required, firm.facts as unknown as Record<string, unknown>);
      if (missing.length) return { firm, reason: 'data_incomplete', missing };
      if (firm.facts.creditStatus === 'dishonest' || listed.has(firm.id)) return { firm, reason: 'dishonest' };
      if (barred.has(firm.id)) return { firm, reason: 'barred' };
      if (existing.has(firm.id)) return { firm, reason: 'duplicate' };
      if (excluded.has(firm.id)) return { firm, reason: 'exclusion_group' };
      return { firm, reason: null };
    });
  }

  /** Remembers why a matching firm got no application (shown to the firm and the department). */
  async record(m: EntityManager, versionId: string, skipped: Array<{ enterpriseId: string; reason: string }>): Promise<void> {
    if (skipped.length === 0) return;
    await this.repo.recordSkipped(m, versionId, skipped);
  }
}
