import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { mutateReturning, uuid7 } from '@app/core';
import type { MatchOutcome } from './item-matcher';

export interface MatchWrite extends MatchOutcome {
  enterpriseId: string;
  factsDigest: string;
  profileVersion: number;
}

export interface NewInboxEntry {
  id: string;
  enterpriseId: string;
}

/** Match rows and inbox entries; written in bulk with unnest(), deduplicated by constraints. */
@Injectable()
export class MatchRepository {
  /**
   * Writes the outcomes for one item version over a set of evaluated firms: upserts matches,
   * retires active matches of evaluated firms that no longer match, and adds inbox entries for
   * eligible firms — never a second one for the same (firm, item version).
   */
  async write(
    m: EntityManager,
    version: { id: string; itemId: string; title: string },
    evaluatedIds: string[],
    outcomes: MatchWrite[],
  ): Promise<NewInboxEntry[]> {
    if (outcomes.length) {
      await m.query(
        `INSERT INTO policy.matches (enterprise_id, item_version_id, item_id, outcome, facts, near_miss, estimate_fen, facts_digest, profile_version)
         SELECT u.e, $1, $2, u.o, u.r::jsonb, u.n::jsonb, u.est, u.d, u.pv
         FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[], $9::int[]) AS u(e, o, r, n, est, d, pv)
         ON CONFLICT (enterprise_id, item_version_id) DO UPDATE SET outcome = EXCLUDED.outcome, facts = EXCLUDED.facts,
           near_miss = EXCLUDED.near_miss, estimate_fen = EXCLUDED.estimate_fen, facts_digest = EXCLUDED.facts_digest,
           profile_version = EXCLUDED.profile_version, matched_at = now(), retired_at = NULL
         WHERE policy.matches.facts_digest IS DISTINCT FROM EXCLUDED.facts_digest OR policy.matches.retired_at IS NOT NULL`,
        [
          version.id, version.itemId,
          outcomes.map((o) => o.enterpriseId), outcomes.map((o) => o.outcome), outcomes.map((o) => JSON.stringify(o.facts)),
          outcomes.map((o) => (o.nearMiss ? JSON.stringify(o.nearMiss) : null)), outcomes.map((o) => o.estimateFen),
          outcomes.map((o) => o.factsDigest), outcomes.map((o) => o.profileVersion),
        ],
      );
    }
    const matched = outcomes.map((o) => o.enterpriseId);
    await m.query(
      `UPDATE policy.matches SET retired_at = now() WHERE item_version_id = $1 AND retired_at IS NULL
         AND enterprise_id = ANY($2::uuid[]) AND NOT (enterprise_id = ANY($3::uuid[]))`,
      [version.id, evaluatedIds, matched],
    );
    const eligible = outcomes.filter((o) => o.outcome === 'eligible');
    if (eligible.length === 0) return [];
    return m.query(
      `INSERT INTO policy.inbox (id, enterprise_id, item_version_id, item_id, kind, title, body, estimate_fen)
       SELECT u.id, u.e, $1, $2, 'eligible', $3, u.b, u.est
       FROM unnest($4::uuid[], $5::uuid[], $6::text[], $7::bigint[]) AS u(id, e, b, est)
       ON CONFLICT (enterprise_id, item_version_id) DO NOTHING
       RETURNING id, enterprise_id AS "enterpriseId"`,
      [
        version.id, version.itemId, version.title,
        eligible.map(() => uuid7()), eligible.map((o) => o.enterpriseId),
        eligible.map((o) => `您的企业符合“${version.title}”的申报条件，预计可享受：${o.estimateText}`), eligible.map((o) => o.estimateFen),
      ],
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
