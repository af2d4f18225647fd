import { TestApp } from '../support/test-app';
import { settle } from '../support/settle';
import { AppealClock, AppealNoticeService } from '@app/appeals';
import { at, bootAppeals, loadFirms, People } from './appeal-fixture';

const V1 = '/api/v1';

/**
 * From appeals to policy (诉求转化为惠企举措, 未诉先办): a theme many firms raised is flagged to the
 * departments owning matching policies (and the category's lead unit), once; an appeal linked to a draft
 * item tells its firm when the item is published (`policy.item.published`, exactly once).
 */
describe('appeals → policy', () => {
  let t: TestApp;
  let who: People;
  let clock: AppealClock;
  let firms: string[];
  let firmA: string;
  let kjjEditor: string;

  beforeAll(async () => {
    ({ t, who, clock } = await bootAppeals());
    firms = await loadFirms(t, [{ name: '物流甲有限公司' }, { name: '物流乙有限公司' }, { name: '物流丙有限公司' }, { name: '物流丁有限公司' }]);
    firmA = await t.createUser({ username: 'pol_a', displayName: '甲', role: 'enterprise', enterpriseId: firms[0] });
    kjjEditor = await t.createUser({ username: 'kjj_editor', displayName: '科技局编辑', role: 'dept_editor', departmentCode: 'kjj' });
  });
  afterAll(async () => {
    clock?.reset();
    await t?.close();
  });

  const policy = (code: string, name: string) => ({
    code, title: `郑州市${name}实施办法`, docNumber: null, level: 'municipal', category: 'subsidy', tags: [], fullText: `对园区货车通行、冷链物流给予${name}。`,
    effectiveFrom: '2026-01-01', effectiveTo: '2099-12-31',
    items: [{ code: `${code}-A`, name, rule: { all: [{ fact: 'employees', operator: 'greaterThanInclusive', value: 1 }] }, formula: { kind: 'fixed', amount: 1_000_000 },
      mode: 'application', applyFrom: '2026-01-01', applyTo: '2026-12-31', materials: [], exclusionGroup: null, clause: null, fundPoolFen: 100_000_000, contact: null,
      effectiveFrom: '2026-01-01', effectiveTo: '2099-12-31' }],
  });

  it('flags a theme raised by many firms to the departments, once', async () => {
    // a published kjj policy whose text matches the theme
    const pub = await t.http.post(`${V1}/policies`).set('authorization', kjjEditor).send(policy('P-FREIGHT', '货车通行补贴')).expect(201);
    await t.http.post(`${V1}/items/${pub.body.items[0].id}/submit`).set('authorization', kjjEditor).expect(200);
    await t.http.post(`${V1}/items/${pub.body.items[0].id}/review`).set('authorization', who.kjj).send({ decision: 'approve' }).expect(200);
    await settle(t.app);

    clock.set(at('2026-11-10 10:00'));
    for (const [i, f] of firms.slice(0, 3).entries()) {
      await t.http.post(`${V1}/appeals/record`).set('authorization', who.supervisor)
        .send({ enterpriseId: f, channel: 'forum', category: 'utilities', title: `园区货车通行受限${i + 1}`, description: '园区道路限行，货车通行受限，物流成本上升。' }).expect(201);
    }
    await t.http.post(`${V1}/appeals/record`).set('authorization', who.supervisor)
      .send({ enterpriseId: firms[3], channel: 'forum', category: 'finance', title: '贷款贴息', description: '技改贷款希望贴息。' }).expect(201);

    const themes = (await t.http.get(`${V1}/appeals/policy-themes?from=2026-11-01&to=2026-11-30&minFirms=3`).set('authorization', who.supervisor).expect(200)).body;
    const freight = themes.find((th: { terms: string[] }) => th.terms.includes('货车'));
    expect(freight).toMatchObject({ category: 'utilities', categoryLabel: '水电气暖要素保障', firmCount: 3, appealCount: 3 });
    expect(freight.matchingItems.map((i: { itemName: string }) => i.itemName)).toContain('货车通行补贴');
    expect(freight.departments.map((d: { code: string }) => d.code).sort()).toEqual(['fgw', 'kjj']);
    expect(themes.every((th: { category: string }) => th.category === 'utilities')).toBe(true);

    const flagged = (await t.http.post(`${V1}/appeals/policy-themes/flag`).set('authorization', who.supervisor).send({ from: '2026-11-01', to: '2026-11-30', minFirms: 3 }).expect(201)).body;
    expect(flagged.length).toBeGreaterThanOrEqual(2);
    const again = (await t.http.post(`${V1}/appeals/policy-themes/flag`).set('authorization', who.supervisor).send({ from: '2026-11-01', to: '2026-11-30', minFirms: 3 }).expect(201)).body;
    expect(again).toEqual([]);
    const kjjFlags = (await t.http.get(`${V1}/appeals/policy-flags`).set('authorization', who.kjj).expect(200)).body;
    expect(kjjFlags.length).toBeGreaterThan(0);
    expect(kjjFlags.every((f: { department: { code: string } }) => f.department.code === 'kjj')).toBe(true);
    expect(kjjFlags.find((f: { terms: string[] }) => f.terms.includes('货车')).itemIds).toEqual([pub.body.items[0].id]);
    expect((await t.http.get(`${V1}/appeals/policy-flags`).set('authorization', who.jrj).expect(200)).body).toEqual([]);
    const kjjInbox = (await t.http.get(`${V1}/appeals/notices`).set('authorization', who.kjj).expect(200)).body;
    expect(kjjInbox.items.some((n: { kindLabel: string }) => n.kindLabel === '共性诉求提示')).toBe(true);
    await t.http.post(`${V1}/appeals/policy-flags/${kjjFlags[0].id}/acknowledge`).set('authorization', who.jrj).expect(404);
    await t.http.post(`${V1}/appeals/policy-flags/${kjjFlags[0].id}/acknowledge`).set('authorization', who.kjj).expect(204);

    // the public policy page (no login) shows the linked theme: counts only, no appeal, title or firm
    const page = (await t.http.get(`${V1}/public/policies/${pub.body.id}`).expect(200)).body;
    const theme = page.appealThemes.find((th: { terms: string[] }) => th.terms.includes('货车'));
    expect(theme).toEqual({ category: 'utilities', categoryLabel: '水电气暖要素保障', terms: theme.terms, firmCount: 3, itemIds: [pub.body.items[0].id] });
    expect(JSON.stringify(page.appealThemes)).not.toMatch(/园区货车通行受限|appealIds|enterprise/);
  });

  it('tells the firm once when the draft item its appeal is linked to is published', async () => {
    clock.set(at('2026-11-12 10:00'));
    const appeal = (await t.http.post(`${V1}/appeals`).set('authorization', firmA).send({ category: 'policy', title: '冷链物流缺少扶持政策', description: '冷链物流企业用电成本高，目前没有对应的扶持政策。' }).expect(201)).body;
    const draft = await t.http.post(`${V1}/policies`).set('authorization', kjjEditor).send(policy('P-COLD', '冷链物流用电补贴')).expect(201);
    const itemId = draft.body.items[0].id as string;
    const candidates = (await t.http.get(`${V1}/appeals/${appeal.id}/policy-candidates`).set('authorization', who.supervisor).expect(200)).body;
    expect(candidates).toContainEqual(expect.objectContaining({ itemId, itemName: '冷链物流用电补贴', statusLabel: '起草中', linked: false }));
    expect(candidates.map((c: { itemCode: string }) => c.itemCode)).not.toContain('P-FREIGHT-A');
    const link = await t.http.post(`${V1}/appeals/${appeal.id}/policy-links`).set('authorization', who.supervisor).send({ itemId }).expect(201);
    expect((await t.http.get(`${V1}/appeals/${appeal.id}/policy-candidates`).set('authorization', who.supervisor).expect(200)).body
      .find((c: { itemId: string }) => c.itemId === itemId).linked).toBe(true);
    expect(link.body).toMatchObject({ itemName: '冷链物流用电补贴', notifiedAt: null });
    expect((await t.http.post(`${V1}/appeals/${appeal.id}/policy-links`).set('authorization', who.supervisor).send({ itemId }).expect(409)).body.code).toBe('POLICY_LINK.ALREADY_EXISTS');
    const published = (await t.dataSource.query(`SELECT id FROM policy.items WHERE code = 'P-FREIGHT-A'`))[0].id;
    expect((await t.http.post(`${V1}/appeals/${appeal.id}/policy-links`).set('authorization', who.supervisor).send({ itemId: published }).expect(400)).body.code).toBe('APPEAL.POLICY_ITEM_INVALID');

    await t.http.post(`${V1}/items/${itemId}/submit`).set('authorization', kjjEditor).expect(200);
    await t.http.post(`${V1}/items/${itemId}/review`).set('authorization', who.kjj).send({ decision: 'approve' }).expect(200);
    await settle(t.app);
    const tl = (await t.http.get(`${V1}/appeals/${appeal.id}/timeline`).set('authorization', firmA).expect(200)).body;
    expect(tl.filter((n: { command: string }) => n.command === 'policy_published')).toHaveLength(1);
    expect(tl.at(-1).comment).toContain('冷链物流用电补贴');
    const inbox = (await t.http.get(`${V1}/appeals/notices`).set('authorization', firmA).expect(200)).body;
    expect(inbox.items.filter((n: { kindLabel: string }) => n.kindLabel === '政策发布')).toHaveLength(1);
    const links = (await t.http.get(`${V1}/appeals/${appeal.id}/policy-links`).set('authorization', firmA).expect(200)).body;
    expect(links[0].notifiedAt).not.toBeNull();
    // published, the policy's public page shows the appeal linked to its item as a theme (its category, one firm)
    expect((await t.http.get(`${V1}/public/policies/${draft.body.id}`).expect(200)).body.appealThemes)
      .toEqual([{ category: 'policy', categoryLabel: expect.any(String), terms: [], firmCount: 1, itemIds: [itemId] }]);
    // the notice also went out through the push channels' outbox (SMS and app message fakes)
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM appeal.notices WHERE appeal_id = $1 AND kind = 'policy_published' AND channel <> 'inbox'`, [appeal.id]);
    expect(n).toBe(2);
    const sent = await t.app.get(AppealNoticeService).sendPending();
    expect(sent.sent).toBeGreaterThanOrEqual(2);
    expect(sent.failed + sent.retried).toBe(0);
    const [{ pending }] = await t.dataSource.query(`SELECT count(*)::int AS pending FROM appeal.notices WHERE status IN ('pending','sending')`);
    expect(pending).toBe(0);
  });
});
