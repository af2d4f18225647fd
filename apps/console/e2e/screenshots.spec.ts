import { join, resolve } from 'node:path';
import { choose, expect, login, openDisclosureRound, test } from './fixtures';

/**
 * docs/screenshots: every page built so far, with the demo data, at realistic sizes (portal and
 * staff at 1280 px, enterprise and the phone view of the portal at 375 px). Not part of `npm test`:
 *   npm run console:screenshots
 */
const OUT = resolve(__dirname, '..', '..', '..', 'docs', 'screenshots');
const shot = (name: string) => ({ path: join(OUT, `${name}.png`), fullPage: true });

test.describe.configure({ mode: 'serial' });

test('portal pages at 1280 px', async ({ page, api }) => {
  await page.goto('/policies?q=%E7%A0%94%E5%8F%91%20%E8%A1%A5%E8%B4%B4');
  await expect(page.getByTestId('search-result').first()).toBeVisible();
  await page.screenshot(shot('portal-search'));

  await page.goto('/calculator');
  await choose(page, '企业标签', '高新技术企业');
  await page.keyboard.press('Escape');
  await choose(page, '所在区域', '金水区');
  await page.getByLabel('营业收入', { exact: true }).fill('30000000');
  await page.getByLabel('研发费用', { exact: true }).fill('900000');
  await page.getByLabel('从业人数', { exact: true }).fill('40');
  await page.getByRole('button', { name: '开始测算' }).click();
  await expect(page.getByTestId('near-miss').first()).toBeVisible();
  await page.screenshot(shot('portal-calculator'));

  await page.getByTestId('near-miss').first().getByRole('link').click();
  await expect(page.getByTestId('policy-item').first()).toBeVisible();
  await page.screenshot(shot('portal-policy-detail'));

  const roundId = await openDisclosureRound(api);
  await page.goto('/disclosures');
  await expect(page.getByRole('table')).toBeVisible();
  await page.screenshot(shot('portal-disclosures'));
  await page.goto(`/disclosures/${roundId}`);
  await page.getByRole('row').filter({ hasText: '公示中' }).first().getByRole('button', { name: '提出异议' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.screenshot({ path: join(OUT, 'portal-objection.png') });

  await page.goto('/login');
  await expect(page.getByText('演示账号')).toBeVisible();
  await page.screenshot(shot('login'));
});

test('staff shell at 1280 px', async ({ page }) => {
  await login(page, 'admin');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.screenshot(shot('staff-shell-admin'));
});

test.describe('phone width', () => {
  test.use({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2 });

  test('portal and enterprise pages at 375 px', async ({ page }) => {
    await page.goto('/policies?q=%E7%A8%B3%E5%B2%97');
    await expect(page.getByTestId('search-result').first()).toBeVisible();
    await page.screenshot(shot('mobile-portal-search'));
    await login(page, 'firm1');
    await expect(page.getByRole('heading', { level: 1, name: '首页' })).toBeVisible();
    await page.screenshot(shot('mobile-enterprise-home'));
  });
});
