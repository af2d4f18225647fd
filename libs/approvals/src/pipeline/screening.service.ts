import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { EnterpriseFactsRecord } from '@app/enterprises';
import type { ItemVersionView } from '@app/policies';
import { CLAIMING_STATES, sqlStates } from '../application/application.states';
import { missingFacts, requiredFacts, ScreeningReason } from './eligibility';

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
  async screen(m: EntityManager, v: ItemVersionView, period: string, today: string, firms: EnterpriseFactsRecord[], opts: { skipDuplicate?: boolean } = {}): Promise<Screened[]> {
    if (firms.length === 0) return [];
    const ids = firms.map((f) => f.id);
    const ofRows = (rows: Array<{ enterprise_id: string }>) => new Set(rows.map((r) => r.enterprise_id));
    const listed = ofRows(await m.query(
      `SELECT DISTINCT enterprise_id FROM approval.dishonest_list WHERE enterprise_id = ANY($1::uuid[]) AND listed_from <= $2::date
         AND (listed_to IS NULL OR listed_to >= $2::date)`, [ids, today]));
    const barred = ofRows(await m.query(
      `SELECT DISTINCT enterprise_id FROM approval.clawbacks WHERE enterprise_id = ANY($1::uuid[]) AND bar_until >= $2::date`, [ids, today]));
    const existing = opts.skipDuplicate ? new Set<string>() : ofRows(await m.query(
      `SELECT enterprise_id FROM approval.applications WHERE item_id = $1 AND period = $2 AND enterprise_id = ANY($3::uuid[])`, [v.itemId, period, ids]));
    const excluded = v.exclusionGroup
      ? ofRows(await m.query(
          `SELECT enterprise_id FROM approval.applications WHERE exclusion_group = $1 AND period = $2 AND item_id <> $3
             AND state IN (${sqlStates(CLAIMING_STATES)}) AND enterprise_id = ANY($4::uuid[])`, [v.exclusionGroup, period, v.itemId, ids]))
      : new Set<string>();
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
    await m.query(
      `INSERT INTO approval.screenings (item_version_id, enterprise_id, reason)
       SELECT $1, e, r FROM unnest($2::uuid[], $3::text[]) AS u(e, r)
       ON CONFLICT (item_version_id, enterprise_id) DO UPDATE SET reason = EXCLUDED.reason, at = now()`,
      [versionId, skipped.map((s) => s.enterpriseId), skipped.map((s) => s.reason)],
    );
  }
}
