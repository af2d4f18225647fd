import { expect, login, test } from './fixtures';

test('login shows the demo accounts; a department editor gets its own menu; logout returns to the login page', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByText('演示账号')).toBeVisible();
  await page.getByRole('button', { name: '使用 kjj_editor' }).click();
  await page.getByRole('button', { name: '登录', exact: true }).click();

  await expect(page).toHaveURL(/\/staff\/dept\/policies$/);
  await expect(page.getByRole('heading', { level: 1, name: '政策与事项' })).toBeVisible();
  await expect(page.getByTestId('current-user')).toHaveText('市科技局政策编辑');
  const nav = page.getByRole('menu');
  await expect(nav.getByText('标签库')).toBeVisible();
  await expect(nav.getByText('兑付批次')).toHaveCount(0); // finance pages are not an editor's
  await page.goto('/staff/finance/batches');
  await expect(page.getByText('无权访问')).toBeVisible();

  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/login\?loggedOut=1/);
  await expect(page.getByText('您已安全退出')).toBeVisible();
  await page.goto('/staff/dept/policies');
  await expect(page).toHaveURL(/\/login\?next=/);
});

test('an access token the API refuses is renewed silently with the refresh token: the page still loads', async ({ page }) => {
  await login(page, 'finance_checker');
  await expect(page).toHaveURL(/\/staff\/finance\/batches$/);
  const before = await page.evaluate(() => JSON.parse(window.localStorage.getItem('qinqing.session') ?? '{}').refreshToken as string);
  await page.evaluate(() => {
    const s = JSON.parse(window.localStorage.getItem('qinqing.session') ?? '{}');
    window.localStorage.setItem('qinqing.session', JSON.stringify({ ...s, token: `${s.token}x` }));
  });
  await page.goto('/staff/finance/ready');
  await expect(page.getByRole('heading', { level: 1, name: '待兑付' })).toBeVisible();
  await expect(page).toHaveURL(/\/staff\/finance\/ready$/);
  // the page's first API call is refused, the client renews with the refresh token (rotated) and retries
  await expect
    .poll(() => page.evaluate(() => JSON.parse(window.localStorage.getItem('qinqing.session') ?? '{}').refreshToken as string))
    .not.toBe(before);
  await expect(page.getByText('登录已失效')).toHaveCount(0);
  await expect(page).toHaveURL(/\/staff\/finance\/ready$/);
});

test('a session the API no longer accepts sends the user back to the login page with a message, and back to the page after login', async ({ page }) => {
  await login(page, 'finance_checker');
  await expect(page).toHaveURL(/\/staff\/finance\/batches$/);
  // the session is over (revoked, logged out elsewhere): neither token is accepted any more
  await page.evaluate(() => {
    const s = JSON.parse(window.localStorage.getItem('qinqing.session') ?? '{}');
    window.localStorage.setItem('qinqing.session', JSON.stringify({ ...s, token: `${s.token}x`, refreshToken: `${s.refreshToken}x` }));
  });
  await page.goto('/staff/finance/ready');
  await expect(page).toHaveURL(/\/login\?expired=1&next=%2Fstaff%2Ffinance%2Fready/);
  await expect(page.getByRole('alert').filter({ hasText: '登录已过期，请重新登录' })).toBeVisible();

  await page.getByLabel('用户名').fill('finance_checker');
  await page.getByLabel('密码').fill('demo12345');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/staff\/finance\/ready$/);
  await expect(page.getByRole('heading', { level: 1, name: '待兑付' })).toBeVisible();
});

test('a wrong password shows the API’s message', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('用户名').fill('firm1');
  await page.getByLabel('密码').fill('wrong-password');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByText('用户名或密码错误')).toBeVisible();
});

test.describe('enterprise pages at a phone’s width', () => {
  test.use({ viewport: { width: 375, height: 740 } });

  test('an enterprise signs in on a 375 px screen and reaches its pages through the menu', async ({ page }) => {
    await login(page, 'firm1');
    await expect(page).toHaveURL(/\/ent$/);
    await expect(page.getByRole('heading', { level: 1, name: '首页' })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.getByRole('button', { name: '打开菜单' }).click();
    await page.getByRole('dialog').getByRole('link', { name: '我的申请' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '我的申请' })).toBeVisible();
  });
});
