import type { APIRequestContext, Page } from '@playwright/test';
import { join, resolve } from 'node:path';
import { numericThresholds } from '../src/lib/rule-thresholds';
import { choose, expect, login, openDisclosureRound, test, token } from './fixtures';

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

/** Opens a signed-in page and waits until its data has arrived (the h1 and no pending requests). */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await settle(page);
}

async function settle(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  await expect(page.locator('.ant-spin-spinning')).toHaveCount(0);
}

/** Forgets the session so that the login page shows again (it sends a signed-in user home). */
async function signOut(page: Page): Promise<void> {
  await page.evaluate(() => {
    localStorage.clear();
    sessionStorage.clear();
  });
  await page.context().clearCookies();
}

/** Follows the first link on the page whose address starts with `prefix` (a list row → its detail page). */
async function follow(page: Page, selector: string): Promise<boolean> {
  const link = page.locator(selector).first();
  if ((await link.count()) === 0) return false;
  await link.click();
  await settle(page);
  return true;
}

test.describe('enterprise at 375 px', () => {
  test.use({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2 });

  test('home, my policies, item ✔/✘, application timeline, profile, 我的诉求', async ({ page }) => {
    test.setTimeout(120_000);
    await login(page, 'firm1');
    await open(page, '/ent/policies');
    await page.screenshot(shot('mobile-enterprise-policies'));
    const eligible = page.getByTestId('my-policy').filter({ hasText: '预计可享受' }).getByRole('link').first();
    const nearMiss = page.getByTestId('my-policy').filter({ hasText: '还差' }).getByRole('link').first();
    const nearHref = (await nearMiss.count()) ? await nearMiss.getAttribute('href') : null;
    if (await eligible.count()) {
      await eligible.click();
      await settle(page);
      await page.screenshot(shot('mobile-enterprise-item-eligible'));
    }
    if (nearHref) {
      await open(page, nearHref);
      await page.screenshot(shot('mobile-enterprise-item-near-miss'));
    }
    await open(page, '/ent/applications');
    await page.screenshot(shot('mobile-enterprise-applications'));
    if (await follow(page, 'main a[href^="/ent/applications/"]')) await page.screenshot(shot('mobile-enterprise-application-timeline'));
    await open(page, '/ent/profile');
    await page.screenshot(shot('mobile-enterprise-profile'));
    await open(page, '/ent/appeals');
    await page.screenshot(shot('mobile-enterprise-appeals'));
    if (await follow(page, 'main a[href^="/ent/appeals/"]:not([href="/ent/appeals/new"])')) await page.screenshot(shot('mobile-enterprise-appeal-detail'));
  });
});

test('department at 1280 px: policies, item editor with the rule builder, versions, batch approval, 公示与异议, supervision', async ({ page, api }) => {
  test.setTimeout(150_000);
  await openDisclosureRound(api);
  await login(page, 'kjj_editor');
  await open(page, '/staff/dept/policies');
  await page.screenshot(shot('dept-policies'));
  // the department's first published item: its editor, then a draft version 2 with a lower threshold for the diff
  const headers = { authorization: `Bearer ${await token(api, 'kjj_editor')}` };
  const list = (await (await api.get('/api/v1/policies?pageSize=100', { headers })).json()) as { items: Array<{ id: string }> };
  let target: { policyId: string; itemId: string; rule: unknown } | null = null;
  for (const p of list.items) {
    const policy = (await (await api.get(`/api/v1/policies/${p.id}`, { headers })).json()) as { items?: Array<{ id: string; current?: { rule: unknown } | null }> };
    const item = (policy.items ?? []).find((i) => i.current && numericThresholds(i.current.rule).length > 0);
    if (item) {
      target = { policyId: p.id, itemId: item.id, rule: item.current!.rule };
      break;
    }
  }
  expect(target).not.toBeNull();
  await open(page, `/staff/dept/policies/${target!.policyId}`);
  await page.screenshot(shot('dept-policy-detail'));
  await open(page, `/staff/dept/policies/${target!.policyId}/items/${target!.itemId}`);
  await expect(page.getByText('预计补贴总额')).toBeVisible();
  await page.waitForLoadState('networkidle');
  await page.screenshot(shot('dept-item-editor'));
  const lowered = JSON.parse(JSON.stringify(target!.rule).replace(/"value":(\d+)/, (_m, n: string) => `"value":${Math.round(Number(n) * 0.8)}`)) as unknown;
  const draft = await api.patch(`/api/v1/items/${target!.itemId}`, { headers, data: { changes: { rule: lowered }, changeNote: '门槛下调 20%（演示）' } });
  expect(draft.ok(), await draft.text()).toBe(true);
  await page.reload();
  await settle(page);
  await page.getByRole('tab', { name: '版本与对比' }).click();
  await page.waitForLoadState('networkidle');
  await page.screenshot(shot('dept-item-versions'));

  await signOut(page);
  await login(page, 'kjj_reviewer');
  // batch approval with the item that has the most pre-qualified (免申即享) applications left
  const reviewer = { authorization: `Bearer ${await token(api, 'kjj_reviewer')}` };
  const queue = (await (await api.get('/api/v1/review/queue?state=pre_qualified&pageSize=200', { headers: reviewer })).json()) as { items: Array<{ itemId: string }> };
  const perItem = new Map<string, number>();
  for (const a of queue.items) perItem.set(a.itemId, (perItem.get(a.itemId) ?? 0) + 1);
  const busiest = [...perItem].sort((a, b) => b[1] - a[1])[0]?.[0];
  for (const [path, name] of [[busiest ? `/staff/dept/batches?itemId=${busiest}` : '/staff/dept/batches', 'dept-batch-approval'], ['/staff/dept/disclosures', 'dept-disclosures'], ['/staff/dept/supervision', 'dept-supervision']] as const) {
    await open(page, path);
    await page.screenshot(shot(name));
  }
});

