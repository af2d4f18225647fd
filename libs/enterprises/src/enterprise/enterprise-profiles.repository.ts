import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { mutateReturning } from '@app/core';
import { EnterpriseRow, SELECT_COLUMNS } from './enterprise.repository';
import { EnterpriseFacts, FactProvenance, ManualFactChange } from './enterprise.types';
import type { TagInfo } from './fact-ownership';

type Db = EntityManager | DataSource;

export interface ProfileListFilter {
  district?: string;
  industry?: string;
  scale?: string;
  tag?: string;
  creditStatus?: string;
  q?: string;
}

export interface VersionRow {
  version: number;
  facts: EnterpriseFacts;
  changed_facts: string[];
  changed_by: 'person' | 'source';
  actor_id: string | null;
  actor_name: string | null;
  actor_role: string | null;
  actor_department: string | null;
  reason: string | null;
  valid_from: Date;
  provenance: Record<string, FactProvenance> | null;
}

export interface BankAccountRow {
  name: string;
  bank_name: string | null;
  bank_account_enc: string | null;
  bank_account_masked: string | null;
}

/** A hand change's contacts as stored: the name, and the phone already encrypted and masked. */
export interface ContactWrite {
  contactName?: string | null;
  phone?: { encrypted: string | null; masked: string | null };
}

const VERSION_COLUMNS = `version, facts, changed_facts, changed_by, actor_id, actor_name, actor_role, actor_department, reason, valid_from, provenance`;

/**
 * The profile reads and hand-writes of EnterprisesService (lists, facts for matching, history, hand
 * changes, derived tags). Bulk import writes stay in EnterpriseRepository. Methods taking `m` run in
 * the caller's transaction.
 */
