import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { canonicalJson, copyRowsInto, copyText, FieldCipher, maskAccount, maskPhone } from '@app/core';
import { createHash } from 'node:crypto';
import { ENTERPRISE_FACTS_BY_KEY } from '@app/contracts';
import { ChangeAuthor, EnterpriseFacts, EnterpriseInput, EnterpriseView, FACT_KEYS, FactProvenance, FactProvenanceView, ManualFactChange } from './enterprise.types';

export interface EnterpriseRow {
  id: string;
  credit_code: string;
  name: string;
  district_code: string | null;
  industry_code: string | null;
  scale: EnterpriseFacts['scale'];
  established_on: string | null;
  registered_capital: number | null;
  employees: number | null;
  revenue: number | null;
  tax_paid: number | null;
  rd_expense: number | null;
  exports: number | null;
  rd_intensity: number | null;
  revenue_growth: number | null;
  tags: string[];
  credit_status: EnterpriseFacts['creditStatus'];
  credit_source: string | null;
  credit_since: string | null;
  credit_until: string | null;
  is_listed: boolean | null;
  bank_name: string | null;
  bank_account_masked: string | null;
  contact_name: string | null;
  contact_phone_masked: string | null;
  version: number;
  content_digest: string;
  updated_at: Date;
  /** Facts a person changed by hand that no data source has written since. */
  manual_facts: Record<string, ManualFactChange>;
  /** Where each fact's current value came from (facts no source wrote yet: absent). */
  fact_sources: Record<string, FactProvenance>;
}

/** Fact key → column, in one place (matches ENTERPRISE_FACTS.column). */
export const FACT_COLUMNS: Record<keyof EnterpriseFacts, string> = {
  name: 'name', districtCode: 'district_code', industryCode: 'industry_code', scale: 'scale',
  establishedOn: 'established_on', registeredCapital: 'registered_capital', employees: 'employees', revenue: 'revenue',
  taxPaid: 'tax_paid', rdExpense: 'rd_expense', exports: 'exports', rdIntensity: 'rd_intensity',
  revenueGrowth: 'revenue_growth', tags: 'tags', creditStatus: 'credit_status', isListed: 'is_listed',
};

export const SELECT_COLUMNS = `id, credit_code, name, district_code, industry_code, scale, established_on::text AS established_on,
  registered_capital, employees, revenue, tax_paid, rd_expense, exports, rd_intensity, revenue_growth, tags, credit_status,
  credit_source, credit_since::text AS credit_since, credit_until::text AS credit_until, is_listed, bank_name,
  bank_account_masked, contact_name, contact_phone_masked, version, content_digest, updated_at, manual_facts, fact_sources`;

/** What a bulk writer of facts needs of a firm (the facts, and what identifies and versions it). */
export type EnterpriseFactsRow = Pick<
  EnterpriseRow,
  'id' | 'credit_code' | 'name' | 'version' | 'district_code' | 'industry_code' | 'scale' | 'established_on' | 'registered_capital' | 'employees'
  | 'revenue' | 'tax_paid' | 'rd_expense' | 'exports' | 'rd_intensity' | 'revenue_growth' | 'tags' | 'credit_status' | 'is_listed'
>;

const FACTS_ROW_COLUMNS = `id, credit_code, name, version, district_code, industry_code, scale, established_on::text AS established_on,
  registered_capital, employees, revenue, tax_paid, rd_expense, exports, rd_intensity, revenue_growth, tags, credit_status, is_listed`;

export function factsOf(row: EnterpriseFactsRow): EnterpriseFacts {
  const f = {} as Record<keyof EnterpriseFacts, unknown>;
  for (const k of FACT_KEYS) f[k] = row[FACT_COLUMNS[k] as keyof EnterpriseFactsRow] ?? null;
  f.tags = row.tags ?? [];
  return f as EnterpriseFacts;
}

export function factsOfInput(input: EnterpriseInput): EnterpriseFacts {
  const f = {} as Record<keyof EnterpriseFacts, unknown>;
  for (const k of FACT_KEYS) f[k] = input[k] ?? null;
  f.tags = [...(input.tags ?? [])].sort();
  return f as EnterpriseFacts;
}

