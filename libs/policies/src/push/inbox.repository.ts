import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { mutateReturning } from '@app/core';
import type { RuleCondition } from '@app/rules';
import type { CashOutMode } from '../policy/policy.types';

export interface MyPolicyRow {
  item_id: string; item_version_id: string; name: string; policy_id: string; title: string; owner_department: string; mode: CashOutMode;
  outcome: 'eligible' | 'near_miss'; estimate_fen: string | number; apply_to: string | null; lacking: string | null;
  exclusion_group: string | null; facts_digest: string; matched_at: Date;
}

export interface MatchFactsRow { item_version_id: string; facts: Record<string, unknown> | null; facts_digest: string; profile_version: number; matched_at: Date }

export interface ItemDetailRow { doc_number: string | null; source_url: string | null; clause: string | null; materials: string[]; apply_from: string | null; contact: string | null }

export interface InboxRow {
  id: string; kind: 'eligible' | 'notice'; itemId: string | null; itemVersionId: string | null; title: string; estimateFen: string | null; createdAt: Date;
  readAt: Date | null; statusText: string | null; statusAt: Date | null; body: string | null; noticeKind: string | null; applicationId: string | null;
}

/** PostgreSQL access for the enterprise's side of 精准推送: its match rows (policy.matches), notices (policy.notices) and what they show. */
@Injectable()
export class InboxRepository {
  private static readonly LIST_SQL = `SELECT m.item_id, m.item_version_id, v.name, i.policy_id, pol.title, i.owner_department, v.mode, m.outcome,
      m.estimate_fen, v.apply_to::text AS apply_to, m.near_miss->>'gapText' AS lacking, v.exclusion_group, m.facts_digest, m.matched_at
    FROM policy.matches m
    JOIN policy.item_versions v ON v.id = m.item_version_id AND v.status = 'published'
    JOIN policy.items i ON i.id = m.item_id
    JOIN policy.policies pol ON pol.id = i.policy_id
    WHERE m.enterprise_id = $1 AND m.retired_at IS NULL`;

  constructor(private readonly dataSource: DataSource) {}

  rules(versionIds: string[]): Promise<Array<{ id: string; rule: RuleCondition }>> {
    return this.dataSource.query(`SELECT id, rule FROM policy.item_versions WHERE id = ANY($1::uuid[])`, [versionIds]);
  }

  matchFacts(enterpriseId: string, versionIds: string[]): Promise<MatchFactsRow[]> {
    return this.dataSource.query(
      `SELECT item_version_id, facts, facts_digest, profile_version, matched_at FROM policy.matches WHERE enterprise_id = $1 AND item_version_id = ANY($2::uuid[])`,
      [enterpriseId, versionIds],
    );
  }

  /**
   * Changes with every change to a firm's list (a new match, a re-match — which always moves
   * matched_at —, a retirement). A version leaving 'published' retires its matches (an event handler,
   * milliseconds later), so the stamp reads the firm's rows alone — no join per row.
   */
  async listStamp(enterpriseId: string): Promise<string> {
    const [stamp]: Array<{ n: number; t: string | null }> = await this.dataSource.query(
      `SELECT count(*)::int AS n, sum(extract(epoch FROM m.matched_at))::text AS t
       FROM policy.matches m WHERE m.enterprise_id = $1 AND m.retired_at IS NULL`,
      [enterpriseId],
    );
    return `${stamp.n}:${stamp.t ?? 0}`;
  }

  /** The firm's current match rows on published versions. */
  myPolicies(enterpriseId: string, sort: 'amount' | 'deadline'): Promise<MyPolicyRow[]> {
    return this.dataSource.query(
      `${InboxRepository.LIST_SQL}
       ORDER BY ${sort === 'deadline' ? 'v.apply_to ASC NULLS LAST, m.estimate_fen DESC' : 'm.estimate_fen DESC, v.apply_to ASC NULLS LAST'}`,
      [enterpriseId],
    );
  }

  async myPolicy(enterpriseId: string, itemId: string): Promise<MyPolicyRow | null> {
    const rows: MyPolicyRow[] = await this.dataSource.query(`${InboxRepository.LIST_SQL} AND m.item_id = $2`, [enterpriseId, itemId]);
    return rows[0] ?? null;
  }

  async itemDetail(versionId: string): Promise<ItemDetailRow> {
    const [v]: ItemDetailRow[] = await this.dataSource.query(
      `SELECT pol.doc_number, pol.source_url, v.clause, v.materials, v.apply_from::text AS apply_from, v.contact
       FROM policy.item_versions v JOIN policy.items i ON i.id = v.item_id JOIN policy.policies pol ON pol.id = i.policy_id WHERE v.id = $1`,
      [versionId],
    );
    return v;
  }

