import { randomBytes } from 'node:crypto';
import { EventBus, Principal, toPrincipal, UsersService } from '@app/core';
import { ENTERPRISE_MIGRATIONS } from '@app/enterprises';
import {
  ElasticsearchPolicySearch,
  MatchingService,
  POLICY_MIGRATIONS,
  PoliciesModule,
  PoliciesService,
  PolicySearchRequest,
  PolicySearchService,
  SearchIndexer,
} from '@app/policies';
import { PolicySearch1732000003000, PolicySearchRegions1732000014000, ElasticsearchEmulator } from '@app/policies/testing';
import { settle } from '../support/settle';
import { createTestApp, TEST_PASSWORD, TestApp } from '../support/test-app';

const WAN = 1_000_000;

/** An item of a policy; everything but name, mode and dates is filler the search does not read. */
const item = (code: string, name: string, mode: string, effectiveFrom = '2026-01-01', effectiveTo: string | null = '2099-12-31', only?: Record<string, unknown>) => ({
  code, name, mode, effectiveFrom, effectiveTo,
  rule: { all: [{ fact: 'revenue', operator: 'greaterThanInclusive', value: 100 * WAN }, ...(only ? [only] : [])] },
  formula: { kind: 'fixed', amount: 10 * WAN },
  applyFrom: null, applyTo: null, materials: ['申请表'], exclusionGroup: null, clause: null, fundPoolFen: 1000 * WAN, contact: null,
});

const policy = (code: string, title: string, tags: string[], fullText: string, items: ReturnType<typeof item>[], extra: Record<string, unknown> = {}) => ({
  code, title, docNumber: `郑政〔2026〕${code.length}号`, level: 'municipal', category: 'subsidy', tags, sourceUrl: null, fullText,
  publishDate: '2026-01-01', effectiveFrom: '2024-01-01', effectiveTo: '2099-12-31', isDemo: false, items, ...extra,
}) as unknown as Parameters<PoliciesService['createPolicy']>[1];

