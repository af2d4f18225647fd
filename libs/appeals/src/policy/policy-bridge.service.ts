import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService, DEPARTMENT_SCOPED_ROLES, DomainError, EventBus, Principal, uuid7 } from '@app/core';
import { EventNames, PolicyItemPublishedPayload } from '@app/contracts';
import { AppealThemesRegistry, AppealThemesSource, ItemVersionRepository, LinkedAppealTheme, PolicySearchService } from '@app/policies';
import { loadScoped } from '../appeal/appeal-access';
import { AppealDirectory } from '../appeal/appeal-directory.service';
import { AppealClock } from '../appeal/appeal.clock';
import { actorOf, SYSTEM_ACTOR } from '../appeal/appeal.types';
import { AppealRepository } from '../appeal/appeal.repository';
import { AppealWorkflow } from '../appeal/appeal-workflow.service';
import { AppealNoticeService } from '../notices/notice.service';
import { PolicyBridgeRepository } from './policy-bridge.repository';
import { MatchedPolicyItem, PolicyDraftCandidate, PolicyFlagView, PolicyLinkView, PolicyTheme } from './policy-bridge.views';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * 诉求转化为惠企举措 (004) / 未诉先办: themes (category + a jieba term) raised by many firms in a period
 * are flagged to the departments that own matching policies (found by the policy search on the terms)
 * and to the category's default lead unit; an appeal can be linked to a draft policy item, and when that
 * item is published (`policy.item.published`) the firms that raised the problem are told.
 */
@Injectable()
export class PolicyBridgeService implements OnModuleInit, AppealThemesSource {
  private readonly logger = new Logger('AppealPolicy');

  constructor(
    private readonly bridge: PolicyBridgeRepository,
    private readonly repo: AppealRepository,
    private readonly workflow: AppealWorkflow,
    private readonly directory: AppealDirectory,
    private readonly items: ItemVersionRepository,
    private readonly search: PolicySearchService,
    private readonly notices: AppealNoticeService,
    private readonly audit: AuditService,
    private readonly bus: EventBus,
    private readonly clock: AppealClock,
    private readonly themesRegistry: AppealThemesRegistry,
  ) {}

  onModuleInit(): void {
    this.themesRegistry.provide(this);
    this.bus.on(EventNames.PolicyItemPublished, 'appeals.on-item-published', (e, m) => this.onItemPublished(e.payload as unknown as PolicyItemPublishedPayload, m));
  }

  /**
   * The appeal themes linked to policy items, for the public policy pages: themes flagged with one of
   * the items, and appeals linked to one of them by hand (their category). Counts only.
   */
  async themesOfItems(itemIds: string[]): Promise<LinkedAppealTheme[]> {
    const ids = itemIds.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
    if (ids.length === 0) return [];
    const wanted = new Set(ids.map((id) => id.toLowerCase()));
    const flagged = (await this.bridge.flaggedWithItems(ids)).map((f) => ({ ...f, item_ids: f.item_ids.filter((id) => wanted.has(id)) }));
    const linked = await this.bridge.linkedToItems(ids);
    const cats = await this.directory.categoryMap();
    const themes = new Map<string, LinkedAppealTheme>();
    for (const r of [...flagged, ...linked.map((l) => ({ ...l, terms: [] as string[] }))]) {
      const key = `${r.category}|${r.terms.join(',')}`;
      const seen = themes.get(key);
      if (seen) {
        seen.firmCount = Math.max(seen.firmCount, r.firms);
        seen.itemIds = [...new Set([...seen.itemIds, ...r.item_ids])].sort();
      } else themes.set(key, { category: r.category, categoryLabel: cats.get(r.category)?.name ?? r.category, terms: r.terms, firmCount: r.firms, itemIds: r.item_ids });
    }
    return [...themes.values()].sort((a, b) => b.firmCount - a.firmCount);
  }

