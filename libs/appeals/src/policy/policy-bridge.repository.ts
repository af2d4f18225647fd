import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { mutateReturning } from '@app/core';
import { ItemVersionRepository, ItemVersionView } from '@app/policies';

export interface FlaggedThemeRow {
  category: string;
  terms: string[];
  firms: number;
  item_ids: string[];
}

export interface LinkedThemeRow {
  category: string;
  firms: number;
  item_ids: string[];
}

export interface ThemeRow {
  category: string;
  term: string;
  firms: number;
  appeals: number;
  ids: string[];
  titles: string[];
}

export interface NewPolicyFlag {
  id: string;
  from: string;
  to: string;
  category: string;
  terms: string[];
  firmCount: number;
  appealIds: string[];
  departmentCode: string;
  itemIds: string[];
  createdBy: string;
  createdAt: string;
}

export type PolicyFlagStatus = 'open' | 'acknowledged';

export interface PolicyFlagRow {
  id: string;
  period_from: string;
  period_to: string;
  category: string;
  terms: string[];
  firm_count: number;
  appeal_ids: string[];
  department_code: string;
  item_ids: string[];
  status: PolicyFlagStatus;
  created_at: Date;
}

export interface PolicyLinkRow {
  item_id: string;
  linked_at: Date;
  notified_at: Date | null;
}

/**
 * Every SQL statement of the bridge from appeals to policies (共性诉求 themes, their flags to the
 * departments, links of appeals to draft items); the decisions are PolicyBridgeService's.
 */
