import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertDepartmentScope, AuditService, DomainError, mutateReturning, Page, Principal, ScopeDeniedError } from '@app/core';
import { ENTERPRISE_FACTS } from '@app/contracts';
import { compileToSql, FactRegistry, isAll, isAny, isLeaf, RuleCondition, validateRule } from '@app/rules';
import { EnterprisesService } from '../enterprise/enterprises.service';

const TAG_RULE_REGISTRY = new FactRegistry(ENTERPRISE_FACTS);

function factsOf(rule: RuleCondition): string[] {
  if (isLeaf(rule)) return [rule.fact];
  if (isAll(rule)) return rule.all.flatMap(factsOf);
  if (isAny(rule)) return rule.any.flatMap(factsOf);
  return factsOf(rule.not);
}

export interface Tag {
  code: string;
  name: string;
  category: string;
  source: 'manual' | 'imported' | 'derived';
  ownerDepartment: string | null;
  description: string | null;
  rule: unknown;
  enterpriseCount?: number;
}

export interface TagInput {
  code: string;
  name: string;
  category: string;
  source?: Tag['source'];
  ownerDepartment?: string | null;
  description?: string | null;
}

const COLUMNS = `code, name, category, source, owner_department AS "ownerDepartment", description, rule`;

/** 标签库: tags with category and source, each owned by the department that certifies it. */
@Injectable()
export class TagsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly enterprises: EnterprisesService,
  ) {}

  async list(withCounts = false): Promise<Tag[]> {
    const tags: Tag[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM enterprise.tags ORDER BY category, code`);
    if (withCounts) {
      const counts: Array<{ tag: string; n: number }> = await this.dataSource.query(
        `SELECT t AS tag, count(*)::int AS n FROM enterprise.enterprises, unnest(tags) t GROUP BY t`,
      );
      const byTag = new Map(counts.map((c) => [c.tag, c.n]));
      for (const t of tags) t.enterpriseCount = byTag.get(t.code) ?? 0;
    }
    return tags;
  }

  private labelCache?: { at: number; labels: Map<string, string> };

  /** Tag code → Chinese name, for explanations ("高新技术企业" rather than "hitech"). Cached for a minute. */
  async labels(): Promise<ReadonlyMap<string, string>> {
    if (this.labelCache && Date.now() - this.labelCache.at < 60_000) return this.labelCache.labels;
    const rows: Array<{ code: string; name: string }> = await this.dataSource.query(`SELECT code, name FROM enterprise.tags`);
    this.labelCache = { at: Date.now(), labels: new Map(rows.map((r) => [r.code, r.name])) };
    return this.labelCache.labels;
  }

  /** Which of `codes` the tag library holds (read now, not from the label cache). */
  async knownCodes(codes: readonly string[]): Promise<ReadonlySet<string>> {
    if (codes.length === 0) return new Set();
    const rows: Array<{ code: string }> = await this.dataSource.query(`SELECT code FROM enterprise.tags WHERE code = ANY($1::text[])`, [codes]);
    return new Set(rows.map((r) => r.code));
  }

  async get(code: string): Promise<Tag> {
    const rows: Tag[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM enterprise.tags WHERE code = $1`, [code]);
    if (!rows[0]) throw new DomainError('TAG.NOT_FOUND', '标签不存在', { code });
    return rows[0];
  }

  async create(principal: Principal, input: TagInput): Promise<Tag> {
    const owner = principal.role === 'admin' ? (input.ownerDepartment ?? null) : principal.departmentCode;
    return this.dataSource.transaction(async (m) => {
      const inserted: Tag[] = await m.query(
        `INSERT INTO enterprise.tags (code, name, category, source, owner_department, description)
         VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
        [input.code, input.name, input.category, input.source ?? 'manual', owner, input.description ?? null],
      );
      if (!inserted[0]) throw new DomainError('TAG.ALREADY_EXISTS', '标签代码或名称已存在', { code: input.code, name: input.name });
      await this.audit.record({ actor: principal, action: 'tag.create', targetType: 'tag', targetId: input.code, after: inserted[0] }, m);
      return inserted[0];
    });
  }

  async update(principal: Principal, code: string, patch: Partial<Pick<TagInput, 'name' | 'category' | 'description'>>): Promise<Tag> {
    return this.dataSource.transaction(async (m) => {
      const rows: Tag[] = await m.query(`SELECT ${COLUMNS} FROM enterprise.tags WHERE code = $1 FOR UPDATE`, [code]);
      const before = rows[0];
      if (!before) throw new DomainError('TAG.NOT_FOUND', '标签不存在', { code });
      assertDepartmentScope(principal, before.ownerDepartment, 'TAG', code);
      const after = { ...before, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
      const updated = await mutateReturning<Tag>(
        m,
        `UPDATE enterprise.tags SET name=$2, category=$3, description=$4, updated_at=now() WHERE code=$1 RETURNING ${COLUMNS}`,
        [code, after.name, after.category, after.description],
      ).catch((e: Error) => {
        if (/UQ_tags_name|unique/i.test(e.message)) throw new DomainError('TAG.ALREADY_EXISTS', '标签名称已存在', { name: after.name });
        throw e;
      });
      await this.audit.record({ actor: principal, action: 'tag.update', targetType: 'tag', targetId: code, before, after: updated[0] }, m);
      return updated[0];
    });
  }

  /** The roster of firms holding a tag: visible to the owning department (others get 404), leaders, auditors, admins. */
  async members(principal: Principal, code: string, page: number, pageSize: number): Promise<Page<{ id: string; creditCode: string; name: string; districtCode: string | null }>> {
    const tag = await this.get(code).catch((e: unknown) => {
      if (e instanceof DomainError && principal.role !== 'admin') throw new ScopeDeniedError('TAG', code);
      throw e;
    });
    assertDepartmentScope(principal, tag.ownerDepartment, 'TAG', code);
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM enterprise.enterprises WHERE tags @> ARRAY[$1]::text[]`, [code]);
    const items = await this.dataSource.query(
      `SELECT id, credit_code AS "creditCode", name, district_code AS "districtCode" FROM enterprise.enterprises
       WHERE tags @> ARRAY[$1]::text[] ORDER BY seq LIMIT $2 OFFSET $3`,
      [code, pageSize, (page - 1) * pageSize],
    );
    return { items, total, page, pageSize };
  }

  /**
   * A tag derived by a rule (来源：规则): the rule is validated against the fact registry and stored on
   * the tag, then applied to every firm — set where it holds, removed where it no longer does.
   */
  async derive(principal: Principal, code: string, ruleInput: unknown): Promise<{ code: string; added: number; removed: number }> {
    const tag = await this.get(code);
    assertDepartmentScope(principal, tag.ownerDepartment, 'TAG', code);
    const checked = validateRule(ruleInput, TAG_RULE_REGISTRY);
    if (!checked.ok) throw new DomainError('TAG.INVALID_RULE', '标签规则不合法', { errors: checked.errors });
    if (factsOf(checked.rule).includes('tags')) throw new DomainError('TAG.INVALID_RULE', '派生标签的规则不能引用企业标签本身', { pointer: '' });
    const asOf = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const where = compileToSql(checked.rule, TAG_RULE_REGISTRY, { asOf }, { tableAlias: 'e' });
    await this.dataSource.query(`UPDATE enterprise.tags SET source = 'derived', rule = $2::jsonb, updated_at = now() WHERE code = $1`, [code, JSON.stringify(checked.rule)]);
    const r = await this.enterprises.applyDerivedTag(code, { sql: where.where, params: where.params }, principal, `规则派生标签“${tag.name}”`);
    return { code, ...r };
  }

  async ensure(tags: TagInput[]): Promise<void> {
    for (const t of tags) {
      await this.dataSource.query(
        `INSERT INTO enterprise.tags (code, name, category, source, owner_department, description) VALUES ($1,$2,$3,$4,$5,$6)
         ON CONFLICT (code) DO NOTHING`,
        [t.code, t.name, t.category, t.source ?? 'manual', t.ownerDepartment ?? null, t.description ?? null],
      );
    }
  }
}
