import { Injectable } from '@nestjs/common';
import { assertDepartmentScope, AuditService, DomainError, Page, Principal, ScopeDeniedError } from '@app/core';
import { ENTERPRISE_FACTS } from '@app/contracts';
import { compileToSql, FactRegistry, isAll, isAny, isLeaf, RuleCondition, validateRule } from '@app/rules';
import { EnterprisesService } from '../enterprise/enterprises.service';
import { TagMember, TagsRepository } from './tags.repository';

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

/** 标签库: tags with category and source, each owned by the department that certifies it. */
@Injectable()
export class TagsService {
  constructor(
    private readonly tags: TagsRepository,
    private readonly audit: AuditService,
    private readonly enterprises: EnterprisesService,
  ) {}

  async list(withCounts = false): Promise<Tag[]> {
    const tags = await this.tags.all();
    if (withCounts) {
      const byTag = await this.tags.enterpriseCounts();
      for (const t of tags) t.enterpriseCount = byTag.get(t.code) ?? 0;
    }
    return tags;
  }

  private labelCache?: { at: number; labels: Map<string, string> };

  /** Tag code → Chinese name, for explanations ("高新技术企业" rather than "hitech"). Cached for a minute. */
  async labels(): Promise<ReadonlyMap<string, string>> {
    if (this.labelCache && Date.now() - this.labelCache.at < 60_000) return this.labelCache.labels;
    this.labelCache = { at: Date.now(), labels: await this.tags.labels() };
    return this.labelCache.labels;
  }

  /** Which of `codes` the tag library holds (read now, not from the label cache). */
  async knownCodes(codes: readonly string[]): Promise<ReadonlySet<string>> {
    if (codes.length === 0) return new Set();
    return this.tags.knownCodes(codes);
  }

  async get(code: string): Promise<Tag> {
    const tag = await this.tags.find(code);
    if (!tag) throw new DomainError('TAG.NOT_FOUND', '标签不存在', { code });
    return tag;
  }

  async create(principal: Principal, input: TagInput): Promise<Tag> {
    const owner = principal.role === 'admin' ? (input.ownerDepartment ?? null) : principal.departmentCode;
    return this.tags.transaction(async (m) => {
      const inserted = await this.tags.insert(m, { code: input.code, name: input.name, category: input.category, source: input.source ?? 'manual', ownerDepartment: owner,
        description: input.description ?? null });
      if (!inserted) throw new DomainError('TAG.ALREADY_EXISTS', '标签代码或名称已存在', { code: input.code, name: input.name });
      await this.audit.record({ actor: principal, action: 'tag.create', targetType: 'tag', targetId: input.code, after: inserted }, m);
      return inserted;
    });
  }

  async update(principal: Principal, code: string, patch: Partial<Pick<TagInput, 'name' | 'category' | 'description'>>): Promise<Tag> {
    return this.tags.transaction(async (m) => {
      const before = await this.tags.find(code, m, true);
      if (!before) throw new DomainError('TAG.NOT_FOUND', '标签不存在', { code });
      assertDepartmentScope(principal, before.ownerDepartment, 'TAG', code);
      const after = { ...before, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
      const updated = await this.tags.update(m, code, { name: after.name, category: after.category, description: after.description });
      if (!updated) throw new DomainError('TAG.ALREADY_EXISTS', '标签名称已存在', { name: after.name });
      await this.audit.record({ actor: principal, action: 'tag.update', targetType: 'tag', targetId: code, before, after: updated }, m);
      return updated;
    });
  }

  /** The roster of firms holding a tag: visible to the owning department (others get 404), leaders, auditors, admins. */
  async members(principal: Principal, code: string, page: number, pageSize: number): Promise<Page<TagMember>> {
    const tag = await this.get(code).catch((e: unknown) => {
      if (e instanceof DomainError && principal.role !== 'admin') throw new ScopeDeniedError('TAG', code);
      throw e;
    });
    assertDepartmentScope(principal, tag.ownerDepartment, 'TAG', code);
    const { items, total } = await this.tags.members(code, page, pageSize);
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
    await this.tags.storeRule(code, checked.rule);
    const r = await this.enterprises.applyDerivedTag(code, { sql: where.where, params: where.params }, principal, `规则派生标签“${tag.name}”`);
    return { code, ...r };
  }

  async ensure(tags: TagInput[]): Promise<void> {
    for (const t of tags) await this.tags.ensure(t);
  }
}
