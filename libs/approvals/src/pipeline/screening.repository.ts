import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CLAIMING_STATES, sqlStates } from '../application/application.states';

const ofRows = (rows: Array<{ enterprise_id: string }>) => new Set(rows.map((r) => r.enterprise_id));

/**
 * The bulk reads behind the screening checks (one statement per check for a whole range of firms)
 * and the record of why a firm got no application. Every method runs in the caller's transaction.
 * The verdicts are ScreeningService's, unit-tested without a database.
 */
@Injectable()
export class ScreeningRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Firms on the imported 失信 list on `today`. */
  async dishonestListed(m: EntityManager, ids: string[], today: string): Promise<Set<string>> {
    return ofRows(await m.query(
      `SELECT DISTINCT enterprise_id FROM approval.dishonest_list WHERE enterprise_id = ANY($1::uuid[]) AND listed_from <= $2::date
         AND (listed_to IS NULL OR listed_to >= $2::date)`, [ids, today]));
  }

  /** Firms barred by a clawback on `today`. */
  async clawbackBarred(m: EntityManager, ids: string[], today: string): Promise<Set<string>> {
    return ofRows(await m.query(
      `SELECT DISTINCT enterprise_id FROM approval.clawbacks WHERE enterprise_id = ANY($1::uuid[]) AND bar_until >= $2::date`, [ids, today]));
  }

  /** Firms with an application of the item in the period (whatever its state). */
  async applied(m: EntityManager, itemId: string, period: string, ids: string[]): Promise<Set<string>> {
    return ofRows(await m.query(
      `SELECT enterprise_id FROM approval.applications WHERE item_id = $1 AND period = $2 AND enterprise_id = ANY($3::uuid[])`, [itemId, period, ids]));
  }

  /** Firms claiming another item of the exclusion group in the period. */
  async claimedInGroup(m: EntityManager, exclusionGroup: string, period: string, itemId: string, ids: string[]): Promise<Set<string>> {
    return ofRows(await m.query(
      `SELECT enterprise_id FROM approval.applications WHERE exclusion_group = $1 AND period = $2 AND item_id <> $3
         AND state IN (${sqlStates(CLAIMING_STATES)}) AND enterprise_id = ANY($4::uuid[])`, [exclusionGroup, period, itemId, ids]));
  }

  /** Records (or updates) why each firm got no application of the version. */
  async recordSkipped(m: EntityManager, versionId: string, skipped: Array<{ enterpriseId: string; reason: string }>): Promise<void> {
    await m.query(
      `INSERT INTO approval.screenings (item_version_id, enterprise_id, reason)
       SELECT $1, e, r FROM unnest($2::uuid[], $3::text[]) AS u(e, r)
       ON CONFLICT (item_version_id, enterprise_id) DO UPDATE SET reason = EXCLUDED.reason, at = now()`,
      [versionId, skipped.map((s) => s.enterpriseId), skipped.map((s) => s.reason)],
    );
  }

  /** Why the firm got no application of the version, or null. */
  async reasonOf(versionId: string, enterpriseId: string): Promise<string | null> {
    const rows: Array<{ reason: string }> = await this.dataSource.query(
      `SELECT reason FROM approval.screenings WHERE item_version_id = $1 AND enterprise_id = $2`, [versionId, enterpriseId]);
    return rows[0]?.reason ?? null;
  }
}
