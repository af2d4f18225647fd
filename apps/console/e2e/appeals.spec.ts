import type { Browser, Page } from '@playwright/test';
import { choose, expect, signIn, test } from './fixtures';

/**
 * The appeals (诉求) loop through the console, as each person sees it: a firm submits online (on a
 * phone), the supervisor assigns it and gets the 交办函, the lead department accepts and answers,
 * the firm is not satisfied → second supervision, the department answers again, the firm is
 * satisfied → 销号, visible on the firm's timeline.
 */

/** A person's own browser (a context of its own), signed in and on `path`. */
async function signedIn(browser: Browser, baseURL: string, user: string, path: string, phone = false): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: phone ? { width: 375, height: 740 } : { width: 1280, height: 800 } });
  const page = await context.newPage();
  await signIn(page, user, path);
  return page;
}

/** Opens an appeal from a staff list by searching its number. */
async function openFromList(page: Page, listPath: string, number: string, title: string): Promise<void> {
  if (new URL(page.url()).pathname !== listPath) await page.goto(listPath);
  await page.getByLabel('搜索诉求').fill(number);
  await page.getByLabel('搜索诉求').press('Enter');
  await page.getByRole('link', { name: number }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

/**
 * Confirms an appeal step's dialog. The dialog closes when the API has answered the step (交办 also
 * issues the 交办函), which on a loaded machine can take longer than an assertion's 15 s: the answer
 * is awaited on its own (bounded by the test's timeout) and must be a success; then the dialog must be gone.
 */
async function confirmDialog(page: Page, name: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name });
  const answered = page.waitForResponse((r) => r.request().method() === 'POST' && /^\/api\/v1\/appeals\/[0-9a-f-]{36}\/[a-z-]+$/.test(new URL(r.url()).pathname));
  await dialog.getByRole('button', { name: '确定' }).click();
  const r = await answered;
  expect(r.ok(), `${r.request().url()} answered ${r.status()}: ${await r.text()}`).toBe(true);
  await expect(dialog).toBeHidden();
}

test('a firm appeal goes round the loop: assigned with a 交办函, answered, second supervision, answered again, closed on the firm’s timeline', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const title = `新厂区用地规划调整迟迟未批复 ${Date.now().toString(36)}`;

  // 1. The firm submits online, on a phone.
  const firm = await signedIn(browser, baseURL!, 'firm2', '/ent/appeals/new', true);
  await expect(firm.getByRole('heading', { level: 1, name: '提交诉求' })).toBeVisible();
  await choose(firm, '诉求类别', '土地规划');
  await firm.getByLabel('标题').fill(title);
  await firm.getByLabel('问题描述').fill('新厂区地块规划调整申请已提交三个月，至今没有答复，影响项目开工。');
  await firm.getByLabel('联系人').fill('王经理');
  await firm.getByRole('button', { name: '提交', exact: true }).click();
  const submitted = firm.getByText(/诉求已提交，编号 SQ/);
  await expect(submitted).toBeVisible();
  const number = /SQ[0-9A-Z-]+/.exec((await submitted.textContent()) ?? '')![0];
  await expect(firm.getByText('待预研').first()).toBeVisible();
  await expect(firm.getByTestId('timeline-step').filter({ hasText: '提出诉求' })).toBeVisible();
  const firmUrl = firm.url();

  // 2. The supervisor finds it in the ledger and assigns it (lead unit defaulted from the category) → 交办函.
  const sup = await signedIn(browser, baseURL!, 'supervisor', '/staff/appeals/ledger');
  await expect(sup.getByRole('heading', { level: 1, name: '诉求台账' })).toBeVisible();
  await openFromList(sup, '/staff/appeals/ledger', number, title);
  await expect(sup.getByText('相似诉求（预研）')).toBeVisible();
  await sup.getByRole('button', { name: '交办', exact: true }).click();
  const assign = sup.getByRole('dialog', { name: '交办牵头单位与协办单位' });
  await expect(assign.getByText('市自然资源和规划局')).toBeVisible();
  await confirmDialog(sup, '交办牵头单位与协办单位');
  const letter = sup.getByRole('dialog', { name: /^交办函/ });
  await expect(letter).toBeVisible();
  await expect(letter.locator('iframe')).toBeVisible();
  await letter.getByRole('button', { name: '关闭' }).last().click(); // the footer's, not the × in the corner
  await expect(sup.getByText('已交办待签收').first()).toBeVisible();
  await expect(sup.getByText('函件', { exact: true })).toBeVisible();

  // 3. The lead department accepts and answers.
  const dept = await signedIn(browser, baseURL!, 'zgj_staff', '/staff/appeals/handling');
  await openFromList(dept, '/staff/appeals/handling', number, title);
  await dept.getByRole('button', { name: '签收' }).click();
  await confirmDialog(dept, '签收');
  await expect(dept.getByText('办理中').first()).toBeVisible();
  await dept.getByRole('button', { name: '答复企业' }).click();
  await dept.getByRole('dialog', { name: '答复企业' }).getByLabel('答复内容').fill('已协调规划部门，本月内完成用地规划调整的审查并函复企业。');
  await confirmDialog(dept, '答复企业');
  await expect(dept.getByText('已答复待评价').first()).toBeVisible();

  // 4. The firm is not satisfied.
  await firm.goto(firmUrl);
  await expect(firm.getByText('已答复待评价').first()).toBeVisible();
  await firm.getByRole('button', { name: '评价答复' }).click();
  const rate = firm.getByRole('dialog', { name: '评价答复' });
  await rate.getByRole('radio', { name: '不满意', exact: true }).check();
  await rate.getByLabel('意见').fill('只说本月审查，没有明确结果。');
  await confirmDialog(firm, '评价答复');
  await expect(firm.getByText('二次督办中').first()).toBeVisible();
  await expect(firm.getByTestId('timeline-step').filter({ hasText: '企业评价（不满意，二次督办）' })).toBeVisible();

  // 5. Second supervision is visible to the supervisor.
  await sup.reload();
  await expect(sup.getByText('二次督办中').first()).toBeVisible();
  await expect(sup.getByText(/二次督办 1 次/)).toBeVisible();

  // 6. The department answers again.
  await dept.reload();
  await expect(dept.getByText('二次督办中').first()).toBeVisible();
  await dept.getByRole('button', { name: '答复企业' }).click();
  await dept.getByRole('dialog', { name: '答复企业' }).getByLabel('答复内容').fill('用地规划调整已审查通过，批复文件已送达企业。');
  await confirmDialog(dept, '答复企业');
  await expect(dept.getByText('已答复待评价').first()).toBeVisible();

  // 7. The firm is satisfied → closed (销号) on its timeline.
  await firm.reload();
  await firm.getByRole('button', { name: '评价答复' }).click();
  await firm.getByRole('dialog', { name: '评价答复' }).getByRole('radio', { name: '满意', exact: true }).check();
  await confirmDialog(firm, '评价答复');
  await expect(firm.getByText('已销号').first()).toBeVisible();
  await expect(firm.getByTestId('timeline-step').filter({ hasText: '企业评价（满意，销号）' })).toBeVisible();
  await expect(firm.getByText('我的评价')).toBeVisible();

  // The firm's list shows it closed too.
  await firm.goto('/ent/appeals');
  await expect(firm.getByRole('listitem').filter({ hasText: title }).getByText('已销号')).toBeVisible();

  for (const p of [firm, sup, dept]) await p.context().close();
});
