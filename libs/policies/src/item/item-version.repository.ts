import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { mutateReturning } from '@app/core';
import { ItemContent, ItemVersionView } from '../policy/policy.types';

interface VersionRow {
  id: string;
  item_id: string;
  item_code: string;
  policy_id: string;
  owner_department: string;
  version: number;
  status: ItemVersionView['status'];
  name: string;
  rule: ItemContent['rule'];
  formula: ItemContent['formula'];
  facts_used: string[];
  mode: ItemContent['mode'];
  apply_from: string | null;
  apply_to: string | null;
  materials: string[];
  exclusion_group: string | null;
  clause: string | null;
  fund_pool_fen: number;
  contact: string | null;
  effective_from: string;
  effective_to: string | null;
  change_note: string | null;
  created_by: string;
  submitted_by: string | null;
  reviewed_by: string | null;
  review_comment: string | null;
  published_at: Date | null;
  retired_at: Date | null;
}

export const VERSION_SELECT = `v.id, v.item_id, i.code AS item_code, i.policy_id, i.owner_department, v.version, v.status, v.name, v.rule,
  v.formula, v.facts_used, v.mode, v.apply_from::text AS apply_from, v.apply_to::text AS apply_to, v.materials, v.exclusion_group,
  v.clause, v.fund_pool_fen, v.contact, v.effective_from::text AS effective_from, v.effective_to::text AS effective_to,
  v.change_note, v.created_by, v.submitted_by, v.reviewed_by, v.review_comment, v.published_at, v.retired_at
  FROM policy.item_versions v JOIN policy.items i ON i.id = v.item_id`;

export function toVersionView(r: VersionRow): ItemVersionView {
  return {
    id: r.id, itemId: r.item_id, itemCode: r.item_code, policyId: r.policy_id, ownerDepartment: r.owner_department,
    version: r.version, status: r.status, name: r.name, rule: r.rule, formula: r.formula, factsUsed: r.facts_used,
    mode: r.mode, applyFrom: r.apply_from, applyTo: r.apply_to, materials: r.materials, exclusionGroup: r.exclusion_group,
    clause: r.clause, fundPoolFen: Number(r.fund_pool_fen), contact: r.contact, effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to, changeNote: r.change_note, createdBy: r.created_by, submittedBy: r.submitted_by,
    reviewedBy: r.reviewed_by, reviewComment: r.review_comment,
    publishedAt: r.published_at ? new Date(r.published_at).toISOString() : null,
    retiredAt: r.retired_at ? new Date(r.retired_at).toISOString() : null,
  };
}

/** PostgreSQL access for item versions; state changes are guarded in SQL by the expected status. */
@Injectable()
export class ItemVersionRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(where: string, params: unknown[], m: EntityManager | DataSource = this.dataSource, suffix = ''): Promise<ItemVersionView[]> {
    const rows: VersionRow[] = await m.query(`SELECT ${VERSION_SELECT} WHERE ${where} ${suffix}`, params);
    return rows.map(toVersionView);
  }

  async byId(id: string, m?: EntityManager): Promise<ItemVersionView | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    return (await this.find('v.id = $1', [id], m))[0] ?? null;
  }

  async forItem(itemId: string, m?: EntityManager): Promise<ItemVersionView[]> {
    return this.find('v.item_id = $1', [itemId], m, 'ORDER BY v.version DESC');
  }

  async insert(m: EntityManager, v: { id: string; itemId: string; version: number; content: ItemContent; factsUsed: string[]; createdBy: string; changeNote: string | null }) {
    const c = v.content;
    await m.query(
      `INSERT INTO policy.item_versions (id, item_id, version, status, name, rule, formula, facts_used, mode, apply_from, apply_to,
         materials, exclusion_group, clause, fund_pool_fen, contact, effective_from, effective_to, change_note, created_by)
       VALUES ($1,$2,$3,'draft',$4,$5::jsonb,$6::jsonb,$7,$8,$9,$10,$11::jsonb,$12,$13,$14,$15,$16,$17,$18,$19)`,
      [v.id, v.itemId, v.version, c.name, JSON.stringify(c.rule), JSON.stringify(c.formula), v.factsUsed, c.mode, c.applyFrom, c.applyTo,
        JSON.stringify(c.materials), c.exclusionGroup, c.clause, c.fundPoolFen, c.contact, c.effectiveFrom, c.effectiveTo, v.changeNote, v.createdBy],
    );
  }

  async updateDraft(m: EntityManager, id: string, c: ItemContent, factsUsed: string[], changeNote: string | null): Promise<boolean> {
    const r = await mutateReturning(
      m,
      `UPDATE policy.item_versions SET name=$2, rule=$3::jsonb, formula=$4::jsonb, facts_used=$5, mode=$6, apply_from=$7, apply_to=$8,
         materials=$9::jsonb, exclusion_group=$10, clause=$11, fund_pool_fen=$12, contact=$13, effective_from=$14, effective_to=$15,
         change_note=$16, review_comment=NULL, updated_at=now()
       WHERE id=$1 AND status='draft' RETURNING id`,
      [id, c.name, JSON.stringify(c.rule), JSON.stringify(c.formula), factsUsed, c.mode, c.applyFrom, c.applyTo, JSON.stringify(c.materials),
        c.exclusionGroup, c.clause, c.fundPoolFen, c.contact, c.effectiveFrom, c.effectiveTo, changeNote],
    );
    return r.length === 1;
  }

  /** Moves a version from one status to another iff it is still in the expected one. */
  async transition(m: EntityManager, id: string, from: ItemVersionView['status'], to: ItemVersionView['status'], set: Record<string, unknown> = {}): Promise<boolean> {
    const cols = Object.keys(set);
    const assigns = cols.map((c, i) => `${c} = $${i + 4}`).join(', ');
    const r = await mutateReturning(
      m,
      `UPDATE policy.item_versions SET status = $3, updated_at = now()${assigns ? ', ' + assigns : ''} WHERE id = $1 AND status = $2 RETURNING id`,
      [id, from, to, ...cols.map((c) => set[c])],
    );
    return r.length === 1;
  }

  /** Versions in effect on a date: published (or since retired) with the date inside both windows. */
  async inEffect(date: string, at: Date, m: EntityManager | DataSource = this.dataSource): Promise<ItemVersionView[]> {
    return this.find(
      `v.published_at IS NOT NULL AND v.published_at <= $2 AND (v.retired_at IS NULL OR v.retired_at > $2)
       AND v.effective_from <= $1::date AND (v.effective_to IS NULL OR v.effective_to >= $1::date)`,
      [date, at.toISOString()],
      m,
      'ORDER BY i.code',
    );
  }
}
