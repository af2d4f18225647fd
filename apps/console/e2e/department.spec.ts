import type { Locator, Page } from '@playwright/test';
import { expect, signIn, test, token } from './fixtures';

/** Picks an option of an antd Select inside `scope` (react-querybuilder's field/operator selectors have no label). */
async function pick(page: Page, select: Locator, option: string, search = false): Promise<void> {
  await select.click();
  if (search) await page.keyboard.type(option.slice(0, 2));
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

/** The sentence under the live count, e.g. “当前条件下符合 57 家企业（库中共 300 家）”. */
async function liveCount(page: Page): Promise<string> {
  const text = page.locator('.live-count-text');
  await expect(text).toHaveText(/当前条件下符合 \d+ 家企业/);
  return (await text.textContent()) ?? '';
}

test('issue 12: a department editor builds a rule (nested group, money and tag conditions), sees the live count change, saves and submits; the reviewer publishes; the item is in the public search', async ({ page, api }) => {
  const stamp = Date.now().toString(36).toUpperCase();
  const itemName = `E2E研发补助${stamp}`;
  // the policy itself through the API (the test is about the item and its rule)
  const editorAuth = { authorization: `Bearer ${await token(api, 'kjj_editor')}` };
  const created = await api.post('/api/v1/policies', {
    headers: editorAuth,
    data: { code: `E2E-DEPT-${stamp}`, title: `端到端测试政策${stamp}（演示）`, level: 'municipal', category: 'subsidy', effectiveFrom: '2026-01-01', isDemo: true, items: [] },
  });
  expect(created.ok()).toBe(true);
  const policyId = ((await created.json()) as { id: string }).id;

  await signIn(page, 'kjj_editor', '/staff/dept/policies');
  await expect(page.getByRole('heading', { level: 1, name: '政策与事项' })).toBeVisible();
  await page.getByRole('link', { name: `端到端测试政策${stamp}（演示）` }).click();
  await expect(page).toHaveURL(new RegExp(`/staff/dept/policies/${policyId}$`));
  await page.getByRole('button', { name: '新增事项' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '新增事项' })).toBeVisible();
  await page.getByLabel('事项编码').fill(`E2E-${stamp}`);
  await page.getByLabel('事项名称').fill(itemName);

  // the starting rule (信用状态 等于 守信) is counted
  const before = await liveCount(page);

  // a nested group holding a money condition: 研发费用 不低于 100 元 (typed in 元, stored in fen)
  const root = page.locator('.queryBuilder > .ruleGroup');
  await root.locator(':scope > .ruleGroup-header').getByRole('button', { name: '+ 条件组' }).click();
  const group = root.locator(':scope > .ruleGroup-body > .ruleGroup').first();
  await group.locator(':scope > .ruleGroup-header').getByRole('button', { name: '+ 条件', exact: true }).click();
  const money = group.locator('.rule').first();
  await pick(page, money.locator('.rule-fields'), '研发费用', true);
  await pick(page, money.locator('.rule-operators'), '不低于');
  await money.getByLabel('研发费用的取值').fill('1000000');
  await expect.poll(() => liveCount(page)).not.toBe(before);
  const withMoney = await liveCount(page);

  // a tag condition at the top: 企业标签 具有标签 高新技术企业
  await root.locator(':scope > .ruleGroup-header').getByRole('button', { name: '+ 条件', exact: true }).click();
  const tag = root.locator(':scope > .ruleGroup-body > .rule').last();
  await pick(page, tag.locator('.rule-fields'), '企业标签', true);
  await pick(page, tag.getByLabel('企业标签的标签'), '高新技术企业', true);
  await expect.poll(() => liveCount(page)).not.toBe(withMoney);
  await expect(page.getByText('预计补贴总额')).toBeVisible();

  // the benefit: a fixed 5 万元 per firm
  await page.getByRole('spinbutton', { name: '固定金额' }).fill('50000');

  await page.getByRole('button', { name: '保存草稿' }).click();
  await expect(page).toHaveURL(new RegExp(`/staff/dept/policies/${policyId}/items/[0-9a-f-]{36}$`));
  await expect(page.getByText('第 1 版 · 草稿')).toBeVisible();
  // the saved rule opens in the builder as it was built, money back in 元
  await expect(page.getByLabel('研发费用的取值')).toHaveValue('1000000.00');
  await page.getByRole('button', { name: '提交审核' }).click();
  await expect(page.getByText('已提交审核')).toBeVisible();
  await expect(page.getByText('第 1 版 · 待审核')).toBeVisible();

  // the reviewer of the same department publishes it from the queue
  await page.evaluate(() => window.localStorage.clear());
  await signIn(page, 'kjj_reviewer', '/staff/dept/review');
  await expect(page.getByRole('heading', { level: 1, name: '待审核事项' })).toBeVisible();
  await page.getByRole('row').filter({ hasText: itemName }).getByRole('link', { name: '审核' }).click();
  await page.getByRole('button', { name: '审核通过并发布' }).click();
  await expect(page.getByText('已发布', { exact: true }).first()).toBeVisible();
  await expect(page.getByText('第 1 版 · 已发布')).toBeVisible();

  // anyone finds it in the public policy search
  await expect(async () => {
    await page.goto(`/policies?q=${encodeURIComponent(itemName)}`);
    // the name is a link, its words highlighted in parts
    await expect(page.getByRole('link', { name: itemName })).toBeVisible({ timeout: 3000 });
  }).toPass({ timeout: 30_000 });
});