  /** Themes of the period: (category, term) pairs raised by at least `minFirms` different firms, most firms first. */
  async themes(from: string, to: string, minFirms: number, limit = 20): Promise<PolicyTheme[]> {
    if (!DATE.test(from) || !DATE.test(to) || from > to) throw new DomainError('THEME.PERIOD_INVALID', '期间应为 YYYY-MM-DD，且起始不晚于结束');
    const rows = await this.bridge.themes(from, to, minFirms, limit);
    const [cats, names] = await Promise.all([this.directory.categoryMap(), this.directory.departmentNames()]);
    const out: PolicyTheme[] = [];
    for (const r of rows) {
      const found = await this.search.search({ q: r.term, pageSize: 5 }).catch(() => ({ items: [] as Array<{ itemId: string; itemName: string; policyTitle: string; department: string }> }));
      const matchingItems: MatchedPolicyItem[] = found.items.map((h) => ({ itemId: h.itemId, itemName: h.itemName, policyTitle: h.policyTitle, department: h.department }));
      const depts = [...new Set([...matchingItems.map((i) => i.department), ...(cats.get(r.category)?.lead_department ? [cats.get(r.category)!.lead_department!] : [])])];
      out.push({
        category: r.category, categoryLabel: cats.get(r.category)?.name ?? r.category, terms: [r.term], firmCount: r.firms, appealCount: r.appeals, appealIds: r.ids,
        sampleTitles: r.titles, matchingItems, departments: depts.map((d) => this.directory.ref(names, d)!),
      });
    }
    return out;
  }

  /** Flags the period's themes to their departments (once per theme and department) and tells them. */
  async flag(p: Principal, from: string, to: string, minFirms: number): Promise<PolicyFlagView[]> {
    const themes = await this.themes(from, to, minFirms);
    const created: string[] = [];
    await this.bridge.transaction(async (m) => {
      const now = this.clock.now().toISOString();
      for (const t of themes) {
        for (const d of t.departments) {
          const id = uuid7();
          const items = t.matchingItems.filter((i) => i.department === d.code).map((i) => i.itemId);
          const inserted = await this.bridge.insertFlag(m, { id, from, to, category: t.category, terms: t.terms, firmCount: t.firmCount, appealIds: t.appealIds,
            departmentCode: d.code, itemIds: items, createdBy: p.id, createdAt: now });
          if (!inserted) continue;
          created.push(id);
          await this.notices.record(m, [{ appealId: null, kind: 'policy_theme', recipient: { kind: 'department', id: d.code }, title: `共性诉求提示：${t.categoryLabel}·${t.terms.join('、')}`,
            text: `${from} 至 ${to}，${t.firmCount} 家企业反映「${t.terms.join('、')}」类问题（如：${t.sampleTitles.join('；')}）。请研究完善相关政策（未诉先办）。` }]);
        }
      }
      await this.audit.record({ actor: p, action: 'appeal.policy_flag', targetType: 'policy_flags', targetId: `${from}~${to}`, after: { created: created.length } }, m);
    });
    return (await this.flags(p)).filter((f) => created.includes(f.id));
  }

  async flags(p: Principal, status?: 'open' | 'acknowledged'): Promise<PolicyFlagView[]> {
    const rows = await this.bridge.flags(this.departmentScope(p), status);
    const [cats, names] = await Promise.all([this.directory.categoryMap(), this.directory.departmentNames()]);
    return rows.map((r) => ({ id: r.id, periodFrom: r.period_from, periodTo: r.period_to, category: r.category, categoryLabel: cats.get(r.category)?.name ?? r.category,
      terms: r.terms, firmCount: r.firm_count, appealIds: r.appeal_ids, department: this.directory.ref(names, r.department_code)!, itemIds: r.item_ids, status: r.status,
      statusLabel: r.status === 'open' ? '待研究' : '已研究', createdAt: new Date(r.created_at).toISOString() }));
  }

  /** The department a department-scoped caller is limited to (`undefined`: no limit). */
  private departmentScope(p: Principal): string | null | undefined {
    return DEPARTMENT_SCOPED_ROLES.includes(p.role) ? p.departmentCode : undefined;
  }

  async acknowledge(p: Principal, flagId: string): Promise<void> {
    if (!(await this.bridge.acknowledge(flagId, this.departmentScope(p)))) throw new DomainError('THEME_FLAG.NOT_FOUND', '提示不存在', { id: flagId });
    await this.audit.record({ actor: p, action: 'appeal.policy_flag_acknowledge', targetType: 'policy_flag', targetId: flagId });
  }