export function toView(row: EnterpriseRow): EnterpriseView {
  return {
    id: row.id,
    creditCode: row.credit_code,
    ...factsOf(row),
    creditSource: row.credit_source,
    creditSince: row.credit_since,
    creditUntil: row.credit_until,
    bankName: row.bank_name,
    bankAccountMasked: row.bank_account_masked,
    contactName: row.contact_name,
    contactPhoneMasked: row.contact_phone_masked,
    version: row.version,
    updatedAt: new Date(row.updated_at).toISOString(),
    provenance: provenanceView(row.fact_sources ?? {}),
  };
}

/** Every fact with where its value came from; one no source has written yet came with the file import. */
export function provenanceView(sources: Record<string, FactProvenance>): FactProvenanceView[] {
  return FACT_KEYS.map((fact) => {
    const def = ENTERPRISE_FACTS_BY_KEY.get(fact);
    const p = sources[fact];
    return p
      ? { fact, label: def?.label ?? fact, ...p }
      : { fact, label: def?.label ?? fact, via: 'import' as const, source: null, sourceName: `${def?.owner?.source ?? '数据来源'}（文件导入）`, recordId: null, fetchedAt: null, version: null };
  });
}

/**
 * Fact keys whose values differ between two profiles; `among`: only these keys can differ (a writer
 * that set a few facts), in FACT_KEYS order. Plain values compare as they are; only arrays (tags)
 * go through canonical JSON.
 */
export function changedFacts(a: EnterpriseFacts, b: EnterpriseFacts, among: ReadonlySet<string> | null = null): string[] {
  const out: string[] = [];
  for (const k of FACT_KEYS) {
    if (among && !among.has(k)) continue;
    const x = a[k];
    const y = b[k];
    if (x === y || (typeof x === 'number' && typeof y === 'number' && !Number.isFinite(x) && !Number.isFinite(y))) continue; // as JSON: NaN/±Infinity all null
    if (typeof x === 'object' && typeof y === 'object' && x !== null && y !== null ? canonicalJson(x) !== canonicalJson(y) : true) out.push(k);
  }
  return out;
}

/** Columns written by upserts, in the order of the unnest() arrays. */
const WRITE_COLUMNS: Array<[string, string]> = [
  ['id', 'uuid'], ['credit_code', 'text'], ['name', 'text'], ['district_code', 'text'], ['industry_code', 'text'],
  ['scale', 'text'], ['established_on', 'date'], ['registered_capital', 'bigint'], ['employees', 'integer'],
  ['revenue', 'bigint'], ['tax_paid', 'bigint'], ['rd_expense', 'bigint'], ['exports', 'bigint'],
  ['rd_intensity', 'float8'], ['revenue_growth', 'float8'], ['tags', 'text'], ['credit_status', 'text'],
  ['credit_source', 'text'], ['credit_since', 'date'], ['credit_until', 'date'], ['is_listed', 'boolean'],
  ['bank_name', 'text'], ['bank_account_enc', 'text'], ['bank_account_masked', 'text'], ['contact_name', 'text'],
  ['contact_phone_enc', 'text'], ['contact_phone_masked', 'text'], ['content_digest', 'text'],
];

const VERSION_COLUMNS = ['enterprise_id', 'version', 'facts', 'changed_facts', 'actor_id', 'reason', 'changed_by', 'actor_name', 'actor_role', 'actor_department', 'provenance'];
/** From this many versions on, one COPY is cheaper than an INSERT with parameter arrays. */
const COPY_VERSIONS_FROM = 50;

/** A text[] literal: every element quoted (backslash and double quote escaped). */
function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

export interface PreparedRow {
  id: string;
  input: EnterpriseInput;
  facts: EnterpriseFacts;
  digest: string;
}