test('a rule the API refuses shows the message at the condition it points to', async ({ page, api }) => {
  const stamp = Date.now().toString(36).toUpperCase();
  const editorAuth = { authorization: `Bearer ${await token(api, 'kjj_editor')}` };
  const created = await api.post('/api/v1/policies', {
    headers: editorAuth,
    data: { code: `E2E-ERR-${stamp}`, title: `校验测试政策${stamp}（演示）`, level: 'municipal', category: 'subsidy', effectiveFrom: '2026-01-01', isDemo: true, items: [] },
  });
  const policyId = ((await created.json()) as { id: string }).id;
  await signIn(page, 'kjj_editor', `/staff/dept/policies/${policyId}/items/new`);
  await page.getByLabel('事项编码').fill(`E2E-ERR-${stamp}`);
  await page.getByLabel('事项名称').fill('校验测试事项');
  const root = page.locator('.queryBuilder > .ruleGroup');
  await root.locator(':scope > .ruleGroup-header').getByRole('button', { name: '+ 条件', exact: true }).click();
  const rule = root.locator(':scope > .ruleGroup-body > .rule').last();
  await pick(page, rule.locator('.rule-fields'), '企业标签', true); // no tag chosen: the API says the value is missing
  await page.getByRole('button', { name: '保存草稿' }).click();
  await expect(rule.locator('.rule-problem')).toContainText('企业标签');
  await expect(page.getByRole('heading', { level: 1, name: '新增事项' })).toBeVisible(); // nothing saved
});

test('an editor edits the policy’s own information (title, 文号, a FAQ) with a reason and sees it on the policy page', async ({ page, api }) => {
  const stamp = Date.now().toString(36).toUpperCase();
  const editorAuth = { authorization: `Bearer ${await token(api, 'kjj_editor')}` };
  const created = await api.post('/api/v1/policies', {
    headers: editorAuth,
    data: { code: `E2E-INFO-${stamp}`, title: `信息编辑测试政策${stamp}（演示）`, docNumber: '郑科〔2026〕1号', level: 'municipal', category: 'subsidy', effectiveFrom: '2026-01-01', isDemo: true, items: [] },
  });
  expect(created.ok()).toBe(true);
  const policyId = ((await created.json()) as { id: string }).id;

  await signIn(page, 'kjj_editor', `/staff/dept/policies/${policyId}`);
  await expect(page.getByRole('heading', { level: 1, name: `信息编辑测试政策${stamp}（演示）` })).toBeVisible();
  await page.getByRole('button', { name: '编辑政策信息' }).click();
  const dialog = page.getByRole('dialog', { name: '编辑政策信息' });
  await dialog.getByLabel('政策标题').fill(`信息编辑测试政策${stamp}（修订版）`);
  await dialog.getByLabel('文号').fill('郑科〔2026〕7号');
  await dialog.getByRole('button', { name: '添加常见问题' }).click();
  await dialog.getByLabel('问题 1').fill('研发费用以什么为准？');
  await dialog.getByLabel('回答 1').fill('以税务部门确认的数额为准。');
  // no reason: the form asks for one
  await dialog.getByRole('button', { name: '保存修改' }).click();
  await expect(dialog.getByText('请填写修改原因')).toBeVisible();
  await dialog.getByLabel('修改原因').fill('根据修订后的文件更新');
  await dialog.getByRole('button', { name: '保存修改' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: `信息编辑测试政策${stamp}（修订版）` })).toBeVisible();
  await expect(page.getByText('郑科〔2026〕7号')).toBeVisible();
  await expect(page.getByText('第 2 版')).toBeVisible(); // the page was read back from the API, at the next revision
});
