import type { Page } from '@playwright/test';
import { login, test } from './fixtures';

const ROLES: Record<string, string[]> = {
  supervisor: ['/staff/appeals/ledger', '/staff/appeals/reception', '/staff/appeals/overdue', '/staff/appeals/follow-ups', '/staff/appeals/ranking', '/staff/appeals/categories', '/staff/appeals/themes', '/staff/appeals/notices'],
  kjj_editor: ['/staff/appeals/handling', '/staff/appeals/flags', '/staff/appeals/notices'],
  officer1: ['/staff/appeals/officer/tasks', '/staff/appeals/officer/firms', '/staff/appeals/officer/visits', '/staff/appeals/notices'],
  leader: ['/staff/appeals/ledger', '/staff/appeals/overdue', '/staff/appeals/ranking', '/staff/appeals/themes', '/staff/appeals/notices'],
  firm1: ['/ent/appeals', '/ent/appeals/notices', '/ent/appeals/new'],
};

async function snap(page: Page, name: string, log: string[]) {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(800);
  const alerts = await page.locator('.ant-alert-error, .ant-result-error, .ant-result-403, .ant-result-500').allInnerTexts();
  if (alerts.length) log.push(`${name}: ERROR UI ${alerts.join(' | ')}`);
  await page.screenshot({ path: `/tmp/walk/${name}.png`, fullPage: true });
}

for (const [user, paths] of Object.entries(ROLES)) {
  test(`walk ${user}`, async ({ browser, baseURL }) => {
    test.setTimeout(180_000);
    const phone = user.startsWith('firm');
    const ctx = await browser.newContext({ baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: phone ? { width: 375, height: 740 } : { width: 1280, height: 800 } });
    const page = await ctx.newPage();
    const log: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') log.push(`console ${m.type()}: ${m.text().slice(0, 300)}`); });
    page.on('response', (r) => { if (r.status() >= 400 && r.url().includes('/api/')) log.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`); });
    await login(page, user);
    for (const p of paths) {
      await page.goto(p);
      const name = `${user}${p.replace(/\//g, '_')}`;
      await snap(page, name, log);
      // open the first detail link if any
      const first = page.locator('main a[href*="/appeals/"]').filter({ hasNotText: /返回|提交诉求|消息/ }).first();
      if (['/staff/appeals/ledger', '/staff/appeals/handling', '/staff/appeals/officer/tasks', '/ent/appeals', '/staff/appeals/overdue', '/staff/appeals/reception'].includes(p) && await first.count()) {
        const href = await first.getAttribute('href');
        await first.click();
        await snap(page, `${name}_detail`, log);
        log.push(`${name} detail: ${href}`);
      }
    }
    console.log(`=== ${user}\n${log.join('\n')}`);
  });
}
