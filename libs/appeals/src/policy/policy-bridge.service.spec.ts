import type { AuditService, EventBus } from '@app/core';
import type { AppealThemesRegistry, ItemVersionRepository, ItemVersionView, PolicySearchService } from '@app/policies';
import type { AppealRepository } from '../appeal/appeal.repository';
import type { AppealDirectory } from '../appeal/appeal-directory.service';
import { AppealNoticeService, CITY_SUPERVISION } from '../notices/notice.service';
import { appealRow, codeOf, FixedClock, MemoryAppeals, person, recorders, TX, uuid, workflowOver } from '../testing/unit-kit';
import type { FlaggedThemeRow, LinkedThemeRow, NewPolicyFlag, PolicyBridgeRepository, PolicyFlagRow, PolicyFlagStatus, ThemeRow } from './policy-bridge.repository';
import { PolicyBridgeService } from './policy-bridge.service';

/** PolicyBridgeRepository's contract in memory: flags unique per (period, theme, department), links unique per (appeal, item). */
class MemoryBridge {
  themeRows: ThemeRow[] = [];
  flagged: FlaggedThemeRow[] = [];
  linked: LinkedThemeRow[] = [];
  drafts: ItemVersionView[] = [];
  readonly flagRows: Array<PolicyFlagRow & { key: string }> = [];
  readonly linkRows: Array<{ appealId: string; itemId: string; notified: boolean }> = [];
  draftScope?: string | null;

  async transaction<T>(work: (m: never) => Promise<T>): Promise<T> {
    return work(TX as never);
  }
  async flaggedWithItems() {
    return this.flagged;
  }
  async linkedToItems() {
    return this.linked;
  }
  async themes(_from: string, _to: string, minFirms: number, limit: number) {
    return this.themeRows.filter((t) => t.firms >= minFirms).slice(0, limit);
  }
  async insertFlag(_m: unknown, f: NewPolicyFlag) {
    const key = `${f.from}|${f.to}|${f.category}|${f.terms.join(',')}|${f.departmentCode}`;
    if (this.flagRows.some((r) => r.key === key)) return false;
    this.flagRows.push({ key, id: f.id, period_from: f.from, period_to: f.to, category: f.category, terms: f.terms, firm_count: f.firmCount, appeal_ids: f.appealIds,
      department_code: f.departmentCode, item_ids: f.itemIds, status: 'open', created_at: new Date(f.createdAt) });
    return true;
  }
  async flags(departmentCode: string | null | undefined, status?: PolicyFlagStatus) {
    return this.flagRows.filter((r) => (departmentCode === undefined || r.department_code === departmentCode) && (!status || r.status === status));
  }
  async acknowledge(flagId: string, departmentCode: string | null | undefined) {
    const r = this.flagRows.find((x) => x.id === flagId && (departmentCode === undefined || x.department_code === departmentCode));
    if (!r) return false;
    r.status = 'acknowledged';
    return true;
  }
  async insertLink(_m: unknown, appealId: string, itemId: string) {
    if (this.linkRows.some((l) => l.appealId === appealId && l.itemId === itemId)) return false;
    this.linkRows.push({ appealId, itemId, notified: false });
    return true;
  }
  async linkedItemIds(appealId: string) {
    return new Set(this.linkRows.filter((l) => l.appealId === appealId).map((l) => l.itemId));
  }
  async draftVersions(ownerDepartment: string | null | undefined) {
    this.draftScope = ownerDepartment;
    return this.drafts.filter((v) => ownerDepartment === undefined || v.ownerDepartment === ownerDepartment);
  }
  async links() {
    return [];
  }
  async markLinksNotified(_m: unknown, itemId: string) {
    const fresh = this.linkRows.filter((l) => l.itemId === itemId && !l.notified);
    fresh.forEach((l) => (l.notified = true));
    return fresh.map((l) => l.appealId);
  }
}

const ITEM = uuid(300);
const version = (o: Partial<ItemVersionView>): ItemVersionView => ({ id: uuid(301), itemId: ITEM, itemCode: 'KJ-001', name: '研发费用补助', status: 'draft', ownerDepartment: 'kjj', ...o }) as ItemVersionView;

