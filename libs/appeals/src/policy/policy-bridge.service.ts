import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, DEPARTMENT_SCOPED_ROLES, DomainError, EventBus, mutateReturning, Principal, uuid7 } from '@app/core';
import { EventNames, PolicyItemPublishedPayload } from '@app/contracts';
import { AppealThemesRegistry, AppealThemesSource, ItemVersionRepository, LinkedAppealTheme, PolicySearchService } from '@app/policies';
import { loadScoped } from '../appeal/appeal-access';
import { AppealDirectory } from '../appeal/appeal-directory.service';
import { AppealClock } from '../appeal/appeal.clock';
import { actorOf, SYSTEM_ACTOR } from '../appeal/appeal.types';
import { AppealRepository } from '../appeal/appeal.repository';
import { AppealWorkflow } from '../appeal/appeal-workflow.service';
import { AppealNoticeService } from '../notices/notice.service';
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
    private readonly dataSource: DataSource,
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
    const flagged: Array<{ category: string; terms: string[]; firms: number; item_ids: string[] }> = (await this.dataSource.query(
      `SELECT category, terms, firm_count AS firms, item_ids::text[] AS item_ids FROM appeal.policy_flags WHERE item_ids && $1::uuid[] ORDER BY created_at, id`, [ids]) as
      Array<{ category: string; terms: string[]; firms: number; item_ids: string[] }>).map((f) => ({ ...f, item_ids: f.item_ids.filter((id) => wanted.has(id)) }));
    const linked: Array<{ category: string; firms: number; item_ids: string[] }> = await this.dataSource.query(
      `SELECT a.category, count(DISTINCT a.enterprise_id)::int AS firms, array_agg(DISTINCT l.item_id::text ORDER BY l.item_id::text) AS item_ids
       FROM appeal.policy_links l JOIN appeal.appeals a ON a.id = l.appeal_id
       WHERE l.item_id = ANY($1::uuid[]) GROUP BY a.category ORDER BY firms DESC, a.category`, [ids]);
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
    const rows: Array<{ category: string; term: string; firms: number; appeals: number; ids: string[]; titles: string[] }> = await this.dataSource.query(
      `SELECT a.category, t.term, count(DISTINCT a.enterprise_id)::int AS firms, count(*)::int AS appeals,
              (array_agg(a.id ORDER BY a.received_at DESC))[1:50] AS ids, (array_agg(a.title ORDER BY a.received_at DESC))[1:3] AS titles
       FROM appeal.appeals a CROSS JOIN LATERAL unnest(a.terms) AS t(term)
       WHERE a.received_at >= ($1::date::timestamp AT TIME ZONE 'UTC') - interval '8 hours'
         AND a.received_at < ($2::date::timestamp AT TIME ZONE 'UTC') - interval '8 hours' + interval '1 day' AND a.state <> 'merged'
       GROUP BY a.category, t.term HAVING count(DISTINCT a.enterprise_id) >= $3
       ORDER BY firms DESC, appeals DESC, a.category, t.term LIMIT $4`,
      [from, to, minFirms, limit],
    );
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
    await this.dataSource.transaction(async (m) => {
      const now = this.clock.now().toISOString();
      for (const t of themes) {
        for (const d of t.departments) {
          const id = uuid7();
          const items = t.matchingItems.filter((i) => i.department === d.code).map((i) => i.itemId);
          const [row] = await m.query(
            `INSERT INTO appeal.policy_flags (id, period_from, period_to, category, terms, firm_count, appeal_ids, department_code, item_ids, status, created_by, created_at)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,'open',$10,$11) ON CONFLICT ON CONSTRAINT "UQ_policy_flags_theme" DO NOTHING RETURNING id`,
            [id, from, to, t.category, t.terms, t.firmCount, t.appealIds, d.code, items, p.id, now]);
          if (!row) continue;
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
    const params: unknown[] = [];
    const where = ['true'];
    if (DEPARTMENT_SCOPED_ROLES.includes(p.role)) where.push(`department_code = $${params.push(p.departmentCode)}`);
    if (status) where.push(`status = $${params.push(status)}`);
    const rows: Array<{ id: string; period_from: string; period_to: string; category: string; terms: string[]; firm_count: number; appeal_ids: string[];
      department_code: string; item_ids: string[]; status: 'open' | 'acknowledged'; created_at: Date }> = await this.dataSource.query(
      `SELECT id, period_from::text AS period_from, period_to::text AS period_to, category, terms, firm_count, appeal_ids, department_code, item_ids, status, created_at
       FROM appeal.policy_flags WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id LIMIT 500`, params);
    const [cats, names] = await Promise.all([this.directory.categoryMap(), this.directory.departmentNames()]);
    return rows.map((r) => ({ id: r.id, periodFrom: r.period_from, periodTo: r.period_to, category: r.category, categoryLabel: cats.get(r.category)?.name ?? r.category,
      terms: r.terms, firmCount: r.firm_count, appealIds: r.appeal_ids, department: this.directory.ref(names, r.department_code)!, itemIds: r.item_ids, status: r.status,
      statusLabel: r.status === 'open' ? '待研究' : '已研究', createdAt: new Date(r.created_at).toISOString() }));
  }

  async acknowledge(p: Principal, flagId: string): Promise<void> {
    const params: unknown[] = [flagId];
    const scope = DEPARTMENT_SCOPED_ROLES.includes(p.role) ? `AND department_code = $${params.push(p.departmentCode)}` : '';
    const done = /^[0-9a-f-]{36}$/i.test(flagId) ? await mutateReturning(this.dataSource, `UPDATE appeal.policy_flags SET status = 'acknowledged' WHERE id = $1 ${scope} RETURNING id`, params) : [];
    if (!done.length) throw new DomainError('THEME_FLAG.NOT_FOUND', '提示不存在', { id: flagId });
    await this.audit.record({ actor: p, action: 'appeal.policy_flag_acknowledge', targetType: 'policy_flag', targetId: flagId });
  }

  /** Links an appeal to a policy item still being drafted (draft or in review); its publication will tell the firm. */
  async link(p: Principal, appealId: string, itemId: string): Promise<PolicyLinkView> {
    return this.dataSource.transaction(async (m) => {
      const a = await loadScoped(this.repo, p, appealId, m, true);
      const versions = /^[0-9a-f-]{36}$/i.test(itemId) ? await this.items.forItem(itemId, m) : [];
      if (versions.length === 0) throw new DomainError('ITEM.NOT_FOUND', '政策事项不存在', { itemId });
      if (DEPARTMENT_SCOPED_ROLES.includes(p.role) && versions[0].ownerDepartment !== p.departmentCode) throw new DomainError('ITEM.NOT_FOUND', '政策事项不存在', { itemId });
      const drafting = versions.find((v) => v.status === 'draft' || v.status === 'in_review');
      if (!drafting) throw new DomainError('APPEAL.POLICY_ITEM_INVALID', '只能关联正在起草或审核中的政策事项', { itemId });
      const now = this.clock.now();
      const [inserted] = await m.query(
        `INSERT INTO appeal.policy_links (appeal_id, item_id, linked_by, linked_at) VALUES ($1,$2,$3,$4) ON CONFLICT DO NOTHING RETURNING appeal_id`,
        [a.id, itemId, p.id, now.toISOString()]);
      if (!inserted) throw new DomainError('POLICY_LINK.ALREADY_EXISTS', '已关联该政策事项');
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
    const params: unknown[] = [];
    const scope = DEPARTMENT_SCOPED_ROLES.includes(p.role) ? `AND i.owner_department = $${params.push(p.departmentCode)}` : '';
    const versions = await this.items.find(`v.status IN ('draft', 'in_review') ${scope}`, params, this.dataSource, 'ORDER BY v.created_at DESC, v.id DESC LIMIT 200');
    const linked = new Set((await this.dataSource.query(`SELECT item_id::text AS item_id FROM appeal.policy_links WHERE appeal_id = $1`, [a.id]) as Array<{ item_id: string }>).map((r) => r.item_id));
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
    const rows: Array<{ item_id: string; linked_at: Date; notified_at: Date | null }> = await this.dataSource.query(
      `SELECT item_id, linked_at, notified_at FROM appeal.policy_links WHERE appeal_id = $1 ORDER BY linked_at`, [appealId]);
    const out: PolicyLinkView[] = [];
    for (const r of rows) {
      const [v] = await this.items.forItem(r.item_id);
      out.push({ appealId, itemId: r.item_id, itemName: v?.name ?? '', linkedAt: new Date(r.linked_at).toISOString(), notifiedAt: r.notified_at ? new Date(r.notified_at).toISOString() : null });
    }
    return out;
  }

  /** policy.item.published → each linked appeal not yet told: a timeline note and a notice to its firm (exactly once per link). */
  async onItemPublished(e: PolicyItemPublishedPayload, m: EntityManager): Promise<void> {
    const links: Array<{ appeal_id: string }> = await mutateReturning(m,
      `UPDATE appeal.policy_links SET notified_at = $2 WHERE item_id = $1 AND notified_at IS NULL RETURNING appeal_id`, [e.itemId, this.clock.now().toISOString()]);
    if (links.length === 0) return;
    const v = await this.items.byId(e.itemVersionId, m);
    for (const l of links) {
      const a = await this.repo.get(l.appeal_id, m, true);
      if (!a) continue;
      await this.workflow.note(m, a, 'policy_published', { actor: SYSTEM_ACTOR, at: this.clock.now(), outcome: 'policy_published',
        comment: `您反映的问题推动出台的政策事项「${v?.name ?? ''}」已发布`, details: { itemId: e.itemId, itemVersionId: e.itemVersionId } });
      await this.notices.record(m, [{ appealId: a.id, kind: 'policy_published', recipient: { kind: 'enterprise', id: a.enterprise_id }, title: '相关惠企政策已发布',
        text: `您反映的「${a.title}」（${a.number}）推动出台的政策事项「${v?.name ?? ''}」已发布，欢迎查看申报。` }]);
    }
    this.logger.log(`${links.length} firm(s) told of item ${e.itemId}`);
  }
}
