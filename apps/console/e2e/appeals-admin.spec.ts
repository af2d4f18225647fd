import type { Browser, Page } from '@playwright/test';
import { choose, expect, signIn, test, token } from './fixtures';

/**
 * The supervisor's settings and the appeals → policy bridge, in the browser: a category's
 * working-day limits changed on 类别设置 (and kept after a reload); an appeal from the ledger linked
 * to a policy item a department is still drafting; the department sees the link too.
 */

/** A person's own browser (a context of its own), signed in and on `path`. */
async function signedIn(browser: Browser, baseURL: string, user: string, path: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await signIn(page, user, path);
  return page;
}

test('the supervisor sets a category’s answer deadline, default lead unit and requirements on 类别设置', async ({ browser, baseURL }) => {
  const sup = await signedIn(browser, baseURL!, 'supervisor', '/staff/appeals/ledger');
  await sup.getByRole('link', { name: '类别设置' }).click();
  await expect(sup.getByRole('heading', { level: 1, name: '类别设置' })).toBeVisible();
  const row = sup.getByRole('row', { name: /市场开拓/ });
  await expect(row).toContainText('10 个工作日');
  await row.getByRole('button', { name: '修改' }).click();
  const dialog = sup.getByRole('dialog', { name: '修改类别「市场开拓」' });
  await expect(dialog).toBeVisible();
  // left empty: refused in the form, nothing saved
  await dialog.getByLabel('答复时限', { exact: true }).fill('');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText('请填写答复时限')).toBeVisible();
  await dialog.getByLabel('答复时限', { exact: true }).fill('15');
  await choose(sup, '默认牵头单位', '市科技局');
  await dialog.getByLabel('默认办理要求').fill('三个工作日内联系企业，答复须附佐证材料。');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText('15 个工作日');
  await expect(row).toContainText('市科技局');
  await expect(row).toContainText('三个工作日内联系企业');
  await sup.reload();
  await expect(sup.getByRole('row', { name: /市场开拓/ })).toContainText('15 个工作日');
  await expect(sup.getByRole('row', { name: /市场开拓/ })).toContainText('市科技局');
});

test('the supervisor links an appeal to a draft policy item; the department, led there by its 诉求消息, sees the link', async ({ browser, baseURL, api }) => {
  test.setTimeout(120_000);
  const name = `冷链物流用电补贴 ${Date.now().toString(36)}`;
  // a department drafts a policy item (not published)
  const editor = { authorization: `Bearer ${await token(api, 'kjj_editor')}` };
  const created = await api.post('/api/v1/policies', {
    headers: editor,
    data: {
      code: `P-E2E-${Date.now().toString(36).toUpperCase()}`, title: '郑州市冷链物流扶持实施办法', docNumber: null, level: 'municipal', category: 'subsidy', tags: [],
      fullText: '对冷链物流企业给予用电补贴。', effectiveFrom: '2026-01-01', effectiveTo: '2099-12-31',
      items: [{ code: `E2E-${Date.now().toString(36).toUpperCase()}-A`, name, rule: { all: [{ fact: 'employees', operator: 'greaterThanInclusive', value: 1 }] }, formula: { kind: 'fixed', amount: 1_000_000 },
        mode: 'application', applyFrom: '2026-01-01', applyTo: '2026-12-31', materials: [], exclusionGroup: null, clause: null, fundPoolFen: 100_000_000, contact: null,
        effectiveFrom: '2026-01-01', effectiveTo: '2099-12-31' }],
    },
  });
  expect(created.ok(), await created.text()).toBe(true);

  // a firm's appeal, assigned to kjj so the department may open it
  const firm = { authorization: `Bearer ${await token(api, 'firm1')}` };
  const title = `冷链物流用电成本高 ${Date.now().toString(36)}`;
  const appeal = await api.post('/api/v1/appeals', { headers: firm, data: { category: 'technology', title, description: '冷链物流企业用电成本高，目前没有对应的扶持政策。' } });
  expect(appeal.ok(), await appeal.text()).toBe(true);
  const { id, number } = (await appeal.json()) as { id: string; number: string };
  const sAuth = { authorization: `Bearer ${await token(api, 'supervisor')}` };
  expect((await api.post(`/api/v1/appeals/${id}/assign`, { headers: sAuth, data: { leadDepartment: 'kjj' } })).ok()).toBe(true);

  const sup = await signedIn(browser, baseURL!, 'supervisor', '/staff/appeals/ledger');
  await sup.getByLabel('搜索诉求').fill(number);
  await sup.getByLabel('搜索诉求').press('Enter');
  await sup.getByRole('link', { name: number }).click();
  await expect(sup.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const card = sup.locator('.ant-card').filter({ hasText: '关联政策事项' });
  await expect(card.getByText('尚未关联政策事项')).toBeVisible();
  await choose(sup, '政策事项', name);
  await card.getByRole('button', { name: '关联' }).click();
  await expect(card.getByText(name)).toBeVisible();
  await expect(card.getByText('起草中，发布后告知企业')).toBeVisible();
  await expect(sup.getByTestId('timeline-step').filter({ hasText: name })).toBeVisible();

  // the department handling it finds the assignment in 诉求消息 (unread), opens the appeal from there and sees the link
  const dept = await signedIn(browser, baseURL!, 'kjj_editor', '/staff/dept/policies');
  await dept.getByRole('link', { name: '诉求消息' }).click();
  await expect(dept.getByRole('heading', { level: 1, name: /诉求消息/ })).toBeVisible();
  const notice = dept.getByRole('listitem').filter({ hasText: number }).first();
  await expect(notice.getByRole('button', { name: '标为已读' })).toBeVisible();
  await notice.getByRole('link', { name: '查看诉求' }).click();
  await expect(dept).toHaveURL(new RegExp(`/staff/appeals/handling/${id}$`));
  await expect(dept.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(dept.locator('.ant-card').filter({ hasText: '关联政策事项' }).getByText(name)).toBeVisible();
  // opened from the inbox, the notice is now read
  await dept.goto('/staff/appeals/notices');
  await expect(dept.getByRole('listitem').filter({ hasText: number }).first().getByText('已读')).toBeVisible();
});