@Injectable()
export class PolicyBridgeRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly items: ItemVersionRepository,
  ) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Flags naming one of the items (all of each flag's item ids, unfiltered), oldest first. */
  flaggedWithItems(ids: string[]): Promise<FlaggedThemeRow[]> {
    return this.dataSource.query(
      `SELECT category, terms, firm_count AS firms, item_ids::text[] AS item_ids FROM appeal.policy_flags WHERE item_ids && $1::uuid[] ORDER BY created_at, id`, [ids]);
  }

  /** Appeals linked to one of the items, per category: how many firms and which of the items. */
  linkedToItems(ids: string[]): Promise<LinkedThemeRow[]> {
    return this.dataSource.query(
      `SELECT a.category, count(DISTINCT a.enterprise_id)::int AS firms, array_agg(DISTINCT l.item_id::text ORDER BY l.item_id::text) AS item_ids
       FROM appeal.policy_links l JOIN appeal.appeals a ON a.id = l.appeal_id
       WHERE l.item_id = ANY($1::uuid[]) GROUP BY a.category ORDER BY firms DESC, a.category`, [ids]);
  }

  /** (category, term) pairs of the period (China-time dates) raised by at least `minFirms` firms, most firms first. */
  themes(from: string, to: string, minFirms: number, limit: number): Promise<ThemeRow[]> {
    return this.dataSource.query(
      `SELECT a.category, t.term, count(DISTINCT a.enterprise_id)::int AS firms, count(*)::int AS appeals,
              (array_agg(a.id ORDER BY a.received_at DESC))[1:50] AS ids, (array_agg(a.title ORDER BY a.received_at DESC))[1:3] AS titles
       FROM appeal.appeals a CROSS JOIN LATERAL unnest(a.terms) AS t(term)
       WHERE a.received_at >= ($1::date::timestamp AT TIME ZONE 'UTC') - interval '8 hours'
         AND a.received_at < ($2::date::timestamp AT TIME ZONE 'UTC') - interval '8 hours' + interval '1 day' AND a.state <> 'merged'
       GROUP BY a.category, t.term HAVING count(DISTINCT a.enterprise_id) >= $3
       ORDER BY firms DESC, appeals DESC, a.category, t.term LIMIT $4`,
      [from, to, minFirms, limit],
    );
  }

  /** Inserts a flag unless the same theme was already flagged to the department; false then. */
  async insertFlag(m: EntityManager, f: NewPolicyFlag): Promise<boolean> {
    const [row] = await m.query(
      `INSERT INTO appeal.policy_flags (id, period_from, period_to, category, terms, firm_count, appeal_ids, department_code, item_ids, status, created_by, created_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,'open',$10,$11) ON CONFLICT ON CONSTRAINT "UQ_policy_flags_theme" DO NOTHING RETURNING id`,
      [f.id, f.from, f.to, f.category, f.terms, f.firmCount, f.appealIds, f.departmentCode, f.itemIds, f.createdBy, f.createdAt]);
    return !!row;
  }

  /** Flags, newest first; of one department and/or status when given. */
  flags(departmentCode: string | null | undefined, status?: PolicyFlagStatus): Promise<PolicyFlagRow[]> {
    const params: unknown[] = [];
    const where = ['true'];
    if (departmentCode !== undefined) where.push(`department_code = $${params.push(departmentCode)}`);
    if (status) where.push(`status = $${params.push(status)}`);
    return this.dataSource.query(
      `SELECT id, period_from::text AS period_from, period_to::text AS period_to, category, terms, firm_count, appeal_ids, department_code, item_ids, status, created_at
       FROM appeal.policy_flags WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id LIMIT 500`, params);
  }

  /** Acknowledges a flag (of the department when given); false when there is no such flag. */
  async acknowledge(flagId: string, departmentCode: string | null | undefined): Promise<boolean> {
    if (!/^[0-9a-f-]{36}$/i.test(flagId)) return false;
    const params: unknown[] = [flagId];
    const scope = departmentCode !== undefined ? `AND department_code = $${params.push(departmentCode)}` : '';
    const done = await mutateReturning(this.dataSource, `UPDATE appeal.policy_flags SET status = 'acknowledged' WHERE id = $1 ${scope} RETURNING id`, params);
    return done.length > 0;
  }

  /** Links an appeal to an item; false when it was linked already. */
  async insertLink(m: EntityManager, appealId: string, itemId: string, linkedBy: string, at: Date): Promise<boolean> {
    const [inserted] = await m.query(
      `INSERT INTO appeal.policy_links (appeal_id, item_id, linked_by, linked_at) VALUES ($1,$2,$3,$4) ON CONFLICT DO NOTHING RETURNING appeal_id`,
      [appealId, itemId, linkedBy, at.toISOString()]);
    return !!inserted;
  }

  async linkedItemIds(appealId: string): Promise<Set<string>> {
    const rows: Array<{ item_id: string }> = await this.dataSource.query(`SELECT item_id::text AS item_id FROM appeal.policy_links WHERE appeal_id = $1`, [appealId]);
    return new Set(rows.map((r) => r.item_id));
  }

  /** Versions in draft or in review (of the department's items when given), newest first, at most 200. */
  draftVersions(ownerDepartment: string | null | undefined): Promise<ItemVersionView[]> {
    const params: unknown[] = [];
    const scope = ownerDepartment !== undefined ? `AND i.owner_department = $${params.push(ownerDepartment)}` : '';
    return this.items.find(`v.status IN ('draft', 'in_review') ${scope}`, params, this.dataSource, 'ORDER BY v.created_at DESC, v.id DESC LIMIT 200');
  }

  links(appealId: string): Promise<PolicyLinkRow[]> {
    return this.dataSource.query(`SELECT item_id, linked_at, notified_at FROM appeal.policy_links WHERE appeal_id = $1 ORDER BY linked_at`, [appealId]);
  }

  /** Marks the item's links not yet told as told; returns their appeals (each link exactly once). */
  async markLinksNotified(m: EntityManager, itemId: string, at: Date): Promise<string[]> {
    const links: Array<{ appeal_id: string }> = await mutateReturning(m,
      `UPDATE appeal.policy_links SET notified_at = $2 WHERE item_id = $1 AND notified_at IS NULL RETURNING appeal_id`, [itemId, at.toISOString()]);
    return links.map((l) => l.appeal_id);
  }
}