function setup() {
  const appeals = new MemoryAppeals();
  const bridge = new MemoryBridge();
  const rec = recorders();
  const versions = new Map<string, ItemVersionView[]>();
  const items = { forItem: async (id: string) => versions.get(id) ?? [], byId: async () => version({ name: '研发费用补助（2027）' }) };
  const search = { search: async ({ q }: { q: string }) => ({ items: q === '土地' ? [{ itemId: uuid(310), itemName: '用地保障', policyTitle: '工业用地政策', department: 'zrzyj' }] : [] }) };
  const directory = {
    categoryMap: async () => new Map([['land', { code: 'land', name: '用地规划', lead_department: 'zrzyj' }], ['finance', { code: 'finance', name: '融资信贷', lead_department: 'jrj' }]]),
    departmentNames: async () => new Map([['zrzyj', '市自然资源和规划局'], ['jrj', '市金融局']]),
    ref: (n: Map<string, string>, c: string | null) => (c ? { code: c, name: n.get(c) ?? c } : null),
  };
  const bus = { on: jest.fn() };
  const registry = { provide: jest.fn() };
  const svc = new PolicyBridgeService(bridge as unknown as PolicyBridgeRepository, appeals as unknown as AppealRepository, workflowOver(appeals, rec),
    directory as unknown as AppealDirectory, items as unknown as ItemVersionRepository, search as unknown as PolicySearchService,
    rec.notices as unknown as AppealNoticeService, rec.audit as unknown as AuditService, bus as unknown as EventBus, new FixedClock(new Date('2026-12-03T02:00:00Z')),
    registry as unknown as AppealThemesRegistry);
  return { svc, appeals, bridge, rec, versions };
}

const supervisor = person('supervisor');
const theme = (o: Partial<ThemeRow>): ThemeRow => ({ category: 'land', term: '土地', firms: 4, appeals: 5, ids: [uuid(1)], titles: ['用地难'], ...o });

