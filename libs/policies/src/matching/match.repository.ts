import { Inject, Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig, mutateReturning, uniqueViolation } from '@app/core';
import type { MatchOutcome } from './item-matcher';

/** What a match row records: the outcome, and the profile version and facts digest it was reached on (the facts are in the profile history). */
export interface MatchWrite extends Omit<MatchOutcome, 'estimateText' | 'facts'> {
  enterpriseId: string;
  itemVersionId: string;
  itemId: string;
  factsDigest: string;
  profileVersion: number;
}

/** A pair pushed for the first time by a write: the firm's new inbox entry. */
export interface NewInboxEntry {
  enterpriseId: string;
  itemVersionId: string;
}

/** One row of the JSON document a write sends: short keys, because a range job sends tens of thousands. */
interface WireRow {
  e: string;
  v: string;
  i: string;
  o: MatchOutcome['outcome'];
  n: MatchOutcome['nearMiss'];
  est: number;
  d: string;
  pv: number;
}

/** A value in COPY's text format: backslash, tab, newline and carriage return escaped. */
function copyText(v: string): string {
  return v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

const RECORDSET = `SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(e uuid, v uuid, i uuid, o text, n jsonb, est bigint, d text, pv int)`;
const MATCH_COLUMNS = 'enterprise_id, item_version_id, item_id, outcome, near_miss, estimate_fen, facts_digest, profile_version, pushed_at';
/** An eligible pair is pushed (its inbox entry appears) when its row is written; statement_timestamp() marks this statement's pushes. */
const NEAR_MISS = `CASE WHEN jsonb_typeof(n) = 'null' THEN NULL ELSE n END`;
const MATCH_VALUES = `e, v, i, o, ${NEAR_MISS}, est, d, pv, CASE WHEN o = 'eligible' THEN statement_timestamp() END`;

/**
 * Match rows, which are also the firms' inbox entries (`pushed_at` and the read/dismissed/applied
 * columns). A write covers any number of item versions over a set of evaluated firms and is ONE
 * statement: the outcomes travel as one JSON document (cheaper for the driver and the server than a
 * dozen parallel arrays), and data-modifying CTEs upsert the matches and retire the ones that no
 * longer match.
 */
@Injectable()
export class MatchRepository {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /**
   * Upserts the matches — a row is rewritten only when what the firm is told changed: the outcome
   * (eligible / near miss, and so each condition's verdict), what a near miss lacks, the estimate, or
   * it had been retired. A firm whose facts changed but whose outcome did not keeps its row as it
   * was (no heap or index write: a data source that moves every firm's revenue rewrites only the
   * rows whose answer moved); the row still names the profile version and digest it was reached on,
   * which give the same verdicts. Retires active matches of the given versions for evaluated firms that no
   * longer match, and pushes eligible pairs — the first time only: `pushed_at` is never cleared, so
   * however often matching reruns a pair is pushed once. Returns the pairs pushed by this write.
   *
   * `newlyPublished`: the versions were just published and have no rows yet, so the rows go in with a
   * plain INSERT (no conflict arbitration, nothing to retire, every eligible row is a new push). If
   * rows exist after all — the job ran before and its acknowledgement was lost, or a profile change
   * re-matched a firm meanwhile — the insert fails on the primary key, is rolled back to a savepoint
   * and the upsert runs instead. Must run inside a transaction.
   */
  async write(m: EntityManager, versionIds: string[], evaluatedIds: string[], outcomes: MatchWrite[], options: { newlyPublished?: boolean } = {}): Promise<NewInboxEntry[]> {
    if (versionIds.length === 0 || (evaluatedIds.length === 0 && outcomes.length === 0)) return [];
    const doc = () =>
      JSON.stringify(
        outcomes.map((o): WireRow => ({ e: o.enterpriseId, v: o.itemVersionId, i: o.itemId, o: o.outcome, n: o.nearMiss, est: o.estimateFen, d: o.factsDigest, pv: o.profileVersion })),
      );
    if (options.newlyPublished) {
      await m.query('SAVEPOINT match_write');
      try {
        if (this.config.database.mode === 'postgres') await this.copyRows(m, outcomes);
        else await m.query(`INSERT INTO policy.matches (${MATCH_COLUMNS}) SELECT ${MATCH_VALUES} FROM (${RECORDSET}) x`, [doc()]);
        await m.query('RELEASE SAVEPOINT match_write');
        return outcomes.filter((o) => o.outcome === 'eligible').map((o) => ({ enterpriseId: o.enterpriseId, itemVersionId: o.itemVersionId }));
      } catch (err) {
        if (!uniqueViolation(err)) throw err;
        await m.query('ROLLBACK TO SAVEPOINT match_write');
      }
    }
    return m.query(
      `WITH x AS MATERIALIZED (${RECORDSET}), up AS (
         INSERT INTO policy.matches AS mt (${MATCH_COLUMNS}) SELECT ${MATCH_VALUES} FROM x
         -- An active row with the same answer is left alone: not even locked, as a DO UPDATE whose WHERE fails would do.
         WHERE NOT EXISTS (SELECT 1 FROM policy.matches cur WHERE cur.enterprise_id = x.e AND cur.item_version_id = x.v AND cur.retired_at IS NULL
           AND cur.outcome = x.o AND cur.estimate_fen = x.est AND cur.near_miss IS NOT DISTINCT FROM ${NEAR_MISS})
         ON CONFLICT (enterprise_id, item_version_id) DO UPDATE SET outcome = EXCLUDED.outcome, facts = NULL,
           near_miss = EXCLUDED.near_miss, estimate_fen = EXCLUDED.estimate_fen, facts_digest = EXCLUDED.facts_digest,
           profile_version = EXCLUDED.profile_version, matched_at = now(), retired_at = NULL,
           pushed_at = coalesce(mt.pushed_at, EXCLUDED.pushed_at)
         WHERE mt.retired_at IS NOT NULL OR mt.outcome IS DISTINCT FROM EXCLUDED.outcome
           OR mt.near_miss IS DISTINCT FROM EXCLUDED.near_miss OR mt.estimate_fen IS DISTINCT FROM EXCLUDED.estimate_fen
         RETURNING mt.enterprise_id, mt.item_version_id, mt.pushed_at = statement_timestamp() AS pushed
       ), gone AS (
         -- The evaluated firms' active rows, one primary-key probe per firm (LATERAL), then by ctid.
         UPDATE policy.matches SET retired_at = now()
         WHERE ctid = ANY (ARRAY(
           SELECT c.ctid FROM unnest($2::uuid[]) AS ev(id)
           CROSS JOIN LATERAL (
             SELECT ctid, enterprise_id, item_version_id FROM policy.matches
             WHERE enterprise_id = ev.id AND item_version_id = ANY($3::uuid[]) AND retired_at IS NULL
           ) c
           WHERE NOT EXISTS (SELECT 1 FROM x WHERE x.e = c.enterprise_id AND x.v = c.item_version_id)))
       )
       SELECT enterprise_id AS "enterpriseId", item_version_id AS "itemVersionId" FROM up WHERE pushed`,
      [doc(), evaluatedIds, versionIds],
    );
  }

  /**
   * The rows of a newly published version through COPY (PostgreSQL): the server inserts them in
   * multi-row batches without parsing a JSON document — about 40 % less time per row than
   * INSERT … SELECT for a range job's tens of thousands of rows. Fails as a whole on a duplicate.
   */
  private async copyRows(m: EntityManager, outcomes: MatchWrite[]): Promise<void> {
    const client = (m.queryRunner as unknown as { databaseConnection?: PoolClient } | undefined)?.databaseConnection;
    if (!client) throw new Error('COPY needs the transaction connection');
    const pushedAt = new Date().toISOString();
    const chunks: string[] = [];
    let chunk = '';
    for (let k = 0; k < outcomes.length; k++) {
      const o = outcomes[k];
      chunk += `${o.enterpriseId}\t${o.itemVersionId}\t${o.itemId}\t${o.outcome}\t${o.nearMiss ? copyText(JSON.stringify(o.nearMiss)) : '\\N'}\t${o.estimateFen}\t${copyText(o.factsDigest)}\t${o.profileVersion}\t${o.outcome === 'eligible' ? pushedAt : '\\N'}\n`;
      if (chunk.length > 65_536 || k === outcomes.length - 1) {
        chunks.push(chunk);
        chunk = '';
      }
    }
    await pipeline(Readable.from(chunks), client.query(copyFrom(`COPY policy.matches (${MATCH_COLUMNS}) FROM STDIN`)));
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