@Injectable()
export class EnterpriseProfilesRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** One page of profiles matching the filter, in sequence order, with the total. */
  async list(f: ProfileListFilter, page: number, pageSize: number): Promise<{ rows: EnterpriseRow[]; total: number }> {
    const where: string[] = [];
    const p: unknown[] = [];
    if (f.district) where.push(`district_code LIKE $${p.push(f.district.replace(/(00)+$/, '') + '%')}`);
    if (f.industry) where.push(`industry_code LIKE $${p.push(f.industry.toUpperCase() + '%')}`);
    if (f.scale) where.push(`scale = $${p.push(f.scale)}`);
    if (f.tag) where.push(`tags @> ARRAY[$${p.push(f.tag)}]::text[]`);
    if (f.creditStatus) where.push(`credit_status = $${p.push(f.creditStatus)}`);
    if (f.q) where.push(`(name LIKE $${p.push('%' + f.q.replace(/[%_\\]/g, '\\$&') + '%')} OR credit_code = $${p.push(f.q.toUpperCase())})`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM enterprise.enterprises ${clause}`, p);
    const rows: EnterpriseRow[] = await this.dataSource.query(
      `SELECT ${SELECT_COLUMNS} FROM enterprise.enterprises ${clause} ORDER BY seq LIMIT $${p.length + 1} OFFSET $${p.length + 2}`,
      [...p, pageSize, (page - 1) * pageSize],
    );
    return { rows, total };
  }

  async seqBounds(): Promise<{ min: number; max: number; count: number }> {
    const [r] = await this.dataSource.query(`SELECT coalesce(min(seq),0)::bigint AS min, coalesce(max(seq),0)::bigint AS max, count(*)::int AS count FROM enterprise.enterprises`);
    return { min: Number(r.min), max: Number(r.max), count: r.count };
  }

  /** Profiles with fromSeq <= seq < toSeq, or with the given ids, in sequence order. */
  rows(selector: { fromSeq: number; toSeq: number } | { ids: string[] }, m: Db = this.dataSource): Promise<EnterpriseRow[]> {
    const [where, params] =
      'ids' in selector ? ['id = ANY($1::uuid[])', [selector.ids]] : ['seq >= $1 AND seq < $2', [selector.fromSeq, selector.toSeq]];
    return m.query(`SELECT ${SELECT_COLUMNS} FROM enterprise.enterprises WHERE ${where} ORDER BY seq`, params);
  }

  async bankAccount(id: string, m: Db = this.dataSource): Promise<BankAccountRow | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const rows: BankAccountRow[] = await m.query(`SELECT name, bank_name, bank_account_enc, bank_account_masked FROM enterprise.enterprises WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Where each of the firm's facts came from (empty for an unknown or malformed id). */
  async factSources(id: string): Promise<Record<string, FactProvenance>> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return {};
    const rows: Array<{ fact_sources: Record<string, FactProvenance> }> = await this.dataSource.query(`SELECT fact_sources FROM enterprise.enterprises WHERE id = $1`, [id]);
    return rows[0]?.fact_sources ?? {};
  }

  /** Owners of the given tags in the tag library (a tag not in it is absent). */
  async tagLibrary(m: EntityManager, codes: string[]): Promise<Map<string, TagInfo>> {
    if (codes.length === 0) return new Map();
    const rows: Array<{ code: string; owner_department: string | null; source: TagInfo['source'] }> = await m.query(
      `SELECT code, owner_department, source FROM enterprise.tags WHERE code = ANY($1::text[])`, [codes]);
    return new Map(rows.map((r) => [r.code, { code: r.code, ownerDepartment: r.owner_department, source: r.source }]));
  }

  /**
   * Writes a hand change: every fact, the hand changes and provenance merged in, the contacts named,
   * the next version and an `edited:` digest (not an import digest: a re-import overwrites it).
   */
  async writeHandChange(
    m: EntityManager, id: string, facts: EnterpriseFacts, contacts: ContactWrite, manual: Record<string, ManualFactChange>, provenance: Record<string, FactProvenance>,
  ): Promise<void> {
    const params: unknown[] = [
      id, facts.name, facts.districtCode, facts.industryCode, facts.scale, facts.establishedOn, facts.registeredCapital,
      facts.employees, facts.revenue, facts.taxPaid, facts.rdExpense, facts.exports, facts.rdIntensity, facts.revenueGrowth,
      facts.tags, facts.creditStatus, facts.isListed, JSON.stringify(manual), JSON.stringify(provenance),
    ];
    let extra = '';
    if ('contactName' in contacts) extra += `, contact_name = $${params.push(contacts.contactName ?? null)}`;
    if (contacts.phone) {
      extra += `, contact_phone_enc = $${params.push(contacts.phone.encrypted)},
        contact_phone_masked = $${params.push(contacts.phone.masked)}`;
    }
    await m.query(
      `UPDATE enterprise.enterprises SET name=$2, district_code=$3, industry_code=$4, scale=$5, established_on=$6,
         registered_capital=$7, employees=$8, revenue=$9, tax_paid=$10, rd_expense=$11, exports=$12, rd_intensity=$13,
         revenue_growth=$14, tags=$15::text[], credit_status=$16, is_listed=$17, manual_facts = manual_facts || $18::jsonb, fact_sources = fact_sources || $19::jsonb ${extra},
         version = version + 1, content_digest = 'edited:' || md5(random()::text), updated_at = now()
       WHERE id = $1`,
      params,
    );
  }

  /** The firm's profile versions, newest first. */
  versions(id: string): Promise<VersionRow[]> {
    return this.dataSource.query(`SELECT ${VERSION_COLUMNS} FROM enterprise.profile_versions WHERE enterprise_id = $1 ORDER BY version DESC`, [id]);
  }

  /** The last version valid from on or before `at`; null when there is none. */
  async versionAt(id: string, at: Date): Promise<VersionRow | null> {
    const rows: VersionRow[] = await this.dataSource.query(
      `SELECT ${VERSION_COLUMNS} FROM enterprise.profile_versions
       WHERE enterprise_id = $1 AND valid_from <= $2 ORDER BY valid_from DESC, version DESC LIMIT 1`,
      [id, at.toISOString()],
    );
    return rows[0] ?? null;
  }

  /** One firm's facts at the given versions. */
  async factsAtVersions(id: string, versions: number[]): Promise<Map<number, EnterpriseFacts>> {
    const rows: Array<{ version: number; facts: EnterpriseFacts }> = await this.dataSource.query(
      `SELECT version, facts FROM enterprise.profile_versions WHERE enterprise_id = $1 AND version = ANY($2::int[])`,
      [id, versions],
    );
    return new Map(rows.map((r) => [r.version, r.facts]));
  }

  /** Many firms' facts as they stood at a moment. */
  async factsAtMany(ids: string[], at: Date): Promise<Map<string, EnterpriseFacts>> {
    const rows: Array<{ enterprise_id: string; facts: EnterpriseFacts }> = await this.dataSource.query(
      `SELECT DISTINCT ON (enterprise_id) enterprise_id, facts FROM enterprise.profile_versions
       WHERE enterprise_id = ANY($1::uuid[]) AND valid_from <= $2 ORDER BY enterprise_id, valid_from DESC, version DESC`,
      [ids, at.toISOString()],
    );
    return new Map(rows.map((r) => [r.enterprise_id, r.facts]));
  }

  /**
   * Sets the tag exactly on the firms matching `where` (a SQL condition over enterprise.enterprises
   * aliased `e`, values as parameters) and removes it from the others, bumping each changed firm's
   * version; returns the changed firms and whether each gained the tag.
   */
  toggleDerivedTag(m: EntityManager, code: string, where: { sql: string; params: unknown[] }): Promise<Array<{ id: string; version: number; added: boolean }>> {
    const tagParam = `$${where.params.length + 1}`;
    return mutateReturning<{ id: string; version: number; added: boolean }>(
      m,
      `UPDATE enterprise.enterprises e
       SET tags = CASE WHEN e.tags @> ARRAY[${tagParam}]::text[] THEN array_remove(e.tags, ${tagParam})
                       ELSE (SELECT array_agg(t ORDER BY t) FROM unnest(array_append(e.tags, ${tagParam})) t) END,
           version = e.version + 1, updated_at = now(), content_digest = 'derived:' || md5(random()::text)
       WHERE (COALESCE((${where.sql}), false)) <> (e.tags @> ARRAY[${tagParam}]::text[])
       RETURNING e.id, e.version, e.tags @> ARRAY[${tagParam}]::text[] AS added`,
      [...where.params, code],
    );
  }
}
