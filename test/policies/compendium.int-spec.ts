import ExcelJS from 'exceljs';
import { Principal, toPrincipal, UsersService } from '@app/core';
import { ENTERPRISE_MIGRATIONS } from '@app/enterprises';
import { POLICY_MIGRATIONS, PoliciesModule, PoliciesService } from '@app/policies';
import { createTestApp, TEST_PASSWORD, TestApp } from '../support/test-app';

const WAN = 1_000_000;

const item = (code: string, name: string) => ({
  code, name, mode: 'application', effectiveFrom: '2026-01-01', effectiveTo: '2099-12-31',
  rule: { fact: 'rdExpense', operator: 'greaterThanInclusive', value: 100 * WAN }, formula: { kind: 'rate', fact: 'rdExpense', rate: '0.1', max: 500 * WAN },
  applyFrom: '2026-09-01', applyTo: '2026-12-31', materials: ['申请表'], exclusionGroup: null, clause: '第三条', fundPoolFen: 1000 * WAN, contact: '0371-00000000',
});

const policy = (code: string, title: string, category: string, tags: string[], items: ReturnType<typeof item>[]) => ({
  code, title, docNumber: `郑科〔2026〕${code}号`, level: 'municipal', category, tags, sourceUrl: null,
  fullText: `${title} 第三条 对研发费用达到100万元的企业给予补助。<script>alert(1)</script>`, publishDate: '2026-01-01', effectiveFrom: '2026-01-01', effectiveTo: '2099-12-31',
  isDemo: false, interpretation: `${title}的解读`, faq: [{ question: '以什么为准？', answer: '以税务数据为准。' }], items,
}) as unknown as Parameters<PoliciesService['createPolicy']>[1];

describe('政策汇编: published policies of a department or a theme, as printable HTML and XLSX, without login', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ imports: [PoliciesModule], migrations: [...ENTERPRISE_MIGRATIONS, ...POLICY_MIGRATIONS] });
    const users = t.app.get(UsersService);
    const policies = t.app.get(PoliciesService);
    const publish = async (dept: string, code: string, title: string, category: string, tags: string[], withDraft = false) => {
      const who: Record<string, Principal> = {};
      for (const role of ['dept_editor', 'dept_reviewer'] as const) {
        const username = `${dept}_${role}`;
        if (!(await users.checkPassword(username, TEST_PASSWORD))) await t.createUser({ username, displayName: role, role, departmentCode: dept });
        who[role] = toPrincipal((await users.checkPassword(username, TEST_PASSWORD))!);
      }
      const items = [item(`${code}-A`, `${title}事项`), ...(withDraft ? [item(`${code}-D`, `${title}草稿事项`)] : [])];
      const view = await policies.createPolicy(who.dept_editor, policy(code, title, category, tags, items));
      const published = view.items.find((i) => i.code === `${code}-A`)!;
      await policies.submit(who.dept_editor, published.id);
      await policies.review(who.dept_reviewer, published.id, 'approve', null);
    };
    await publish('kjj', 'K1', '研发费用补助办法', 'subsidy', ['研发'], true);
    await publish('kjj', 'K2', '科技型企业认定办法', 'qualification', ['科技']);
    await publish('gxj', 'G1', '专精特新奖励办法', 'subsidy', ['专精特新']);
    // a policy with nothing published never appears
    const editor = toPrincipal((await users.checkPassword('gxj_dept_editor', TEST_PASSWORD))!);
    await users.ensureDepartment('kjj', '市科技局'); // after the users (creating one names its department)
    await users.ensureDepartment('gxj', '市工信局');
    await policies.createPolicy(editor, policy('G2', '尚未发布的办法', 'subsidy', ['研发'], [item('G2-A', '未发布事项')]));
  });

  afterAll(async () => {
    await t?.close();
  });

  it('prints a department\'s published policies: table of contents, 解读 and 问答, each item\'s conditions and 支持标准, the original text — escaped', async () => {
    const res = await t.http.get('/api/v1/public/compendium?department=kjj').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    const html = res.text;
    expect(html).toContain('<title>市科技局惠企政策汇编</title>');
    expect(html).toContain('共 2 项政策');
    for (const text of ['研发费用补助办法', '科技型企业认定办法', '研发费用补助办法的解读', '问：以什么为准？', '研发费用 要求不低于 100万元', '按研发费用的 10% 计算，最高不超过 500万元', '2026-09-01 至 2026-12-31']) {
      expect(html).toContain(text);
    }
    expect(html).not.toMatch(/专精特新奖励办法|尚未发布的办法|草稿事项|fundPool/);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });

  it('takes a theme: a policy category or a tag, across departments', async () => {
    const byCategory = (await t.http.get('/api/v1/public/compendium?theme=subsidy').expect(200)).text;
    expect(byCategory).toContain('<title>奖补类惠企政策汇编</title>');
    expect(byCategory).toContain('研发费用补助办法');
    expect(byCategory).toContain('专精特新奖励办法');
    expect(byCategory).not.toContain('科技型企业认定办法');
    const byTag = (await t.http.get(`/api/v1/public/compendium?theme=${encodeURIComponent('研发')}&department=kjj`).expect(200)).text;
    expect(byTag).toContain('共 1 项政策');
    expect(byTag).toContain('研发费用补助办法');
    const none = (await t.http.get(`/api/v1/public/compendium?theme=${encodeURIComponent('没有这个主题')}`).expect(200)).text;
    expect(none).toContain('没有符合条件的已发布政策');
  });

  it('exports the same as XLSX: one row per published item, and a sheet of the policies with their 解读', async () => {
    const res = await t.http.get('/api/v1/public/compendium?department=kjj&format=xlsx').buffer(true)
      .parse((r, done) => { const chunks: Buffer[] = []; r.on('data', (c: Buffer) => chunks.push(c)); r.on('end', () => done(null, Buffer.concat(chunks))); })
      .expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(decodeURIComponent(res.headers['content-disposition'])).toContain('市科技局惠企政策汇编.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const items = wb.getWorksheet('兑现事项')!;
    const rows = items.getSheetValues().slice(2).map((r) => (r as ExcelJS.CellValue[]).slice(1));
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r[4]).sort()).toEqual(['研发费用补助办法事项', '科技型企业认定办法事项'].sort());
    expect(rows[0][6]).toBe('研发费用 要求不低于 100万元');
    const policies = wb.getWorksheet('政策')!;
    expect(policies.getSheetValues().slice(2).map((r) => (r as ExcelJS.CellValue[])[8]).sort()).toEqual(['研发费用补助办法的解读', '科技型企业认定办法的解读'].sort());
  });

  it('refuses an unknown department or format with a coded error', async () => {
    const dept = await t.http.get('/api/v1/public/compendium?department=nope').expect(400);
    expect(dept.body).toMatchObject({ code: 'COMPENDIUM.UNKNOWN_DEPARTMENT', message: '部门不存在' });
    const format = await t.http.get('/api/v1/public/compendium?format=pdf').expect(400);
    expect(format.body).toMatchObject({ code: 'COMPENDIUM.INVALID_FORMAT' });
  });
});
