import { expect, login, signIn, test, token } from './fixtures';

/**
 * Issue 14 §3 §7 and issue 12: what landed in the backend without pages, done in the browser.
 * (a) 资金池: the finance maker asks for a top-up, may not approve it (四眼原则); the checker
 *     approves it and the pool's balance history shows it.
 * (b) 数据异议: firm1 disputes a fact that the 人社 data source supplied, with a proof file; the
 *     人社局 editor accepts it with the corrected value, and firm1's profile shows the new value.
 */
test('资金池: the maker requests a top-up and cannot approve it; the checker approves and the pool history shows it', async ({ page, api, browser, baseURL }) => {
  const maker = { authorization: `Bearer ${await token(api, 'finance_maker')}` };
  const pools = (await (await api.get('/api/v1/payouts/pools?pageSize=50', { headers: maker })).json()) as { items: Array<{ id: string; itemName: string | null }> };
  const pool = pools.items.find((p) => p.itemName);
  test.skip(!pool, 'demo data has no fund pools');
  const name = pool!.itemName!;
  const reason = `E2E 追加 ${Date.now()}`;

  await signIn(page, 'finance_maker', '/staff/finance/pools');
  await expect(page.getByRole('heading', { level: 1, name: '资金池' })).toBeVisible();
  await expect(page.getByRole('link', { name })).toBeVisible();
  await page.getByRole('button', { name: '申请追加/调拨' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('追加资金池', { exact: true }).click();
  await dialog.getByLabel('追加资金池', { exact: true }).pressSequentially(name.slice(0, 4));
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: name }).first().click();
  await dialog.getByLabel('金额（元）').fill('1234.56');
  await dialog.getByLabel('事由').fill(reason);
  await dialog.getByRole('button', { name: '提交申请' }).click();
  await expect(dialog).toBeHidden();

  await page.goto('/staff/finance/pool-movements');
  await expect(page.getByRole('heading', { level: 1, name: '追加与调拨' })).toBeVisible();
  const own = page.getByRole('row').filter({ hasText: reason });
  await expect(own).toContainText('待复核');
  await expect(own).toContainText('1,234.56元');
  // four eyes: the maker sees why the request is not theirs to approve, and no approve button
  await expect(own.getByRole('button', { name: '批准' })).toHaveCount(0);
  await expect(own).toContainText('复核人不能是申请人（四眼原则）');

  const context = await browser.newContext({ baseURL });
  const checker = await context.newPage();
  await signIn(checker, 'finance_checker', '/staff/finance/pool-movements?status=requested');
  const row = checker.getByRole('row').filter({ hasText: reason });
  await expect(row).toContainText('市财政局经办');
  await row.getByRole('button', { name: '批准' }).click();
  await expect(checker.getByRole('row').filter({ hasText: reason })).toHaveCount(0); // left the 待复核 filter
  await checker.goto('/staff/finance/pool-movements?status=approved');
  await expect(checker.getByRole('row').filter({ hasText: reason })).toContainText('已批准');

  await checker.goto(`/staff/finance/pools/${encodeURIComponent(pool!.id)}`);
  await expect(checker.getByRole('heading', { level: 1, name: `资金池：${name}` })).toBeVisible();
  const history = checker.locator('.ant-card').filter({ hasText: '余额变动' });
  await expect(history.getByRole('row').filter({ hasText: '追加额度' }).first()).toContainText('+1,234.56元');
  await expect(checker.locator('.ant-card').filter({ hasText: '追加与调拨申请' }).getByRole('row').filter({ hasText: reason })).toContainText('已批准');
  await context.close();
});

