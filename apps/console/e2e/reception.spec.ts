import type { APIRequestContext } from '@playwright/test';
import { expect, signIn, test, token } from './fixtures';

/**
 * 企业家接待日 (issue 13) as the public and a firm see it: the notice on the portal without login, a
 * firm registering with its topics on a phone (and told when the day filled up meanwhile), and the
 * supervisor's registrations list containing it.
 */

/** A date `days` from today in China time, YYYY-MM-DD. */
const chinaDate = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

async function scheduleDay(api: APIRequestContext, auth: Record<string, string>, title: string, capacity: number): Promise<string> {
  const r = await api.post('/api/v1/reception-days', {
    headers: auth,
    data: { title, theme: '要素保障专场', kind: 'reception_day', heldOn: chinaDate(30), registrationDeadline: chinaDate(20), location: '市民服务中心第一会议室', host: '常务副市长（轮值）、市发改委', capacity, notice: '欢迎企业家报名，面对面反映问题。' },
  });
  expect(r.ok()).toBe(true);
  return ((await r.json()) as { id: string }).id;
}

test('the public sees an upcoming reception day; a firm registers with its topics on a phone; the supervisor’s list has it', async ({ browser, baseURL, api }) => {
  test.setTimeout(120_000);
  const tag = Date.now().toString(36);
  const title = `企业家接待日 ${tag}`;
  const fullTitle = `政企恳谈会 ${tag}`;
  const supervisor = { authorization: `Bearer ${await token(api, 'supervisor')}` };
  const dayId = await scheduleDay(api, supervisor, title, 5);
  const fullId = await scheduleDay(api, supervisor, fullTitle, 1);

  // 1. Anyone, without login, reads the notice on the portal (linked from the header).
  const anon = await (await browser.newContext({ baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })).newPage();
  await anon.goto('/');
  await anon.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '企业家接待日' }).click();
  await expect(anon.getByRole('heading', { level: 1, name: '企业家接待日' })).toBeVisible();
  const notice = anon.getByTestId('reception-notice').filter({ hasText: title });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('常务副市长（轮值）、市发改委');
  await expect(notice).toContainText('要素保障专场');
  await expect(notice).toContainText('市民服务中心第一会议室');
  await expect(notice).toContainText(chinaDate(30));
  await expect(notice).toContainText('5 / 5');
  await notice.getByRole('button', { name: '登录报名' }).click();
  await expect(anon).toHaveURL(/\/login\?next=/);

  // 2. firm1, on a phone, opens 接待日报名.
  const firm = await (await browser.newContext({ baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 375, height: 740 } })).newPage();
  await signIn(firm, 'firm1', '/ent/reception');
  await expect(firm.getByRole('heading', { level: 1, name: '接待日报名' })).toBeVisible();
  await expect(firm.getByTestId('reception-day').filter({ hasText: fullTitle })).toContainText('剩余名额 1 / 1');

  // Meanwhile another firm takes the last place: the API's message is shown, nothing registered.
  const firm2 = { authorization: `Bearer ${await token(api, 'firm2')}` };
  expect((await api.post(`/api/v1/reception-days/${fullId}/registrations`, { headers: firm2, data: { topics: '用工招聘难' } })).ok()).toBe(true);
  await firm.getByRole('button', { name: `报名 ${fullTitle}` }).click();
  let dialog = firm.getByRole('dialog', { name: `报名：${fullTitle}` });
  await dialog.getByLabel('拟反映的问题').fill('厂房扩建用地指标');
  await dialog.getByRole('button', { name: '提交报名' }).click();
  await expect(dialog.getByRole('alert')).toContainText('报名人数已满');
  await dialog.getByRole('button', { name: '取消' }).click();
  await expect(dialog).toBeHidden();

  // Registers for the open day with its topics and sees it under 我的报名.
  const topics = `新厂区土地变性招拍挂进度 ${tag}`;
  await firm.getByRole('button', { name: `报名 ${title}` }).click();
  dialog = firm.getByRole('dialog', { name: `报名：${title}` });
  await dialog.getByLabel('拟反映的问题').fill(topics);
  await dialog.getByLabel('联系人').fill('王经理');
  await dialog.getByRole('button', { name: '提交报名' }).click();
  await expect(dialog).toBeHidden();
  const mine = firm.getByTestId('my-registration').filter({ hasText: topics });
  await expect(mine).toBeVisible();
  await expect(mine).toContainText(title);
  await expect(mine).toContainText('已报名');
  await expect(firm.getByTestId('reception-day').filter({ hasText: title })).toContainText('剩余名额 4 / 5');

  // 3. The supervisor's registrations list has it.
  const regs = (await (await api.get(`/api/v1/reception-days/${dayId}/registrations`, { headers: supervisor })).json()) as Array<{ topics: string; contactName: string | null; sourceLabel: string }>;
  expect(regs).toEqual([expect.objectContaining({ topics, contactName: '王经理', sourceLabel: '企业报名' })]);
});