  /** Pushed match rows and notices, newest first, one page. */
  async inbox(enterpriseId: string, page: number, pageSize: number, unreadOnly: boolean): Promise<{ rows: InboxRow[]; total: number }> {
    const filter = `x.enterprise_id = $1 AND x.pushed_at IS NOT NULL AND x.dismissed_at IS NULL ${unreadOnly ? 'AND x.read_at IS NULL' : ''}`;
    const noticeFilter = `n.enterprise_id = $1 AND n.dismissed_at IS NULL ${unreadOnly ? 'AND n.read_at IS NULL' : ''}`;
    const [{ total }] = await this.dataSource.query(
      `SELECT (SELECT count(*) FROM policy.matches x WHERE ${filter}) + (SELECT count(*) FROM policy.notices n WHERE ${noticeFilter}) AS total`, [enterpriseId]);
    const rows: InboxRow[] = await this.dataSource.query(
      `SELECT * FROM (
         SELECT x.item_version_id AS id, 'eligible' AS kind, x.item_id AS "itemId", x.item_version_id AS "itemVersionId", v.name AS title,
                x.estimate_fen::bigint AS "estimateFen", x.pushed_at AS "createdAt", x.read_at AS "readAt", x.status_text AS "statusText",
                x.status_at AS "statusAt", NULL::text AS body, NULL::text AS "noticeKind", NULL::uuid AS "applicationId"
         FROM policy.matches x JOIN policy.item_versions v ON v.id = x.item_version_id WHERE ${filter}
         UNION ALL
         SELECT n.id, 'notice', n.item_id, NULL::uuid, n.title, NULL::bigint, n.created_at, n.read_at, NULL::text, NULL::timestamptz, n.body, n.kind, n.application_id
         FROM policy.notices n WHERE ${noticeFilter}) u
       ORDER BY "createdAt" DESC, id LIMIT $2 OFFSET $3`,
      [enterpriseId, pageSize, (page - 1) * pageSize],
    );
    return { rows, total: Number(total) };
  }

  async markApplied(m: EntityManager, enterpriseId: string, itemId: string): Promise<void> {
    await m.query(
      `UPDATE policy.matches SET applied_at = coalesce(applied_at, now()) WHERE enterprise_id = $1 AND item_id = $2 AND pushed_at IS NOT NULL`,
      [enterpriseId, itemId],
    );
  }

  async noteProgress(m: EntityManager, enterpriseId: string, itemId: string, text: string): Promise<void> {
    await m.query(
      `UPDATE policy.matches SET status_text = $3, status_at = now(), read_at = NULL WHERE enterprise_id = $1 AND item_id = $2 AND pushed_at IS NOT NULL`,
      [enterpriseId, itemId, text],
    );
  }

  /** Marks a pushed entry (by item version id) or else a notice (by id) read or dismissed; false when the firm has neither. */
  async mark(enterpriseId: string, id: string, what: 'read' | 'dismissed'): Promise<boolean> {
    const set = what === 'read' ? 'read_at = coalesce(read_at, now())' : 'dismissed_at = coalesce(dismissed_at, now()), read_at = coalesce(read_at, now())';
    let r = await mutateReturning(
      this.dataSource,
      `UPDATE policy.matches SET ${set} WHERE enterprise_id = $1 AND item_version_id = $2 AND pushed_at IS NOT NULL RETURNING item_version_id`,
      [enterpriseId, id],
    );
    if (r.length === 0) r = await mutateReturning(this.dataSource, `UPDATE policy.notices SET ${set} WHERE enterprise_id = $1 AND id = $2 RETURNING id`, [enterpriseId, id]);
    return r.length > 0;
  }

  async policyDepartment(policyId: string): Promise<string | null> {
    const pol: Array<{ owner_department: string }> = await this.dataSource.query(`SELECT owner_department FROM policy.policies WHERE id = $1`, [policyId]);
    return pol[0]?.owner_department ?? null;
  }

  policyStats(policyId: string): Promise<Array<Record<string, unknown>>> {
    return this.dataSource.query(
      `SELECT i.id AS "itemId", i.code, count(x.pushed_at)::int AS pushed, count(x.read_at)::int AS read,
              count(x.dismissed_at)::int AS dismissed, count(x.applied_at)::int AS applied
       FROM policy.items i
       LEFT JOIN policy.item_versions v ON v.item_id = i.id
       LEFT JOIN policy.matches x ON x.item_version_id = v.id AND x.pushed_at IS NOT NULL
       WHERE i.policy_id = $1 GROUP BY i.id, i.code ORDER BY i.code`,
      [policyId],
    );
  }
}
