import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get, INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { configureHttpApp, ConfigModule, ConsoleStaticModule, loadConfig, Principal, Public, toPrincipal, UsersService } from '@app/core';
import { ENTERPRISE_MIGRATIONS } from '@app/enterprises';
import { POLICY_MIGRATIONS, PoliciesModule, PoliciesService } from '@app/policies';
import { createTestApp, TEST_PASSWORD, TestApp } from '../support/test-app';

const WAN = 1_000_000;

const item = (code: string, name: string, rule: Record<string, unknown>, formula: Record<string, unknown>) => ({
  code, name, mode: 'application', effectiveFrom: '2026-01-01', effectiveTo: '2099-12-31', rule, formula,
  applyFrom: '2026-09-01', applyTo: '2026-12-31', materials: ['申请表'], exclusionGroup: null, clause: '第三条', fundPoolFen: 1000 * WAN,
  contact: '市科技局 0371-00000000',
});

const policy = (code: string, title: string, items: ReturnType<typeof item>[]) => ({
  code, title, docNumber: '郑科〔2026〕1号', level: 'municipal', category: 'subsidy', tags: ['研发'], sourceUrl: null,
  fullText: '第三条 对研发费用达到100万元的企业给予补助。', publishDate: '2026-01-01', effectiveFrom: '2026-01-01', effectiveTo: '2099-12-31',
  isDemo: false, items,
}) as unknown as Parameters<PoliciesService['createPolicy']>[1];

