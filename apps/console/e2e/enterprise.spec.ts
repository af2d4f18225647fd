import type { APIRequestContext } from '@playwright/test';
import { expect, signIn, test, token } from './fixtures';

const WAN = 10_000 * 100; // 1万元 in fen

/**
 * A department publishes an item only the demo firm `firm1` qualifies for (its own name), with one
 * condition it meets and one it does not (an `any` group), needing one material — the way the
 * department pages would: the editor creates and submits, the reviewer publishes.
 */
async function publishItemForFirm1(api: APIRequestContext): Promise<{ itemId: string; itemName: string }> {
  const firm = { authorization: `Bearer ${await token(api, 'firm1')}` };
  const me = (await (await api.get('/api/v1/enterprises/me', { headers: firm })).json()) as { name: string };
  const n = Date.now().toString(36).toUpperCase();
  const itemName = `企业端测试奖励${n}`;
  const editor = { authorization: `Bearer ${await token(api, 'kjj_editor')}` };
  const created = await api.post('/api/v1/policies', {
    headers: editor,
    data: {
      code: `E2E-ENT-${n}`, title: `企业端浏览器测试政策${n}`, docNumber: null, level: 'municipal', category: 'subsidy', tags: [], fullText: '浏览器测试用政策全文。',
      effectiveFrom: '2026-01-01', effectiveTo: '2099-12-31',
      items: [{
        code: `E2E-ENT-${n}-A`, name: itemName,
        rule: { any: [{ fact: 'name', operator: 'equal', value: me.name }, { fact: 'name', operator: 'equal', value: `${me.name}（分公司）` }] },
        formula: { kind: 'fixed', amount: 5 * WAN }, mode: 'application', applyFrom: '2026-01-01', applyTo: '2099-12-31', materials: ['营业执照'],
        exclusionGroup: null, clause: null, fundPoolFen: 100 * WAN, contact: null, effectiveFrom: '2026-01-01', effectiveTo: '2099-12-31',
      }],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const itemId = ((await created.json()) as { items: Array<{ id: string }> }).items[0].id;
  expect((await api.post(`/api/v1/items/${itemId}/submit`, { headers: editor })).ok()).toBe(true);
  const reviewer = { authorization: `Bearer ${await token(api, 'kjj_reviewer')}` };
  const published = await api.post(`/api/v1/items/${itemId}/review`, { headers: reviewer, data: { decision: 'approve' } });
  expect(published.ok(), await published.text()).toBe(true);
  // matching and the push run in the background: wait until the firm's inbox has the item
  await expect
    .poll(async () => {
      const inbox = (await (await api.get('/api/v1/me/inbox?page=1&pageSize=50', { headers: firm })).json()) as { items: Array<{ itemId: string | null }> };
      return inbox.items.some((e) => e.itemId === itemId);
    }, { timeout: 90_000 })
    .toBe(true);
  return { itemId, itemName };
}

test('enterprise: a newly published item in the inbox, its conditions ✔/✘, apply with a material, commit, submit, timeline', async ({ page, api }) => {
  test.setTimeout(180_000);
  const { itemId, itemName } = await publishItemForFirm1(api);

  await signIn(page, 'firm1', '/ent');
  await expect(page).toHaveURL(/\/ent$/);
  await expect(page.getByRole('heading', { level: 1, name: '首页' })).toBeVisible();
  const entry = page.getByTestId('inbox-entry').filter({ hasText: itemName });
  await expect(entry).toBeVisible();
  await expect(entry.getByText('政策推送')).toBeVisible();
  await entry.getByRole('link', { name: itemName }).click();

  await expect(page).toHaveURL(new RegExp(`/ent/policies/${itemId}$`));
  await expect(page.getByRole('heading', { level: 1, name: itemName })).toBeVisible();
  await expect(page.getByText('符合条件', { exact: true })).toBeVisible();
  await expect(page.getByText('申报条件（满足 1 / 2 项）')).toBeVisible();
  await expect(page.getByTestId('condition').getByLabel('满足', { exact: true })).toHaveCount(1);
  await expect(page.getByTestId('condition').getByLabel('不满足', { exact: true })).toHaveCount(1);
  await expect(page.getByTestId('condition').first().getByText(/^本企业：/)).toBeVisible();
  await expect(page.getByText('5万元').first()).toBeVisible();

  await page.getByRole('button', { name: '申请', exact: true }).click();
  await expect(page).toHaveURL(/\/ent\/applications\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: itemName })).toBeVisible();
  await expect(page.getByText('草稿').first()).toBeVisible();

  // 1. the material the item asks for (the name is proposed), a small PDF
  await page.locator('input[type=file]').setInputFiles({ name: '营业执照.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% 测试\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n') });
  await page.getByRole('button', { name: '上传材料' }).click();
  await expect(page.getByText('营业执照.pdf', { exact: false }).first()).toBeVisible();
  await expect(page.getByText('✔ 营业执照')).toBeVisible();
  // 2. the credit commitment
  await page.getByRole('checkbox', { name: '本企业已阅读并同意以上信用承诺' }).check();
  await page.getByRole('button', { name: '签署信用承诺' }).click();
  await expect(page.getByText('✔ 已签署信用承诺书')).toBeVisible();
  // 3. submit: the timeline shows it as the current node
  await page.getByRole('button', { name: '提交申请' }).click();
  const current = page.getByTestId('timeline-current');
  await expect(current).toContainText('提交申请');
  await expect(current).toContainText('已提交');
  await expect(current).toContainText('当前环节');
  await expect(page.getByTestId('timeline-node').filter({ hasText: '上传材料' })).toBeVisible();

  await page.goto('/ent/applications');
  await expect(page.getByTestId('application').filter({ hasText: itemName }).getByText('已提交')).toBeVisible();
});

test.describe('at 375 px', () => {
  test.use({ viewport: { width: 375, height: 740 } });

  test('enterprise pages fit a phone: menu in a drawer, lists without horizontal scrolling', async ({ page }) => {
    await signIn(page, 'firm1', '/ent');
    await expect(page.getByRole('heading', { level: 1, name: '首页' })).toBeVisible();
    await page.getByRole('button', { name: '打开菜单' }).click();
    await page.getByRole('dialog').getByRole('link', { name: '我的政策' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '我的政策' })).toBeVisible();
    await expect(page.getByText(/可享受 \d+ 项/)).toBeVisible();
    for (const path of ['/ent/policies', '/ent/applications', '/ent/profile', '/ent']) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(page.locator('.ant-skeleton')).toHaveCount(0);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
    }
    await page.goto('/ent/profile');
    await expect(page.getByText('统一社会信用代码')).toBeVisible();
    await expect(page.getByText('变更历史')).toBeVisible();
  });
});
