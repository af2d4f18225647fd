import type { APIRequestContext } from '@playwright/test';
import { choose, expect, signIn, test, token } from './fixtures';

const WAN = 10_000 * 100; // 1万元 in fen

/** A 免申即享 item only `firm1` qualifies for, published by the department (its pages have their own test). */
async function publishNoApplicationItem(api: APIRequestContext): Promise<{ itemId: string; itemName: string }> {
  const firm = { authorization: `Bearer ${await token(api, 'firm1')}` };
  const me = (await (await api.get('/api/v1/enterprises/me', { headers: firm })).json()) as { name: string };
  const n = Date.now().toString(36).toUpperCase();
  const itemName = `免申即享测试奖励${n}`;
  const editor = { authorization: `Bearer ${await token(api, 'kjj_editor')}` };
  const created = await api.post('/api/v1/policies', {
    headers: editor,
    data: {
      code: `E2E-MS-${n}`, title: `免申即享浏览器测试政策${n}`, level: 'municipal', category: 'subsidy', tags: [], fullText: '浏览器测试用政策全文。',
      effectiveFrom: '2026-01-01', effectiveTo: '2099-12-31',
      items: [{
        code: `E2E-MS-${n}-A`, name: itemName, rule: { all: [{ fact: 'name', operator: 'equal', value: me.name }] },
        formula: { kind: 'fixed', amount: 8 * WAN }, mode: 'no_application', materials: [], exclusionGroup: null, clause: null,
        fundPoolFen: 100 * WAN, contact: null, effectiveFrom: '2026-01-01', effectiveTo: '2099-12-31',
      }],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const itemId = ((await created.json()) as { items: Array<{ id: string }> }).items[0].id;
  expect((await api.post(`/api/v1/items/${itemId}/submit`, { headers: editor })).ok()).toBe(true);
  const reviewer = { authorization: `Bearer ${await token(api, 'kjj_reviewer')}` };
  expect((await api.post(`/api/v1/items/${itemId}/review`, { headers: reviewer, data: { decision: 'approve' } })).ok()).toBe(true);
  // matching and pre-qualification run in the background: wait for firm1's pre-qualified application
  await expect
    .poll(async () => {
      const q = (await (await api.get(`/api/v1/review/queue?state=pre_qualified&itemId=${itemId}&pageSize=10`, { headers: reviewer })).json()) as { total?: number };
      return q.total ?? 0;
    }, { timeout: 90_000 })
    .toBe(1);
  return { itemId, itemName };
}

/**
 * Issue 12 test 4 — 免申即享 end to end in the browser: the department batch-approves the
 * pre-qualified list and opens the 公示; (the 公示 period passes: the demo clock moves 8 days); the
 * firm confirms its account; the finance maker batches, the checker approves; the firm sees 已拨付 (paid).
 */
test('免申即享 end to end: batch approval → 公示 → the firm confirms → maker batches → checker approves → the firm sees 已拨付', async ({ page, api, browser, baseURL }) => {
  test.setTimeout(300_000);
  const { itemName } = await publishNoApplicationItem(api);

  // 1. the department reviewer approves the pre-qualified list and opens the 公示
  await signIn(page, 'kjj_reviewer', '/staff/dept/batches');
  await expect(page.getByRole('heading', { level: 1, name: '免申即享批量审核' })).toBeVisible();
  await choose(page, '兑现事项', itemName);
  await expect(page.getByText('共 1 家，合计 8万元')).toBeVisible();
  await page.getByRole('button', { name: '批量通过全部（符合金额区间）' }).click();
  await expect(page.getByText(/已批量通过 1 家，合计 8万元/)).toBeVisible();

  await page.goto('/staff/dept/disclosures');
  await expect(page.getByRole('heading', { level: 1, name: '公示与异议' })).toBeVisible();
  await choose(page, '公示事项', itemName);
  await page.getByRole('button', { name: '发起公示' }).click();
  await expect(page.getByRole('row').filter({ hasText: itemName }).first()).toBeVisible();
  // the public sees it on the 公示 list
  await page.goto('/disclosures');
  await expect(page.getByText(itemName).first()).toBeVisible();

  // 2. the 公示 period passes (demo clock), and the deadline job opens the confirmation period
  const admin = { authorization: `Bearer ${await token(api, 'admin')}` };
  expect((await api.post('/api/v1/demo/clock/advance', { headers: admin, data: { days: 8 } })).ok()).toBe(true);
  expect((await api.post('/api/v1/supervision/run', { headers: admin })).ok()).toBe(true);

  // 3. the firm is told to confirm, and confirms the account on file
  const firmContext = await browser.newContext({ baseURL });
  const firm = await firmContext.newPage();
  await signIn(firm, 'firm1', '/ent/applications');
  await firm.getByTestId('application').filter({ hasText: itemName }).getByRole('link').first().click();
  await expect(firm.getByRole('heading', { level: 1, name: itemName })).toBeVisible();
  await expect(firm.getByText('确认收款账户').first()).toBeVisible();
  await firm.getByRole('button', { name: '确认使用该账户' }).click();
  await expect(firm.getByText('待拨付').first()).toBeVisible();

  // 4. the finance maker batches what is ready (this item's instruction among it) and submits
  const makerContext = await browser.newContext({ baseURL });
  const maker = await makerContext.newPage();
  await signIn(maker, 'finance_maker', '/staff/finance/ready');
  await expect(maker.getByRole('row').filter({ hasText: itemName })).toBeVisible();
  await maker.getByRole('button', { name: '按当前筛选组批' }).click();
  const dialog = maker.getByRole('dialog');
  const title = `免申即享 E2E ${Date.now()}`;
  await dialog.getByLabel('批次标题').fill(title);
  await dialog.getByRole('button', { name: '生成并提交复核' }).click();
  await expect(maker).toHaveURL(/\/staff\/finance\/batches\/[0-9a-f-]{36}$/);
  await expect(maker.getByText('待复核', { exact: true })).toBeVisible();
  const batchPath = new URL(maker.url()).pathname;
  await makerContext.close();

  // 5. the checker approves; the simulated bank pays
  const checkerContext = await browser.newContext({ baseURL });
  const checker = await checkerContext.newPage();
  await signIn(checker, 'finance_checker', batchPath);
  await checker.getByRole('button', { name: '复核通过' }).click();
  await expect(checker.getByText(/^(复核通过|支付中|支付完成)$/).first()).toBeVisible();
  await checkerContext.close();

  // 6. the firm sees 已拨付 on its application (the bank's answer arrives in the background)
  const firmAuth = { authorization: `Bearer ${await token(api, 'firm1')}` };
  const applicationId = new URL(firm.url()).pathname.split('/').pop() as string;
  const makerAuth = { authorization: `Bearer ${await token(api, 'finance_maker')}` };
  await expect
    .poll(async () => {
      const a = (await (await api.get(`/api/v1/applications/${applicationId}`, { headers: firmAuth })).json()) as { state: string };
      const b = (await (await api.get(`/api/v1/payouts/batches/${batchPath.split('/').pop()}`, { headers: makerAuth })).json()) as { status: string };
      return `application ${a.state}, batch ${b.status}`;
    }, { timeout: 180_000, intervals: [2_000] })
    .toMatch(/^application paid/);
  await firm.reload();
  await expect(firm.getByText('已拨付').first()).toBeVisible();
  await expect(firm.getByTestId('timeline-current')).toContainText('已拨付');
  await firmContext.close();
});
