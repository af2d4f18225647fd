import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { mutateReturning } from '@app/core';
import type { EditablePolicyField, PolicyMeta } from './policy.types';

export interface PolicyRow {
  id: string; code: string; title: string; doc_number: string | null; owner_department: string; level: PolicyMeta['level'];
  category: PolicyMeta['category']; tags: string[]; source_url: string | null; full_text: string; publish_date: string | null;
  effective_from: string; effective_to: string | null; is_demo: boolean; interpretation: string | null; faq: PolicyMeta['faq'] | null;
  revision: number; updated_at: string;
}

export interface NewPolicy extends PolicyMeta {
  id: string;
  ownerDepartment: string;
  searchText: string;
  createdBy: string;
}

const POLICY_SELECT = `id, code, title, doc_number, owner_department, level, category, tags, source_url, full_text, interpretation, faq,
  publish_date::text AS publish_date, effective_from::text AS effective_from, effective_to::text AS effective_to, is_demo, revision,
  to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS updated_at FROM policy.policies`;

/** PostgreSQL access for policies and their items (policy.policies, policy.items); versions: ItemVersionRepository. */
@Injectable()
export class PolicyRepository {
  constructor(private readonly dataSource: DataSource) {}

  get db(): DataSource {
    return this.dataSource;
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async codeTaken(m: EntityManager, code: string): Promise<boolean> {
    return (await m.query(`SELECT 1 FROM policy.policies WHERE code = $1`, [code])).length > 0;
  }

  async insert(m: EntityManager, p: NewPolicy): Promise<void> {
    await m.query(
      `INSERT INTO policy.policies (id, code, title, doc_number, owner_department, level, category, tags, source_url, full_text,
         publish_date, effective_from, effective_to, is_demo, search_text, created_by, interpretation, faq)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18::jsonb)`,
      [p.id, p.code, p.title, p.docNumber ?? null, p.ownerDepartment, p.level, p.category, p.tags ?? [], p.sourceUrl ?? null,
        p.fullText ?? '', p.publishDate ?? null, p.effectiveFrom, p.effectiveTo ?? null, p.isDemo ?? false, p.searchText, p.createdBy,
        p.interpretation || null, JSON.stringify(p.faq ?? [])],
    );
  }

  /**
   * Writes a policy's information at the revision the editor read, and moves it to the next one.
   * Null: the revision has moved on (someone else saved first) — nothing written.
   */
  async updateInfo(m: EntityManager, id: string, revision: number, info: Required<Pick<PolicyMeta, EditablePolicyField>>, searchText: string): Promise<number | null> {
    const rows = await mutateReturning<{ revision: number }>(
      m,
      `UPDATE policy.policies SET title = $3, doc_number = $4, level = $5, category = $6, tags = $7, source_url = $8, full_text = $9,
         publish_date = $10, effective_from = $11, effective_to = $12, interpretation = $13, faq = $14::jsonb, search_text = $15,
         revision = revision + 1, updated_at = now()
       WHERE id = $1 AND revision = $2 RETURNING revision`,
      [id, revision, info.title, info.docNumber, info.level, info.category, info.tags, info.sourceUrl, info.fullText, info.publishDate,
        info.effectiveFrom, info.effectiveTo, info.interpretation, JSON.stringify(info.faq), searchText],
    );
    return rows[0]?.revision ?? null;
  }

  async itemCodeTaken(m: EntityManager, code: string): Promise<boolean> {
    return (await m.query(`SELECT 1 FROM policy.items WHERE code = $1`, [code])).length > 0;
  }

  async insertItem(m: EntityManager, i: { id: string; policyId: string; code: string; ownerDepartment: string }): Promise<void> {
    await m.query(`INSERT INTO policy.items (id, policy_id, code, owner_department, latest_version) VALUES ($1,$2,$3,$4,1)`, [i.id, i.policyId, i.code, i.ownerDepartment]);
  }

  async get(m: EntityManager | DataSource, id: string, lock = false): Promise<PolicyRow | null> {
    const rows: PolicyRow[] = await m.query(`SELECT ${POLICY_SELECT} WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
    return rows[0] ?? null;
  }

  /** The item, locked for the rest of the transaction. */
  async lockItem(m: EntityManager, itemId: string): Promise<{ id: string; owner_department: string; latest_version: number } | null> {
    const rows: Array<{ id: string; owner_department: string; latest_version: number }> =
      await m.query(`SELECT id, owner_department, latest_version FROM policy.items WHERE id = $1 FOR UPDATE`, [itemId]);
    return rows[0] ?? null;
  }

  itemsOf(m: EntityManager | DataSource, policyId: string): Promise<Array<{ id: string; code: string; latest_version: number }>> {
    return m.query(`SELECT id, code, latest_version FROM policy.items WHERE policy_id = $1 ORDER BY code`, [policyId]);
  }

  async setLatestVersion(m: EntityManager, itemId: string, version: number): Promise<void> {
    await m.query(`UPDATE policy.items SET latest_version = $2 WHERE id = $1`, [itemId, version]);
  }

  /** Newest effect first; of one department, or all. */
  async page(department: string | null | undefined, page: number, pageSize: number): Promise<{ rows: PolicyRow[]; total: number }> {
    const params: unknown[] = [];
    const clause = department !== undefined ? `WHERE owner_department = $${params.push(department)}` : '';
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM policy.policies ${clause}`, params);
    const rows: PolicyRow[] = await this.dataSource.query(
      `SELECT ${POLICY_SELECT} ${clause} ORDER BY effective_from DESC, code LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return { rows, total };
  }

  /** Published versions whose effective end is before `today` become expired; returns them. */
  expireDue(m: EntityManager, today: string): Promise<Array<{ id: string; item_id: string }>> {
    return mutateReturning<{ id: string; item_id: string }>(
      m,
      `UPDATE policy.item_versions SET status = 'expired', retired_at = now(), updated_at = now()
       WHERE status = 'published' AND effective_to < $1::date RETURNING id, item_id`,
      [today],
    );
  }
}