  /** Links an appeal to a policy item still being drafted (draft or in review); its publication will tell the firm. */
  async link(p: Principal, appealId: string, itemId: string): Promise<PolicyLinkView> {
    return this.bridge.transaction(async (m) => {
      const a = await loadScoped(this.repo, p, appealId, m, true);
      const versions = /^[0-9a-f-]{36}$/i.test(itemId) ? await this.items.forItem(itemId, m) : [];
      if (versions.length === 0) throw new DomainError('ITEM.NOT_FOUND', '政策事项不存在', { itemId });
      if (DEPARTMENT_SCOPED_ROLES.includes(p.role) && versions[0].ownerDepartment !== p.departmentCode) throw new DomainError('ITEM.NOT_FOUND', '政策事项不存在', { itemId });
      const drafting = versions.find((v) => v.status === 'draft' || v.status === 'in_review');
      if (!drafting) throw new DomainError('APPEAL.POLICY_ITEM_INVALID', '只能关联正在起草或审核中的政策事项', { itemId });
      const now = this.clock.now();
      if (!(await this.bridge.insertLink(m, a.id, itemId, p.id, now))) throw new DomainError('POLICY_LINK.ALREADY_EXISTS', '已关联该政策事项');
      await this.workflow.note(m, a, 'policy_linked', { actor: actorOf(p), at: now, outcome: 'policy_linked', comment: `关联正在起草的政策事项「${drafting.name}」，发布后将通知企业`, details: { itemId } }, { policy_item_id: itemId });
      return { appealId: a.id, itemId, itemName: drafting.name, linkedAt: now.toISOString(), notifiedAt: null };
    });
  }

  /**
   * The policy items an appeal can be linked to: the latest draft or in-review version of each item
   * (a department sees only its own items), newest first, at most 200.
   */
  async candidates(p: Principal, appealId: string): Promise<PolicyDraftCandidate[]> {
    const a = await loadScoped(this.repo, p, appealId);
    const versions = await this.bridge.draftVersions(this.departmentScope(p));
    const linked = await this.bridge.linkedItemIds(a.id);
    const seen = new Set<string>();
    const out: PolicyDraftCandidate[] = [];
    for (const v of versions) {
      if (seen.has(v.itemId)) continue;
      seen.add(v.itemId);
      out.push({ itemId: v.itemId, itemCode: v.itemCode, itemName: v.name, department: v.ownerDepartment, status: v.status,
        statusLabel: v.status === 'draft' ? '起草中' : '审核中', linked: linked.has(v.itemId) });
    }
    return out;
  }

  async links(p: Principal, appealId: string): Promise<PolicyLinkView[]> {
    await loadScoped(this.repo, p, appealId);
    const rows = await this.bridge.links(appealId);
    const out: PolicyLinkView[] = [];
    for (const r of rows) {
      const [v] = await this.items.forItem(r.item_id);
      out.push({ appealId, itemId: r.item_id, itemName: v?.name ?? '', linkedAt: new Date(r.linked_at).toISOString(), notifiedAt: r.notified_at ? new Date(r.notified_at).toISOString() : null });
    }
    return out;
  }

  /** policy.item.published → each linked appeal not yet told: a timeline note and a notice to its firm (exactly once per link). */
  async onItemPublished(e: PolicyItemPublishedPayload, m: EntityManager): Promise<void> {
    const links = await this.bridge.markLinksNotified(m, e.itemId, this.clock.now());
    if (links.length === 0) return;
    const v = await this.items.byId(e.itemVersionId, m);
    for (const appealId of links) {
      const a = await this.repo.get(appealId, m, true);
      if (!a) continue;
      await this.workflow.note(m, a, 'policy_published', { actor: SYSTEM_ACTOR, at: this.clock.now(), outcome: 'policy_published',
        comment: `您反映的问题推动出台的政策事项「${v?.name ?? ''}」已发布`, details: { itemId: e.itemId, itemVersionId: e.itemVersionId } });
      await this.notices.record(m, [{ appealId: a.id, kind: 'policy_published', recipient: { kind: 'enterprise', id: a.enterprise_id }, title: '相关惠企政策已发布',
        text: `您反映的「${a.title}」（${a.number}）推动出台的政策事项「${v?.name ?? ''}」已发布，欢迎查看申报。` }]);
    }
    this.logger.log(`${links.length} firm(s) told of item ${e.itemId}`);
  }
}
