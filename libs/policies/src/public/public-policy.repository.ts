import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ItemVersionRepository } from '../item/item-version.repository';
import type { ItemVersionView, PolicyFaq, PolicyMeta } from '../policy/policy.types';

/** The columns of a policy the public may see. */
export interface PublicPolicyRow {
  id: string; code: string; title: string; doc_number: string | null; owner_department: string; level: PolicyMeta['level'];
  category: PolicyMeta['category']; tags: string[]; source_url: string | null; full_text: string; publish_date: string | null;
  effective_from: string; effective_to: string | null; is_demo: boolean; interpretation: string | null; faq: PolicyFaq[] | null;
}

/**
 * The SQL of the public policy pages: whitelisted policy columns, published versions only. Ids are
 * checked to be uuids by the caller (PublicPolicyService) before they get here.
 */
@Injectable()
export class PublicPolicyRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly versions: ItemVersionRepository,
  ) {}

  async policy(policyId: string): Promise<PublicPolicyRow | null> {
    const [row]: PublicPolicyRow[] = await this.dataSource.query(
      `SELECT id, code, title, doc_number, owner_department, level, category, tags, source_url, full_text,
         publish_date::text AS publish_date, effective_from::text AS effective_from, effective_to::text AS effective_to, is_demo,
         interpretation, faq
       FROM policy.policies WHERE id = $1`,
      [policyId],
    );
    return row ?? null;
  }

  /** The policy's published item versions, by item code. */
  publishedVersions(policyId: string): Promise<ItemVersionView[]> {
    return this.versions.find(`i.policy_id = $1 AND v.status = 'published'`, [policyId], this.dataSource, 'ORDER BY i.code');
  }

  /** The policy of an item that has a published version; null otherwise. */
  async policyIdOfPublishedItem(itemId: string): Promise<string | null> {
    const rows: Array<{ policy_id: string }> = await this.dataSource.query(
      `SELECT i.policy_id FROM policy.items i WHERE i.id = $1 AND EXISTS (SELECT 1 FROM policy.item_versions v WHERE v.item_id = i.id AND v.status = 'published')`,
      [itemId],
    );
    return rows[0]?.policy_id ?? null;
  }

  /**
   * Policies with a published item, of a department and/or a theme (a category, or one of the
   * policy's tags), by department, newest publication first.
   */
  async compendiumPolicyIds(q: { department?: string; theme?: string }): Promise<string[]> {
    const params: unknown[] = [];
    const where = [`EXISTS (SELECT 1 FROM policy.items i JOIN policy.item_versions v ON v.item_id = i.id WHERE i.policy_id = p.id AND v.status = 'published')`];
    if (q.department) where.push(`p.owner_department = $${params.push(q.department)}`);
    if (q.theme) where.push(`(p.category = $${params.push(q.theme)} OR $${params.length} = ANY(p.tags))`);
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT p.id FROM policy.policies p WHERE ${where.join(' AND ')} ORDER BY p.owner_department, p.publish_date DESC NULLS LAST, p.code`, params);
    return rows.map((r) => r.id);
  }
}