/** PostgreSQL access for 一企一档. Bulk writes go through unnest() arrays: one statement per batch. */
@Injectable()
export class EnterpriseRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Refreshes the planner's statistics of the profile tables after a bulk load. Autovacuum would do it
   * in time (and never, where it is off); until then a freshly loaded 1M-row table is planned as if
   * it were empty — the sandbox's snapshot refresh scanned every row every few seconds.
   */
  async analyze(): Promise<void> {
    await this.dataSource.query(`ANALYZE enterprise.enterprises, enterprise.profile_versions`);
  }

  /** Digest over everything an import writes; secrets enter as keyed blind indexes, never in clear. */
  contentDigest(input: EnterpriseInput, cipher: FieldCipher): string {
    return createHash('sha256')
      .update(
        canonicalJson({
          facts: factsOfInput(input),
          creditSource: input.creditSource ?? null,
          creditSince: input.creditSince ?? null,
          creditUntil: input.creditUntil ?? null,
          bankName: input.bankName ?? null,
          bankAccount: input.bankAccount ? cipher.blindIndex(input.bankAccount) : null,
          contactName: input.contactName ?? null,
          contactPhone: input.contactPhone ? cipher.blindIndex(input.contactPhone) : null,
        }),
      )
      .digest('hex');
  }

  private arrays(rows: PreparedRow[], cipher: FieldCipher): unknown[][] {
    const cols: unknown[][] = WRITE_COLUMNS.map(() => new Array<unknown>(rows.length));
    rows.forEach((r, i) => {
      const x = r.input;
      const values: unknown[] = [
        r.id, x.creditCode, x.name, x.districtCode, x.industryCode, x.scale, x.establishedOn, x.registeredCapital,
        x.employees, x.revenue, x.taxPaid, x.rdExpense, x.exports, x.rdIntensity, x.revenueGrowth,
        r.facts.tags.join(','), x.creditStatus, x.creditSource ?? null, x.creditSince ?? null, x.creditUntil ?? null,
        x.isListed, x.bankName ?? null, x.bankAccount ? cipher.encrypt(x.bankAccount) : null,
        maskAccount(x.bankAccount), x.contactName ?? null, x.contactPhone ? cipher.encrypt(x.contactPhone) : null,
        maskPhone(x.contactPhone), r.digest,
      ];
      values.forEach((v, c) => (cols[c][i] = v));
    });
    return cols;
  }

  private unnestSelect(offset = 0): string {
    const args = WRITE_COLUMNS.map(([, t], i) => `$${i + 1 + offset}::${t}[]`).join(', ');
    const names = WRITE_COLUMNS.map(([c]) => c).join(', ');
    return `SELECT ${WRITE_COLUMNS.map(([c]) => (c === 'tags' ? `CASE WHEN u.tags = '' THEN '{}'::text[] ELSE string_to_array(u.tags, ',') END AS tags` : `u.${c}`)).join(', ')}
      FROM unnest(${args}) AS u(${names})`;
  }

  /** Inserts new enterprises; returns the ids actually inserted (a concurrent insert of the same code is skipped). */
  async insertMany(m: EntityManager, rows: PreparedRow[], cipher: FieldCipher): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const names = WRITE_COLUMNS.map(([c]) => c).join(', ');
    const inserted: Array<{ id: string }> = await m.query(
      `INSERT INTO enterprise.enterprises (${names}) ${this.unnestSelect()} ON CONFLICT (credit_code) DO NOTHING RETURNING id`,
      this.arrays(rows, cipher),
    );
    return new Set(inserted.map((r) => r.id));
  }

  /**
   * Overwrites existing enterprises (matched by id) and bumps their version. The source has written
   * every fact again: hand changes no longer stand.
   */
  async updateMany(m: EntityManager, rows: PreparedRow[], cipher: FieldCipher): Promise<void> {
    if (rows.length === 0) return;
    const sets = WRITE_COLUMNS.filter(([c]) => c !== 'id' && c !== 'credit_code')
      .map(([c]) => `${c} = s.${c}`)
      .join(', ');
    await m.query(
      `UPDATE enterprise.enterprises e SET ${sets}, version = e.version + 1, updated_at = now(), manual_facts = '{}'::jsonb, fact_sources = '{}'::jsonb
       FROM (${this.unnestSelect()}) s WHERE e.id = s.id`,
      this.arrays(rows, cipher),
    );
  }

  /** Profile versions with who wrote them: a person (name, role, department) or a data source. */
  async insertVersions(
    m: EntityManager,
    versions: Array<{ enterpriseId: string; version: number; facts: EnterpriseFacts; changed: string[]; provenance?: Record<string, FactProvenance> }>,
    author: ChangeAuthor,
    reason: string,
  ): Promise<void> {
    if (versions.length === 0) return;
    if (versions.length >= COPY_VERSIONS_FROM) {
      // Many versions (a data-source page, an import): COPY, without the parameter arrays to build and parse.
      const fixed = `${copyText(author.id)}\t${copyText(reason)}\t${copyText(author.kind)}\t${copyText(author.name ?? null)}\t${copyText(author.role ?? null)}\t${copyText(author.department ?? null)}`;
      await copyRowsInto(m, 'enterprise.profile_versions', VERSION_COLUMNS, versions.map((v) =>
        `${v.enterpriseId}\t${v.version}\t${copyText(JSON.stringify(v.facts))}\t${copyText(textArrayLiteral(v.changed))}\t${fixed}\t${copyText(v.provenance ? JSON.stringify(v.provenance) : null)}\n`));
      return;
    }
    await m.query(
      `INSERT INTO enterprise.profile_versions (enterprise_id, version, facts, changed_facts, actor_id, reason, changed_by, actor_name, actor_role, actor_department, provenance)
       SELECT u.id, u.v, u.f::jsonb, CASE WHEN u.c = '' THEN '{}'::text[] ELSE string_to_array(u.c, ',') END, $5, $6, $7, $8, $9, $10, u.p::jsonb
       FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $11::text[]) AS u(id, v, f, c, p)`,
      [
        versions.map((v) => v.enterpriseId),
        versions.map((v) => v.version),
        versions.map((v) => JSON.stringify(v.facts)),
        versions.map((v) => v.changed.join(',')),
        author.id,
        reason,
        author.kind,
        author.name ?? null,
        author.role ?? null,
        author.department ?? null,
        versions.map((v) => (v.provenance ? JSON.stringify(v.provenance) : null)),
      ],
    );
  }

  async lockByCreditCodes(m: EntityManager, codes: string[]): Promise<EnterpriseRow[]> {
    return m.query(`SELECT ${SELECT_COLUMNS} FROM enterprise.enterprises WHERE credit_code = ANY($1::bpchar[]) FOR UPDATE`, [codes]);
  }

  /**
   * Locks firms by code like `lockByCreditCodes` but reads only their facts: a data-source page
   * locks thousands, and the provenance, hand changes and contact columns it would not use are most
   * of what the driver would parse.
   */
  async lockFactsByCreditCodes(m: EntityManager, codes: string[]): Promise<EnterpriseFactsRow[]> {
    return m.query(`SELECT ${FACTS_ROW_COLUMNS} FROM enterprise.enterprises WHERE credit_code = ANY($1::bpchar[]) FOR UPDATE`, [codes]);
  }

  /** The codes among `codes` that the tag library (enterprise.tags) does not hold. */
  async unknownTagCodes(codes: readonly string[], m: EntityManager | DataSource = this.dataSource): Promise<string[]> {
    if (codes.length === 0) return [];
    const rows: Array<{ code: string }> = await m.query(`SELECT code FROM enterprise.tags WHERE code = ANY($1::text[])`, [codes]);
    const known = new Set(rows.map((r) => r.code));
    return codes.filter((c) => !known.has(c));
  }

  async findById(id: string, m: EntityManager | DataSource = this.dataSource, lock = false): Promise<EnterpriseRow | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const rows: EnterpriseRow[] = await m.query(
      `SELECT ${SELECT_COLUMNS} FROM enterprise.enterprises WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  async readSecret(id: string, column: 'bank_account_enc' | 'contact_phone_enc'): Promise<string | null> {
    const rows: Array<{ v: string | null }> = await this.dataSource.query(
      `SELECT ${column} AS v FROM enterprise.enterprises WHERE id = $1`,
      [id],
    );
    return rows[0]?.v ?? null;
  }
}