test('数据异议: firm1 disputes a sourced fact with evidence; rsj_editor accepts with a corrected value; the profile shows it', async ({ page, api, browser, baseURL }) => {
  const firm = { authorization: `Bearer ${await token(api, 'firm1')}` };
  const me = (await (await api.get('/api/v1/enterprises/me', { headers: firm })).json()) as {
    name: string;
    employees: number | null;
    provenance: Array<{ fact: string; via: string; source: string | null }>;
  };
  const sourced = me.provenance.find((p) => p.fact === 'employees' && p.source === 'social');
  test.skip(!sourced || me.employees === null, 'demo data has no 人社-sourced headcount for firm1');
  const corrected = (me.employees ?? 0) + 7;
  const evidence = `E2E ${Date.now()}：社保参保证明显示参保人数为 ${corrected} 人`;

  await signIn(page, 'firm1', '/ent/profile');
  await expect(page.getByRole('heading', { level: 1, name: '企业档案' })).toBeVisible();
  const fact = page.getByTestId('fact-employees');
  await expect(fact).toContainText('来源：人社部门社保参保数据');
  await fact.getByRole('button', { name: '数据有误？提出异议' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('异议将送数据来源所属部门核实');
  await dialog.getByLabel('您认为正确的值').fill(String(corrected));
  await dialog.getByLabel('异议理由与证据说明').fill(evidence);
  await dialog.locator('input[type=file]').setInputFiles({ name: '参保证明.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n') });
  await dialog.getByRole('button', { name: '提交异议' }).click();
  await expect(dialog).toBeHidden();

  await page.goto('/ent/corrections');
  const mine = page.getByTestId('correction').filter({ hasText: evidence });
  await expect(mine).toContainText('待核实');
  await expect(mine).toContainText('证明材料：参保证明.pdf');

  const context = await browser.newContext({ baseURL });
  const editor = await context.newPage();
  await signIn(editor, 'rsj_editor', '/staff/dept/corrections?state=pending');
  await expect(editor.getByRole('heading', { level: 1, name: '数据异议' })).toBeVisible();
  const row = editor.getByRole('row').filter({ hasText: evidence });
  await expect(row).toContainText(me.name);
  await expect(row.getByRole('button', { name: '参保证明.pdf' })).toBeVisible();
  await row.getByRole('button', { name: '核实处理' }).click();
  const resolve = editor.getByRole('dialog');
  await expect(resolve.getByLabel('更正后的值')).toHaveValue(String(corrected));
  await resolve.getByLabel('处理意见').fill('经核实社保系统，参保人数有误，予以更正');
  await resolve.getByRole('button', { name: '提交处理结果' }).click();
  await expect(resolve).toBeHidden();
  await editor.goto('/staff/dept/corrections?state=accepted');
  await expect(editor.getByRole('row').filter({ hasText: evidence })).toContainText('已更正');
  await context.close();

  await page.goto('/ent/profile');
  await expect(page.getByTestId('fact-employees')).toContainText(String(corrected));
  await expect(page.getByTestId('fact-employees')).toContainText('数据异议更正');
  await page.goto('/ent/corrections');
  await expect(page.getByTestId('correction').filter({ hasText: evidence })).toContainText('已更正');
});

test('部门支付: a department payer lands on its batches and reaches its pools', async ({ page }) => {
  await login(page, 'kjj_payer_checker');
  await expect(page).toHaveURL(/\/staff\/finance\/batches/);
  await expect(page.getByRole('heading', { level: 1, name: '兑付批次' })).toBeVisible();
  await page.goto('/staff/finance/pools');
  await expect(page.getByRole('heading', { level: 1, name: '资金池' })).toBeVisible();
  await page.goto('/staff/finance/pool-movements');
  await expect(page.getByText('无权访问')).toBeVisible();
});

test('政策公开: 政策汇编 of the chosen category as a printable page and as XLSX', async ({ page, api }) => {
  await page.goto('/policies?category=subsidy');
  const compendium = page.getByTestId('compendium');
  await expect(compendium).toContainText('政策汇编（按当前部门、类别）');
  const xlsx = await compendium.getByRole('link', { name: '下载 XLSX' }).getAttribute('href');
  expect(xlsx).toContain('theme=subsidy');
  const file = await api.get(xlsx!);
  expect(file.status()).toBe(200);
  expect(file.headers()['content-type']).toContain('spreadsheetml');
  const html = await api.get((await compendium.getByRole('link', { name: '在线查看/打印' }).getAttribute('href'))!);
  expect(html.status()).toBe(200);
  expect(await html.text()).toContain('政策汇编');
});

test('政策公开: the policy page shows the appeal themes linked to it', async ({ page, api }) => {
  // A 共性诉求 theme flagged with policy items (the supervisor's 政策转化), as the demo appeals give.
  const sup = { authorization: `Bearer ${await token(api, 'supervisor')}` };
  type Flag = { itemIds: string[] };
  const listed = await (await api.get('/api/v1/appeals/policy-flags', { headers: sup })).json();
  let flags: Flag[] = Array.isArray(listed) ? listed : ((listed as { items?: Flag[] }).items ?? []);
  if (!flags.some((f) => f.itemIds.length)) {
    const today = new Date().toISOString().slice(0, 10);
    const made = await api.post('/api/v1/appeals/policy-themes/flag', { headers: sup, data: { from: '2020-01-01', to: today, minFirms: 2 } });
    if (made.ok()) flags = (await made.json()) as Flag[];
  }
  let policyId: string | undefined;
  let theme: { categoryLabel: string; firmCount: number } | undefined;
  for (const itemId of flags.flatMap((f) => f.itemIds).slice(0, 20)) {
    const r = await api.get(`/api/v1/public/items/${itemId}/policy`);
    if (!r.ok()) continue;
    const p = (await r.json()) as { id: string; appealThemes?: Array<{ categoryLabel: string; firmCount: number }> };
    if (p.appealThemes?.length) {
      policyId = p.id;
      theme = p.appealThemes[0];
      break;
    }
  }
  test.skip(!policyId || !theme, 'demo data links no appeal theme to a published policy');
  await page.goto(`/policies/${policyId}`);
  const card = page.locator('.ant-card').filter({ hasText: '企业反映的相关诉求' });
  await expect(card.getByTestId('appeal-theme').first()).toContainText(theme!.categoryLabel);
  await expect(card.getByTestId('appeal-theme').first()).toContainText(`${theme!.firmCount} 家企业反映`);
});
