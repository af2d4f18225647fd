import { choose, expect, test } from './fixtures';

/**
 * Issue 12, path 1 — anonymous: the policy calculator shows the items a firm qualifies for with
 * estimates and a near miss with what is lacking; from there the policy page explains the item.
 */
test('anonymous: calculator → eligible items and a near miss with what is lacking → policy detail', async ({ page }) => {
  await page.goto('/calculator');
  await expect(page.getByRole('heading', { level: 1, name: '政策计算器' })).toBeVisible();

  // 企业标签: 高新技术企业 (a multi-select built from the fact registry and the tag library)
  await choose(page, '企业标签', '高新技术企业');
  await page.keyboard.press('Escape');
  await choose(page, '所在区域', '金水区');
  // money typed in 元 (the API counts fen)
  await page.getByLabel('营业收入', { exact: true }).fill('30000000');
  await page.getByLabel('研发费用', { exact: true }).fill('900000');
  await page.getByLabel('从业人数', { exact: true }).fill('40');
  await page.getByRole('button', { name: '开始测算' }).click();

  const result = page.getByTestId('calculator-result');
  await expect(result).toBeVisible();
  const eligible = result.getByTestId('eligible');
  await expect(eligible.first()).toBeVisible();
  await expect(result.getByText('高新技术企业认定奖励')).toBeVisible();
  await expect(result.getByText(/预计可享受/)).toBeVisible();

  // 研发费用 90万元 against a threshold of 100万元: almost eligible, and told what is lacking
  const near = result.getByTestId('near-miss').filter({ hasText: '企业研发费用后补助' });
  await expect(near).toBeVisible();
  await expect(near.getByText('还差：研发费用差 10万元')).toBeVisible();

  // the report downloads as a printable HTML page
  const download = page.waitForEvent('download');
  await result.getByRole('button', { name: '下载测算报告' }).click();
  expect((await download).suggestedFilename()).toBe('惠企政策测算报告.html');

  // the near-missed item's policy page: conditions in plain Chinese, amounts, mode, department, dates
  await near.getByRole('link', { name: '企业研发费用后补助' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /郑州市企业研发费用后补助实施办法/ })).toBeVisible();
  const item = page.getByTestId('policy-item').filter({ hasText: '企业研发费用后补助' });
  await expect(item.getByText('研发费用 要求不低于 100万元')).toBeVisible();
  await expect(item.getByText('按研发费用的 10% 计算，最高不超过 500万元')).toBeVisible();
  await expect(item.getByText('申请制').first()).toBeVisible();
  await expect(page.locator('.ant-descriptions-item').filter({ hasText: '发布部门' })).toContainText('市科技局');
  await expect(page.locator('#full-text')).toContainText('第三条');
  // 解读 and FAQ when the department wrote them
  await expect(page.locator('#interpretation')).toContainText('按就高原则执行');
  await page.locator('#faq').getByText('研发投入强度怎么计算？').click();
  await expect(page.locator('#faq').getByText('研发投入强度 = 上年度研发费用 ÷ 上年度营业收入 × 100%。')).toBeVisible();
});

test('anonymous: policy search with a district filter and highlighted hits; a deep link reopens the same results', async ({ page }) => {
  await page.goto('/policies');
  await page.getByLabel('搜索关键词').fill('研发');
  await page.getByLabel('搜索关键词').press('Enter');
  await expect(page).toHaveURL(/q=%E7%A0%94%E5%8F%91/);
  const first = page.getByTestId('search-result').first();
  await expect(first.locator('mark.hit').first()).toHaveText('研发');

  await choose(page, '适用区域', '航空港区');
  await expect(page).toHaveURL(/district=410173/);
  // an item limited to 高新区 is not offered to a firm in 航空港区
  await expect(page.getByTestId('search-result').first()).toBeVisible();
  await expect(page.getByTestId('search-result').filter({ hasText: '高新区' })).toHaveCount(0);

  const url = page.url();
  const count = await page.getByText(/共找到 \d+ 个兑现事项/).textContent();
  await page.goto(url);
  await expect(page.getByText(count ?? '')).toBeVisible();
});

test('anonymous: an unknown policy shows the API’s Chinese message, not a blank page', async ({ page }) => {
  await page.goto('/policies/01a00000-0000-7000-8000-000000000000');
  await expect(page.getByText('政策不存在或尚未发布')).toBeVisible();
  await expect(page.getByText('错误代码：POLICY.NOT_FOUND')).toBeVisible();
});
