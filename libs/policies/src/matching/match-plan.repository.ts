import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { mutateReturning } from '@app/core';

/** Where a publication's plan job stands among the waiting publications. */
export interface PlanTiming {
  /** Its request is visible and not planned yet. */
  own: boolean;
  /** No unplanned publication was requested after it. */
  newest: boolean;
  /** How long the oldest unplanned publication has waited, or null when none waits. */
  waited_ms: number | null;
}

/**
 * The SQL of matching's planning (policy.match_requests: publications waiting to be split into
 * range jobs) and the fresh status read of the versions a range job matches. The match rows
 * themselves are MatchRepository's. One method, one statement: matching is benchmarked
 * (bench:match), so nothing here adds a round trip. Methods taking `m` run in the caller's
 * transaction.
 */
@Injectable()
export class MatchPlanRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Whether any publication was recorded and never planned. */
  async anyUnplanned(): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM policy.match_requests WHERE planned_at IS NULL LIMIT 1`);
    return rows.length > 0;
  }

  /** Records a publication to plan (once). */
  async request(m: EntityManager, itemVersionId: string): Promise<void> {
    await m.query(`INSERT INTO policy.match_requests (item_version_id) VALUES ($1) ON CONFLICT DO NOTHING`, [itemVersionId]);
  }

  async timing(m: EntityManager, itemVersionId: string): Promise<PlanTiming> {
    const [w]: PlanTiming[] = await m.query(
      `SELECT EXISTS (SELECT 1 FROM policy.match_requests WHERE item_version_id = $1 AND planned_at IS NULL) AS own,
              NOT EXISTS (SELECT 1 FROM policy.match_requests o JOIN policy.match_requests r ON r.item_version_id = $1
                          WHERE o.planned_at IS NULL AND o.requested_at > r.requested_at) AS newest,
              (SELECT extract(epoch FROM clock_timestamp() - min(requested_at)) * 1000 FROM policy.match_requests WHERE planned_at IS NULL)::float8 AS waited_ms`,
      [itemVersionId],
    );
    return w;
  }

  /** Claims every unplanned publication (row locks: each is claimed once); returns their version ids. */
  async claimUnplanned(m: EntityManager): Promise<string[]> {
    const claimed = await mutateReturning<{ item_version_id: string }>(
      m,
      `UPDATE policy.match_requests SET planned_at = now() WHERE planned_at IS NULL RETURNING item_version_id`,
    );
    return claimed.map((r) => r.item_version_id);
  }

  /** Whether a publication was planned; null when its request is not visible (not committed yet, or none). */
  async isPlanned(m: EntityManager, itemVersionId: string): Promise<boolean | null> {
    const own: Array<{ planned: boolean }> = await m.query(`SELECT planned_at IS NOT NULL AS planned FROM policy.match_requests WHERE item_version_id = $1`, [itemVersionId]);
    return own.length === 0 ? null : own[0].planned;
  }

  async recordPlan(m: EntityManager, itemVersionIds: string[], jobs: number): Promise<void> {
    await m.query(`UPDATE policy.match_requests SET plan_versions = $2, plan_jobs = $3 WHERE item_version_id = ANY($1::uuid[])`, [itemVersionIds, itemVersionIds.length, jobs]);
  }

  /** The status of each version, read fresh (a withdrawn version must never be matched). */
  versionStatuses(ids: string[]): Promise<Array<{ id: string; status: string }>> {
    return this.dataSource.query(
      `SELECT id, status FROM policy.item_versions WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }
}
