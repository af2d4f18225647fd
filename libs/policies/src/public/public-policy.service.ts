import { Injectable } from '@nestjs/common';
import { DomainError, UsersService } from '@app/core';
import { INDUSTRIES, INDUSTRY_SECTIONS, TagsService, ZHENGZHOU_DISTRICTS } from '@app/enterprises';
import { describeBenefitFormula, describeRule, FormatOptions } from '@app/rules';
import { todayInChina } from '../matching/item-matcher';
import {
  CASH_OUT_MODE_LABELS, CASH_OUT_MODES, POLICY_CATEGORIES, POLICY_CATEGORY_LABELS, POLICY_LEVEL_LABELS, POLICY_LEVELS, PolicyMeta,
} from '../policy/policy.types';
import { ENTERPRISE_REGISTRY } from '../policy/policy.validation';
import { AppealThemesRegistry } from './appeal-themes.port';
import { Compendium, COMPENDIUM_FORMATS, CompendiumFormat } from './compendium';
import type { PublicCatalogueDto, PublicItemDto, PublicPolicyDto } from './dto/public-policy.dto';
import { PublicPolicyRepository } from './public-policy.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Region and industry codes by their names, for conditions read aloud ("位于 高新区（410172）"). */
const CODE_LABELS: ReadonlyMap<string, string> = new Map([
  ...ZHENGZHOU_DISTRICTS.map((d) => [d.code, d.shortName] as const),
  ...INDUSTRY_SECTIONS.map((s) => [s.letter, s.name] as const),
  ...INDUSTRIES.map((i) => [i.code, i.name] as const),
]);

/**
 * The public face of the policy center: a published policy with its published items, each
 * condition in plain Chinese, the formula, mode and dates. Only current published versions are
 * read; drafts, reviews, budgets and people never leave through here. A policy with no published
 * item does not exist for the public (404).
 */
@Injectable()
export class PublicPolicyService {
  constructor(
    private readonly repo: PublicPolicyRepository,
    private readonly tags: TagsService,
    private readonly users: UsersService,
    private readonly appealThemes: AppealThemesRegistry,
  ) {}

  async policy(policyId: string): Promise<PublicPolicyDto> {
    const notFound = () => new DomainError('POLICY.NOT_FOUND', '政策不存在或尚未发布', { id: policyId });
    if (!UUID.test(policyId)) throw notFound();
    const row = await this.repo.policy(policyId);
    if (!row) throw notFound();
    const published = await this.repo.publishedVersions(policyId);
    if (!published.length) throw notFound();
    const options: FormatOptions = { tagLabels: await this.tags.labels(), codeLabels: CODE_LABELS };
    const ctx = { asOf: todayInChina() };
    const items: PublicItemDto[] = published.map((v) => ({
      itemId: v.itemId, itemCode: v.itemCode, name: v.name, version: v.version, mode: v.mode, modeLabel: CASH_OUT_MODE_LABELS[v.mode],
      conditions: describeRule(v.rule, ENTERPRISE_REGISTRY, ctx, options), formulaText: describeBenefitFormula(v.formula, ENTERPRISE_REGISTRY),
      applyFrom: v.applyFrom, applyTo: v.applyTo, materials: v.materials, clause: v.clause, contact: v.contact, exclusionGroup: v.exclusionGroup,
      effectiveFrom: v.effectiveFrom, effectiveTo: v.effectiveTo, publishedAt: v.publishedAt ?? '',
    }));
    const departments = await this.departmentNames();
    const appealThemes = await this.appealThemes.themesOfItems(items.map((i) => i.itemId));
    return {
      id: row.id, code: row.code, title: row.title, docNumber: row.doc_number, level: row.level, levelLabel: POLICY_LEVEL_LABELS[row.level],
      category: row.category, categoryLabel: POLICY_CATEGORY_LABELS[row.category], department: row.owner_department,
      departmentName: departments.get(row.owner_department) ?? row.owner_department, tags: row.tags, sourceUrl: row.source_url,
      publishDate: row.publish_date, effectiveFrom: row.effective_from, effectiveTo: row.effective_to, fullText: row.full_text,
      isDemo: row.is_demo, interpretation: row.interpretation, faq: (row.faq ?? []).map((f) => ({ question: f.question, answer: f.answer })), items, appealThemes,
    };
  }