describe('public portal API: published policies without login, and the console served at /', () => {
  let t: TestApp;
  let consoleDir: string;
  let web: INestApplication | undefined;
  const ids: Record<string, string> = {};
  const policyIds: Record<string, string> = {};

  beforeAll(async () => {
    consoleDir = mkdtempSync(join(tmpdir(), 'console-'));
    mkdirSync(join(consoleDir, 'assets'));
    writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>亲清在线控制台</title><div id="root"></div>');
    writeFileSync(join(consoleDir, 'assets', 'app-abc123.js'), 'console.log(1)');
    t = await createTestApp({ imports: [PoliciesModule], migrations: [...ENTERPRISE_MIGRATIONS, ...POLICY_MIGRATIONS] });
    const users = t.app.get(UsersService);
    const who: Record<string, Principal> = {};
    for (const role of ['dept_editor', 'dept_reviewer'] as const) {
      await t.createUser({ username: `kjj_${role}`, displayName: role, role, departmentCode: 'kjj' });
      who[role] = toPrincipal((await users.checkPassword(`kjj_${role}`, TEST_PASSWORD))!);
    }
    await users.ensureDepartment('kjj', '市科技局');
    const policies = t.app.get(PoliciesService);
    const rd = item('RD', '研发费用后补助',
      { all: [{ fact: 'rdExpense', operator: 'greaterThanInclusive', value: 100 * WAN }, { any: [{ fact: 'districtCode', operator: 'inRegion', value: '410172' }, { fact: 'employees', operator: 'greaterThan', value: 50 }] }] },
      { kind: 'rate', fact: 'rdExpense', rate: '0.1', max: 500 * WAN });
    const draft = item('RD-DRAFT', '未发布的草稿事项', { fact: 'employees', operator: 'greaterThan', value: 10 }, { kind: 'fixed', amount: 10 * WAN });
    const onlyDraft = item('HIDDEN', '仅有草稿的事项', { fact: 'employees', operator: 'greaterThan', value: 10 }, { kind: 'fixed', amount: 10 * WAN });
    const reading = { interpretation: '本办法对研发费用达到100万元的企业按10%给予补助。', faq: [{ question: '研发费用以什么为准？', answer: '以税务部门确认的加计扣除数额为准。' }] };
    for (const [code, title, items, extra] of [['P1', '研发补助办法', [rd, draft], reading], ['P2', '尚未发布的办法', [onlyDraft], {}]] as const) {
      const view = await policies.createPolicy(who.dept_editor, { ...policy(code, title, [...items]), ...extra });
      policyIds[code] = view.id;
      for (const it of view.items) ids[it.code] = it.id;
    }
    await policies.submit(who.dept_editor, ids.RD);
    await policies.review(who.dept_reviewer, ids.RD, 'approve', null);
  });

  afterAll(async () => {
    await t?.close();
    await web?.close();
    rmSync(consoleDir, { recursive: true, force: true });
  });

  it('shows a published policy to anyone: its published items only, conditions in plain Chinese, the formula, the department by name', async () => {
    const res = await t.http.get(`/api/v1/public/policies/${policyIds.P1}`).expect(200);
    expect(res.body).toMatchObject({ title: '研发补助办法', departmentName: '市科技局', levelLabel: '市', categoryLabel: '奖补', fullText: expect.stringContaining('第三条') });
    expect(res.body).toMatchObject({ interpretation: expect.stringContaining('按10%给予补助'), faq: [{ question: '研发费用以什么为准？', answer: '以税务部门确认的加计扣除数额为准。' }] });
    expect(res.body.items).toHaveLength(1);
    const [it] = res.body.items;
    expect(it).toMatchObject({ name: '研发费用后补助', modeLabel: '申请制', formulaText: '按研发费用的 10% 计算，最高不超过 500万元', applyTo: '2026-12-31' });
    expect(it.conditions.map((c: { text: string }) => c.text)).toEqual([
      '研发费用 要求不低于 100万元', '满足以下任一条件', '所在区域 要求位于 高新区（410172）', '从业人数 要求高于 50人',
    ]);
    // nothing internal: budgets, people, review notes
    expect(Object.keys(it).sort()).not.toEqual(expect.arrayContaining(['fundPoolFen']));
    expect(JSON.stringify(res.body)).not.toMatch(/fundPool|createdBy|reviewedBy|reviewComment|未发布的草稿事项/);
  });

  it('finds the policy by an item, and treats unpublished policies and items as not existing (coded 404)', async () => {
    const byItem = await t.http.get(`/api/v1/public/items/${ids.RD}/policy`).expect(200);
    expect(byItem.body.id).toBe(policyIds.P1);
    const hidden = await t.http.get(`/api/v1/public/policies/${policyIds.P2}`).expect(404);
    expect(hidden.body.code).toBe('POLICY.NOT_FOUND');
    expect((await t.http.get(`/api/v1/public/items/${ids['RD-DRAFT']}/policy`).expect(404)).body.code).toBe('ITEM.NOT_FOUND');
    expect((await t.http.get('/api/v1/public/policies/not-a-uuid').expect(404)).body.code).toBe('POLICY.NOT_FOUND');
  });

  it('publishes the catalogue the public forms pick from', async () => {
    const res = await t.http.get('/api/v1/public/catalogue').expect(200);
    expect(res.body.departments).toContainEqual({ code: 'kjj', name: '市科技局' });
    expect(res.body.districts).toContainEqual({ code: '410172', name: '高新区' });
    expect(res.body.modes).toContainEqual({ value: 'no_application', label: '免申即享' });
  });

  it('serves the console at / and for deep links, its assets with long caching, and never shadows the API', async () => {
    // The platform's way: NestFactory (a testing module compiles before the HTTP adapter exists,
    // which leaves serve-static a no-op), the config naming the build directory.
    @Controller('facts')
    class FactsProbe {
      @Public() @Get() list() { return [{ key: 'revenue' }]; }
    }
    @Module({ imports: [ConfigModule.forRoot(loadConfig({ NODE_ENV: 'test', CONSOLE_DIR: consoleDir })), ConsoleStaticModule.forRoot()], controllers: [FactsProbe] })
    class WebModule {}
    web = configureHttpApp(await NestFactory.create(WebModule, { logger: ['error'], abortOnError: false }), { title: 'web' });
    await web.init();
    const http = request(web.getHttpServer());
    const home = await http.get('/').expect(200);
    expect(home.text).toContain('亲清在线控制台');
    const deep = await http.get('/policies/123?tab=items').expect(200);
    expect(deep.text).toContain('<div id="root">');
    expect(deep.headers['cache-control']).toBe('no-cache');
    const asset = await http.get('/assets/app-abc123.js').expect(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    const missingApi = await http.get('/api/v1/no-such-route').expect(404);
    expect(missingApi.body.code).toBe('HTTP.NOT_FOUND');
    expect((await http.get('/api/v1/facts').expect(200)).body).toEqual([{ key: 'revenue' }]);
  });
});