describe('policy search (PostgreSQL full-text, and the Elasticsearch adapter on the same documents)', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  const who: Record<string, Principal> = {};

  const get = (query: Record<string, string | number>) => t.http.get('/api/v1/search/policies').query(query);
  const names = async (query: Record<string, string | number>) => {
    const res = await get(query).expect(200);
    return (res.body.items as Array<{ itemName: string }>).map((i) => i.itemName);
  };

  beforeAll(async () => {
    t = await createTestApp({ imports: [PoliciesModule], migrations: [...ENTERPRISE_MIGRATIONS, ...POLICY_MIGRATIONS] });
    t.app.get(MatchingService).startWorkers(); // publications are planned for matching on this queue
    for (const [dept, role] of [['kjj', 'dept_editor'], ['kjj', 'dept_reviewer'], ['swj', 'dept_editor'], ['swj', 'dept_reviewer'], ['rsj', 'dept_editor'], ['rsj', 'dept_reviewer']] as const) {
      const username = `${dept}_${role}`;
      await t.createUser({ username, displayName: username, role, departmentCode: dept });
      who[username] = toPrincipal((await t.app.get(UsersService).checkPassword(username, TEST_PASSWORD))!);
    }
    const policies = t.app.get(PoliciesService);
    const create = async (dept: string, doc: ReturnType<typeof policy>) => {
      const view = await policies.createPolicy(who[`${dept}_dept_editor`], doc);
      for (const it of view.items) ids[it.code] = it.id;
    };
    const publish = async (dept: string, code: string) => {
      await policies.submit(who[`${dept}_dept_editor`], ids[code]);
      await policies.review(who[`${dept}_dept_reviewer`], ids[code], 'approve', null);
    };

    await create('kjj', policy('KJ-1', '郑州市支持企业研发投入若干措施', ['研发', '科技创新'], '对高新技术企业研发费用给予补助，最高50万元。研发平台经认定的，给予一次性奖励。', [
      item('KJ-RD', '研发费用补助', 'application'),
      item('KJ-PLAT', '研发平台认定', 'no_application'),
    ]));
    await create('swj', policy('SW-1', '郑州市促进外贸稳定增长若干措施', ['外贸'], '鼓励外贸企业加大研发投入，对符合条件的给予补助。对进出口信用保险保费给予补贴。', [
      item('SW-INS', '进出口信用保险保费补贴', 'instant'),
      item('SW-FAIR', '境外展会摊位费资助', 'application', undefined, undefined, { fact: 'districtCode', operator: 'in', value: ['410105', '410173'] }),
    ], { category: 'subsidy', level: 'provincial' }));
    await create('rsj', policy('RS-1', '郑州市人才引进办法', ['人才'], '对新引进的高层次人才给予安家补助。', [
      item('RS-HOME', '高层次人才安家补助', 'commitment', '2024-01-01', '2025-12-31'),
    ], { category: 'service' }));
    await create('kjj', policy('KJ-2', '郑州市研发费用后补助试点办法', ['研发'], '试点企业研发费用后补助。', [
      item('KJ-TRIAL', '研发费用后补助（试点）', 'application'),
      item('KJ-DRAFT', '研发草稿事项补助', 'application'),
    ]));
    for (const [dept, code] of [['kjj', 'KJ-RD'], ['kjj', 'KJ-PLAT'], ['swj', 'SW-INS'], ['swj', 'SW-FAIR'], ['rsj', 'RS-HOME'], ['kjj', 'KJ-TRIAL']] as const) {
      await publish(dept, code);
    }
    // KJ-DRAFT stays a draft: never searchable.
    t.app.get(EventBus).consume();
    await settle(t.app);
    await policies.withdraw(who.kjj_dept_reviewer, ids['KJ-TRIAL'], '试点结束');
    await settle(t.app);
  });
  afterAll(async () => t?.close());

  it('publishing and withdrawing keep the index current through events', async () => {
    const rows: Array<{ item_id: string; status: string }> = await t.dataSource.query(`SELECT item_id, status FROM policy.search_documents ORDER BY item_id`);
    const byId = new Map(rows.map((r) => [r.item_id, r.status]));
    expect(rows).toHaveLength(6);
    expect(byId.get(ids['KJ-RD'])).toBe('published');
    expect(byId.get(ids['KJ-TRIAL'])).toBe('withdrawn');
    expect(byId.has(ids['KJ-DRAFT'])).toBe(false);
  });

  it("'研发 补贴' finds 研发费用补助 first; body-only hits rank below title hits", async () => {
    const res = await get({ q: '研发 补贴' }).expect(200);
    const found = res.body.items.map((i: { itemName: string }) => i.itemName);
    expect(found[0]).toBe('研发费用补助');
    // 外贸 policy mentions 研发 and 补助 only in its text: found, but after every title hit
    expect(found).toEqual(expect.arrayContaining(['研发费用补助', '进出口信用保险保费补贴']));
    expect(found.indexOf('研发费用补助')).toBeLessThan(found.indexOf('境外展会摊位费资助'));
    expect(found).not.toContain('研发费用后补助（试点）'); // withdrawn
    expect(found).not.toContain('研发草稿事项补助'); // never published
    expect(res.body).toMatchObject({ page: 1, pageSize: 20, total: found.length });
    const top = res.body.items[0];
    expect(top).toMatchObject({ itemCode: 'KJ-RD', policyTitle: '郑州市支持企业研发投入若干措施', department: 'kjj', mode: 'application', status: 'published' });
    expect(top.highlight.itemName).toBe('<em>研发</em>费用<em>补助</em>');
    expect(top.highlight.policyTitle).toContain('<em>研发</em>');
    expect(top.highlight.snippet).toContain('<em>研发</em>费用给予<em>补助</em>');
  });

  it('one- and two-character queries return results; synonyms apply', async () => {
    expect((await names({ q: '研' })).length).toBeGreaterThan(0);
    expect(await names({ q: '研' })).toContain('研发费用补助');
    // the 外贸 policy's text mentions 保费 too: its other item is found, after the one named so
    expect(await names({ q: '保费' })).toEqual(['进出口信用保险保费补贴', '境外展会摊位费资助']);
    // the word as typed ranks above its synonyms
    expect((await names({ q: '补贴', department: 'swj' }))[0]).toBe('进出口信用保险保费补贴');
    expect((await names({ q: '资助', department: 'swj' }))[0]).toBe('境外展会摊位费资助');
    expect(await names({ q: '外贸' })).toEqual(expect.arrayContaining(['进出口信用保险保费补贴', '境外展会摊位费资助']));
    expect(await names({ q: '资助' })).toEqual(expect.arrayContaining(['研发费用补助', '境外展会摊位费资助', '进出口信用保险保费补贴']));
  });

  it('filters by department, level, category, mode, status and date in effect', async () => {
    expect(await names({ q: '补贴', department: 'swj' })).toEqual(expect.arrayContaining(['进出口信用保险保费补贴', '境外展会摊位费资助']));
    expect((await names({ q: '补贴', department: 'swj' })).length).toBe(2);
    expect(await names({ q: '补贴', level: 'provincial', mode: 'instant' })).toEqual(['进出口信用保险保费补贴']);
    expect(await names({ q: '补助', category: 'service' })).toEqual(['高层次人才安家补助']);
    expect(await names({ mode: 'no_application' })).toEqual(['研发平台认定']);
    expect(await names({ q: '补助', onDate: '2025-06-30' })).toContain('高层次人才安家补助');
    const in2026 = await names({ q: '补助', onDate: '2026-06-30' });
    expect(in2026).not.toContain('高层次人才安家补助');
    expect(in2026).toContain('研发费用补助');
    expect(await names({ q: '研发', status: 'withdrawn' })).toEqual(['研发费用后补助（试点）']);
    expect(await names({ status: 'withdrawn' })).toEqual(['研发费用后补助（试点）']);
    // 适用区域: an item whose rule limits districtCode is listed only for those districts; the rest for all
    expect(await names({ q: '补贴', department: 'swj', district: '410172' })).toEqual(['进出口信用保险保费补贴']);
    expect((await names({ q: '补贴', department: 'swj', district: '410173' })).sort()).toEqual(['境外展会摊位费资助', '进出口信用保险保费补贴']);
    expect((await names({ district: '410105' })).length).toBe(5);
    expect((await get({ district: '4101' }).expect(400)).body.code).toBe('VALIDATION.FAILED');
  });

  it('paginates with a stable order', async () => {
    const all = await names({ q: '补贴', pageSize: 50 });
    const pages: string[] = [];
    for (let page = 1; page <= all.length + 1; page++) pages.push(...(await names({ q: '补贴', page, pageSize: 1 })));
    expect(pages).toEqual(all);
    const past = await get({ q: '补贴', page: 99, pageSize: 1 }).expect(200);
    expect(past.body).toMatchObject({ items: [], total: all.length, page: 99 });
  });

  it('hostile or odd query text never errors', async () => {
    for (const q of [`a & | ! ( ' :*`, `'`, `''`, `\\`, `研发' | '补贴`, `:*`, `!!研发`, `(((`, `<->`, `研发 <-> 补贴`, `%_`, `'; DROP TABLE policy.policies; --`, '😀', 'ＡＢＣ', '补贴:*A']) {
      const res = await get({ q });
      expect({ q, status: res.status }).toEqual({ q, status: 200 });
    }
    // NUL cannot reach the database: refused before the route (VALIDATION.NUL_CHARACTER).
    expect((await get({ q: '研发\u0000' }).expect(400)).body.code).toBe('VALIDATION.NUL_CHARACTER');
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM policy.policies`);
    expect(n).toBe(4);
  });

  it('coded errors for a missing or too long query and bad parameters', async () => {
    expect((await get({}).expect(400)).body.code).toBe('SEARCH.INVALID_QUERY');
    expect((await get({ q: '  ' }).expect(400)).body.code).toBe('SEARCH.INVALID_QUERY');
    expect((await get({ q: '研'.repeat(101) }).expect(400)).body).toMatchObject({ code: 'SEARCH.INVALID_QUERY', details: { reason: 'too_long' } });
    expect((await get({ q: '研发', onDate: '2026-02-30' }).expect(400)).body.code).toBe('SEARCH.INVALID_DATE');
    expect((await get({ q: '研发', page: 100, pageSize: 200 }).expect(400)).body.code).toBe('SEARCH.INVALID_PAGE');
    expect((await get({ q: '研发', mode: 'whatever' }).expect(400)).body.code).toBe('VALIDATION.FAILED');
    expect((await get({ q: '研发', onDate: 'yesterday' }).expect(400)).body.code).toBe('VALIDATION.FAILED');
  });

  it('reindexAll rebuilds the same index', async () => {
    const before = await names({ q: '补贴', pageSize: 50 });
    await t.dataSource.query(`DELETE FROM policy.search_documents`);
    expect(await names({ q: '补贴' })).toEqual([]);
    expect(await t.app.get(SearchIndexer).reindexAll(2)).toBe(6);
    expect(await names({ q: '补贴', pageSize: 50 })).toEqual(before);
  });

  it('the migration reverses and re-applies cleanly', async () => {
    const runner = t.dataSource.createQueryRunner();
    try {
      await new PolicySearchRegions1732000014000().down(runner);
      await new PolicySearch1732000003000().down(runner);
      // through the runner: on PGlite it holds the one connection
      expect(await runner.query(`SELECT to_regclass('policy.search_documents') AS r`)).toEqual([{ r: null }]);
      await new PolicySearch1732000003000().up(runner);
      await new PolicySearchRegions1732000014000().up(runner);
    } finally {
      await runner.release();
    }
    expect(await t.app.get(SearchIndexer).reindexAll()).toBe(6);
    expect((await names({ q: '研发 补贴' }))[0]).toBe('研发费用补助');
  });

  it('the Elasticsearch adapter (mocked transport) answers the same queries alike', async () => {
    const emulator = new ElasticsearchEmulator();
    const es = new ElasticsearchPolicySearch(emulator.client, `policy_items_${randomBytes(3).toString('hex')}`);
    const indexer = t.app.get(SearchIndexer);
    await es.index(await indexer.loadDocuments(Object.values(ids)), { refresh: true });
    const onEs = new PolicySearchService(es);
    const onPg = t.app.get(PolicySearchService);
    const requests: PolicySearchRequest[] = [
      { q: '研发 补贴' }, { q: '研' }, { q: '外贸' }, { q: '补贴', department: 'swj' }, { q: '补助', onDate: '2026-06-30' },
      { q: '补助', onDate: '2025-06-30' }, { mode: 'no_application' }, { status: 'withdrawn' }, { q: `a & | ! ( ' :*` },
      { q: '补贴', department: 'swj', district: '410172' }, { q: '补贴', department: 'swj', district: '410173' }, { district: '410173' },
    ];
    for (const req of requests) {
      const [pg, el] = [await onPg.search(req), await onEs.search(req)];
      const set = (p: typeof pg) => p.items.map((i) => i.itemCode).sort();
      expect({ req, total: el.total, items: set(el) }).toEqual({ req, total: pg.total, items: set(pg) });
      if (pg.items.length) expect({ req, first: el.items[0].itemCode }).toEqual({ req, first: pg.items[0].itemCode });
      expect(el.items.map((i) => i.highlight)).toEqual(expect.arrayContaining(pg.items.slice(0, 1).map((i) => i.highlight)));
    }
  });
});