  /** The policy an item belongs to (calculator and search results link by item). */
  async policyOfItem(itemId: string): Promise<PublicPolicyDto> {
    const policyId = UUID.test(itemId) ? await this.repo.policyIdOfPublishedItem(itemId) : null;
    if (!policyId) throw new DomainError('ITEM.NOT_FOUND', '事项不存在或尚未发布', { id: itemId });
    return this.policy(policyId);
  }

  async catalogue(): Promise<PublicCatalogueDto> {
    const tags = await this.tags.list(false);
    const departments = await this.departmentNames();
    return {
      departments: [...departments].map(([code, name]) => ({ code, name })),
      districts: ZHENGZHOU_DISTRICTS.filter((d) => d.kind !== 'city').map((d) => ({ code: d.code, name: d.shortName })),
      industries: [...INDUSTRY_SECTIONS.map((s) => ({ code: s.letter, name: s.name })), ...INDUSTRIES.map((i) => ({ code: i.code, name: i.name }))],
      tags: tags.map((t) => ({ code: t.code, name: t.name, category: t.category })),
      levels: POLICY_LEVELS.map((value) => ({ value, label: POLICY_LEVEL_LABELS[value] })),
      categories: POLICY_CATEGORIES.map((value) => ({ value, label: POLICY_CATEGORY_LABELS[value] })),
      modes: CASH_OUT_MODES.map((value) => ({ value, label: CASH_OUT_MODE_LABELS[value] })),
    };
  }

  /**
   * 政策汇编: every policy with a published item, of one department (`department`, its code) and/or
   * one theme (`theme`: a policy category such as `subsidy`, or one of the policies' tags such as
   * 研发). Same content as the public policy pages; an unknown department or format is refused.
   */
  async compendium(q: { department?: string; theme?: string; format?: string }): Promise<Compendium & { format: CompendiumFormat }> {
    const format = (q.format || 'html') as CompendiumFormat;
    if (!COMPENDIUM_FORMATS.includes(format)) throw new DomainError('COMPENDIUM.INVALID_FORMAT', '导出格式应为 html 或 xlsx', { format: q.format });
    const departments = await this.departmentNames();
    const department = q.department?.trim() || undefined;
    if (department !== undefined && !departments.has(department)) {
      throw new DomainError('COMPENDIUM.UNKNOWN_DEPARTMENT', '部门不存在', { department });
    }
    const theme = q.theme?.trim() || undefined;
    if (theme !== undefined && theme.length > 50) throw new DomainError('COMPENDIUM.INVALID_THEME', '主题应为政策类别或不超过 50 字的标签', { theme });
    const ids = await this.repo.compendiumPolicyIds({ department, theme });
    const policies: PublicPolicyDto[] = [];
    for (const id of ids) policies.push(await this.policy(id));
    const themeName = theme ? (POLICY_CATEGORIES as readonly string[]).includes(theme) ? POLICY_CATEGORY_LABELS[theme as PolicyMeta['category']] : theme : undefined;
    const scope = [department ? departments.get(department) : null, themeName ? `主题：${themeName}` : null].filter(Boolean).join(' · ') || '全部部门';
    return { format, title: `${department ? departments.get(department) : ''}${themeName ? `${themeName}类` : ''}惠企政策汇编`, scope, generatedOn: todayInChina(), policies };
  }

  private async departmentNames(): Promise<Map<string, string>> {
    return new Map((await this.users.listDepartments()).map((d) => [d.code, d.name]));
  }
}