test('finance at 1280 px: ready, batch detail, reconciliation, ledger, reports', async ({ page }) => {
  test.setTimeout(120_000);
  await login(page, 'finance_maker');
  for (const [path, name] of [['/staff/finance/ready', 'finance-ready'], ['/staff/finance/batches', 'finance-batches']] as const) {
    await open(page, path);
    await page.screenshot(shot(name));
  }
  if (await follow(page, 'main a[href^="/staff/finance/batches/"]')) await page.screenshot(shot('finance-batch-detail'));
  for (const [path, name] of [['/staff/finance/reconciliation', 'finance-reconciliation'], ['/staff/finance/ledger', 'finance-ledger'], ['/staff/finance/reports', 'finance-reports']] as const) {
    await open(page, path);
    await page.screenshot(shot(name));
  }
});

/** A published item whose rule has a numeric threshold (the sandbox's sliders), with its policy. */
async function itemWithThreshold(api: APIRequestContext): Promise<{ policyId: string; itemId: string }> {
  const headers = { authorization: `Bearer ${await token(api, 'leader')}` };
  const list = (await (await api.get('/api/v1/policies?pageSize=200', { headers })).json()) as { items: Array<{ id: string }> };
  for (const p of list.items) {
    const policy = (await (await api.get(`/api/v1/policies/${p.id}`, { headers })).json()) as { items: Array<{ id: string; current: { rule: unknown } | null }> };
    const item = policy.items.find((i) => i.current && numericThresholds(i.current.rule).length > 0);
    if (item) return { policyId: p.id, itemId: item.id };
  }
  throw new Error('demo data has no published item with a numeric condition');
}

test('leader at 1280 px: 驾驶舱, 数据沙盘 after a slider move', async ({ page, api }) => {
  test.setTimeout(120_000);
  await login(page, 'leader');
  await open(page, '/staff/leader/dashboard');
  await page.waitForTimeout(800); // echarts' entry animation (the picture, not an assertion)
  await page.screenshot(shot('leader-dashboard'));
  const { policyId, itemId } = await itemWithThreshold(api);
  await open(page, `/staff/leader/sandbox?policy=${policyId}&item=${itemId}`);
  const slider = page.getByRole('slider').first();
  await expect(slider).toBeVisible();
  const count = page.getByLabel('企业数变化');
  await expect(count).toHaveText(/较现行 0 家/);
  await slider.focus();
  await slider.press('Home');
  await expect(count).not.toHaveText(/较现行 0 家/);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(800);
  await page.screenshot(shot('leader-sandbox'));
});

test('auditor at 1280 px: audit log', async ({ page }) => {
  await login(page, 'auditor');
  await open(page, '/staff/audit/log');
  await page.screenshot(shot('audit-log'));
});

test('appeals at 1280 px: ledger, appeal detail with its 交办函, reception day, ranking', async ({ page, api }) => {
  test.setTimeout(150_000);
  await login(page, 'supervisor');
  await open(page, '/staff/appeals/ledger');
  await page.screenshot(shot('appeals-ledger'));
  // an appeal that has a letter (交办函), from the demo data
  const headers = { authorization: `Bearer ${await token(api, 'supervisor')}` };
  const appeals = (await (await api.get('/api/v1/appeals?page=1&pageSize=50&state=in_progress', { headers })).json()) as { items?: Array<{ id: string }> };
  const all = appeals.items?.length ? appeals.items : ((await (await api.get('/api/v1/appeals?page=1&pageSize=50', { headers })).json()) as { items?: Array<{ id: string }> }).items ?? [];
  let withLetter: string | null = null;
  for (const a of all) {
    const letters = (await (await api.get(`/api/v1/appeals/${a.id}/letters`, { headers })).json()) as unknown;
    if (Array.isArray(letters) && letters.length) { withLetter = a.id; break; }
  }
  await open(page, `/staff/appeals/ledger/${withLetter ?? all[0].id}`);
  await page.screenshot(shot('appeals-detail'));
  if (withLetter) {
    await page.getByRole('button', { name: '查看 / 打印' }).first().click();
    const letter = page.getByRole('dialog');
    await expect(letter.locator('iframe')).toBeVisible();
    await expect(letter.frameLocator('iframe').locator('body')).toContainText('函');
    await page.screenshot({ path: join(OUT, 'appeals-letter.png') });
    await page.keyboard.press('Escape');
  }
  await open(page, '/staff/appeals/reception');
  await page.screenshot(shot('appeals-reception'));
  if (await follow(page, 'main a[href^="/staff/appeals/reception/"]')) await page.screenshot(shot('appeals-reception-day'));
  await open(page, '/staff/appeals/ranking');
  await page.waitForTimeout(800);
  await page.screenshot(shot('appeals-ranking'));
});
