import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { mutateReturning, uuid7 } from '@app/core';
import type { MatchOutcome } from './item-matcher';

export interface MatchWrite extends Omit<MatchOutcome, 'estimateText'> {
  enterpriseId: string;
  itemVersionId: string;
  itemId: string;
  factsDigest: string;
  profileVersion: number;
}

export interface NewInboxEntry {
  id: string;
  enterpriseId: string;
  itemVersionId: string;
}

/** One row of the JSON document a write sends: short keys, because a range job sends tens of thousands. */
interface WireRow {
  e: string;
  v: string;
  i: string;
  o: MatchOutcome['outcome'];
  f: Record<string, unknown>;
  n: MatchOutcome['nearMiss'];
  est: number;
  d: string;
  pv: number;
  /** Inbox id, eligible rows only (time-ordered, so inbox inserts append to the primary key). */
  id: string | null;
}

/**
 * Match rows and inbox entries. A write covers any number of item versions over a set of evaluated
 * firms and is ONE statement: the outcomes travel as one JSON document (cheaper for the driver and
 * the server than a dozen parallel arrays), and data-modifying CTEs upsert the matches, retire the
 * ones that no longer match and add inbox entries, deduplicated by constraints.
 */
@Injectable()
export class MatchRepository {
  /**
   * Upserts the matches (a row is rewritten only when the firm's facts changed or it had been
   * retired), retires active matches of the given versions for evaluated firms that no longer match,
   * and adds inbox entries for eligible firms — never a second one for the same (firm, item version).
   * Returns the inbox entries created.
   */
  async write(m: EntityManager, versionIds: string[], evaluatedIds: string[], outcomes: MatchWrite[]): Promise<NewInboxEntry[]> {
    if (versionIds.length === 0 || (evaluatedIds.length === 0 && outcomes.length === 0)) return [];
    const rows: WireRow[] = outcomes.map((o) => ({
      e: o.enterpriseId, v: o.itemVersionId, i: o.itemId, o: o.outcome, f: o.facts, n: o.nearMiss, est: o.estimateFen,
      d: o.factsDigest, pv: o.profileVersion, id: o.outcome === 'eligible' ? uuid7() : null,
    }));
    return m.query(
      `WITH x AS MATERIALIZED (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(e uuid, v uuid, i uuid, o text, f jsonb, n jsonb, est bigint, d text, pv int, id uuid)
       ), up AS (
         INSERT INTO policy.matches (enterprise_id, item_version_id, item_id, outcome, facts, near_miss, estimate_fen, facts_digest, profile_version)
         SELECT e, v, i, o, f, CASE WHEN jsonb_typeof(n) = 'null' THEN NULL ELSE n END, est, d, pv FROM x
         ON CONFLICT (enterprise_id, item_version_id) DO UPDATE SET outcome = EXCLUDED.outcome, facts = EXCLUDED.facts,
           near_miss = EXCLUDED.near_miss, estimate_fen = EXCLUDED.estimate_fen, facts_digest = EXCLUDED.facts_digest,
           profile_version = EXCLUDED.profile_version, matched_at = now(), retired_at = NULL
         WHERE policy.matches.facts_digest IS DISTINCT FROM EXCLUDED.facts_digest OR policy.matches.retired_at IS NOT NULL
       ), gone AS (
         UPDATE policy.matches mt SET retired_at = now()
         WHERE mt.enterprise_id = ANY($2::uuid[]) AND mt.item_version_id = ANY($3::uuid[]) AND mt.retired_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM x WHERE x.e = mt.enterprise_id AND x.v = mt.item_version_id)
       )
       INSERT INTO policy.inbox (id, enterprise_id, item_version_id, item_id, kind, estimate_fen)
       SELECT id, e, v, i, 'eligible', est FROM x WHERE o = 'eligible'
       ON CONFLICT (enterprise_id, item_version_id) DO NOTHING
       RETURNING id, enterprise_id AS "enterpriseId", item_version_id AS "itemVersionId"`,
      [JSON.stringify(rows), evaluatedIds, versionIds],
    );
  }

  /** Firms that were near misses for any version of an item (the comparison group of an effect analysis). */
  async nearMissEnterprises(m: EntityManager | DataSource, itemId: string, limit = 10_000): Promise<string[]> {
    const rows: Array<{ enterprise_id: string }> = await m.query(
      `SELECT DISTINCT enterprise_id FROM policy.matches WHERE item_id = $1 AND outcome = 'near_miss' LIMIT $2`,
      [itemId, limit],
    );
    return rows.map((r) => r.enterprise_id);
  }

  async retireVersion(m: EntityManager, versionId: string): Promise<number> {
    const r = await mutateReturning(
      m,
      `UPDATE policy.matches SET retired_at = now() WHERE item_version_id = $1 AND retired_at IS NULL RETURNING enterprise_id`,
      [versionId],
    );
    return r.length;
  }
}