describe('PolicyBridgeService (over an in-memory repository)', () => {
  it('refuses a malformed or reversed period', async () => {
    const { svc } = setup();
    expect(await codeOf(svc.themes('2026-12-01', '2026-11-01', 3))).toBe('THEME.PERIOD_INVALID');
    expect(await codeOf(svc.themes('2026/11/01', '2026-12-01', 3))).toBe('THEME.PERIOD_INVALID');
  });

  it('a theme goes to the departments owning matching policies and to the category\'s lead unit', async () => {
    const { svc, bridge } = setup();
    bridge.themeRows = [theme({}), theme({ category: 'finance', term: '贷款', firms: 3 })];
    const themes = await svc.themes('2026-11-01', '2026-11-30', 3);
    expect(themes.map((t) => [t.categoryLabel, t.terms, t.departments.map((d) => d.code)])).toEqual([['用地规划', ['土地'], ['zrzyj']], ['融资信贷', ['贷款'], ['jrj']]]);
    expect(themes[0].matchingItems.map((i) => i.itemId)).toEqual([uuid(310)]);
  });

  it('flags each theme once per department and tells each department', async () => {
    const { svc, bridge, rec } = setup();
    bridge.themeRows = [theme({})];
    const first = await svc.flag(supervisor, '2026-11-01', '2026-11-30', 3);
    expect(first.map((f) => [f.department.code, f.itemIds, f.statusLabel])).toEqual([['zrzyj', [uuid(310)], '待研究']]);
    expect(rec.notices.sent.map((n) => [n.kind, n.recipient.id])).toEqual([['policy_theme', 'zrzyj']]);
    expect(await svc.flag(supervisor, '2026-11-01', '2026-11-30', 3)).toEqual([]);
    expect(rec.notices.sent).toHaveLength(1);
    expect(rec.audit.entries.map((e) => e.after)).toEqual([{ created: 1 }, { created: 0 }]);
  });

  it('a department sees and acknowledges only its own flags', async () => {
    const { svc, bridge } = setup();
    bridge.themeRows = [theme({}), theme({ category: 'finance', term: '贷款' })];
    const flags = await svc.flag(supervisor, '2026-11-01', '2026-11-30', 3);
    const land = flags.find((f) => f.department.code === 'zrzyj')!;
    const fin = flags.find((f) => f.department.code === 'jrj')!;
    const zr = person('dept_editor', { departmentCode: 'zrzyj' });
    expect((await svc.flags(zr)).map((f) => f.id)).toEqual([land.id]);
    expect(await codeOf(svc.acknowledge(zr, fin.id))).toBe('THEME_FLAG.NOT_FOUND');
    expect(await codeOf(svc.acknowledge(zr, 'nope'))).toBe('THEME_FLAG.NOT_FOUND');
    await svc.acknowledge(zr, land.id);
    expect((await svc.flags(supervisor, 'acknowledged')).map((f) => f.id)).toEqual([land.id]);
  });

  it('links an appeal only to an item being drafted, of the department\'s own, once', async () => {
    const { svc, appeals, versions, bridge } = setup();
    const [a] = appeals.add(appealRow({ state: 'in_progress', lead_department: 'kjj' }));
    expect(await codeOf(svc.link(supervisor, a.id, uuid(999)))).toBe('ITEM.NOT_FOUND');
    versions.set(ITEM, [version({ status: 'published' })]);
    expect(await codeOf(svc.link(supervisor, a.id, ITEM))).toBe('APPEAL.POLICY_ITEM_INVALID');
    versions.set(ITEM, [version({ status: 'in_review' })]);
    expect(await codeOf(svc.link(person('dept_editor', { departmentCode: 'fgw' }), a.id, ITEM))).toBe('APPEAL.NOT_FOUND');
    const other = person('dept_editor', { departmentCode: 'kjj' });
    versions.set(ITEM, [version({ status: 'draft', ownerDepartment: 'fgw' })]);
    expect(await codeOf(svc.link(other, a.id, ITEM))).toBe('ITEM.NOT_FOUND');
    versions.set(ITEM, [version({ status: 'draft' })]);
    expect(await svc.link(other, a.id, ITEM)).toMatchObject({ appealId: a.id, itemId: ITEM, itemName: '研发费用补助', notifiedAt: null });
    expect(appeals.row(a.id).policy_item_id).toBe(ITEM);
    expect(await codeOf(svc.link(other, a.id, ITEM))).toBe('POLICY_LINK.ALREADY_EXISTS');
    expect(bridge.linkRows).toHaveLength(1);
  });

  it('candidates: the latest drafting version of each item, marking those linked; a department sees its own', async () => {
    const { svc, appeals, bridge } = setup();
    const [a] = appeals.add(appealRow({ state: 'in_progress', lead_department: 'kjj' }));
    bridge.drafts = [version({ id: uuid(302), version: 2, status: 'in_review' }), version({ id: uuid(301), version: 1 }), version({ itemId: uuid(320), itemCode: 'KJ-002', name: '人才补贴' })];
    bridge.linkRows.push({ appealId: a.id, itemId: ITEM, notified: false });
    const list = await svc.candidates(person('dept_editor', { departmentCode: 'kjj' }), a.id);
    expect(bridge.draftScope).toBe('kjj');
    expect(list.map((c) => [c.itemId, c.statusLabel, c.linked])).toEqual([[ITEM, '审核中', true], [uuid(320), '起草中', false]]);
    await svc.candidates(supervisor, a.id);
    expect(bridge.draftScope).toBeUndefined();
  });

  it('when a linked item is published each firm is told once', async () => {
    const { svc, appeals, bridge, rec } = setup();
    const [a, b] = appeals.add(appealRow({ state: 'in_progress' }), appealRow({ state: 'closed' }));
    bridge.linkRows.push({ appealId: a.id, itemId: ITEM, notified: false }, { appealId: b.id, itemId: ITEM, notified: false });
    await svc.onItemPublished({ itemId: ITEM, itemVersionId: uuid(301) } as never, TX);
    await svc.onItemPublished({ itemId: ITEM, itemVersionId: uuid(301) } as never, TX);
    expect(rec.notices.sent.map((n) => [n.kind, n.recipient])).toEqual([
      ['policy_published', { kind: 'enterprise', id: a.enterprise_id }], ['policy_published', { kind: 'enterprise', id: b.enterprise_id }],
    ]);
    expect(appeals.commands(a.id)).toEqual(['policy_published']);
    expect(rec.notices.sent.some((n) => n.recipient.id === CITY_SUPERVISION)).toBe(false);
  });

  it('themes of items merge flagged themes and hand-linked categories, keeping only the asked items', async () => {
    const { svc, bridge } = setup();
    const other = uuid(399);
    bridge.flagged = [{ category: 'land', terms: ['土地'], firms: 4, item_ids: [ITEM, other] }, { category: 'land', terms: ['土地'], firms: 6, item_ids: [ITEM] }];
    bridge.linked = [{ category: 'finance', firms: 2, item_ids: [ITEM] }];
    expect(await svc.themesOfItems(['bad'])).toEqual([]);
    expect(await svc.themesOfItems([ITEM])).toEqual([
      { category: 'land', categoryLabel: '用地规划', terms: ['土地'], firmCount: 6, itemIds: [ITEM] },
      { category: 'finance', categoryLabel: '融资信贷', terms: [], firmCount: 2, itemIds: [ITEM] },
    ]);
  });
});
