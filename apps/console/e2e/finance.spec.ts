import { expect, signIn, test, token } from './fixtures';

/**
 * Issue 12: the maker batches ready instructions and submits them; the maker may not approve the
 * own batch; the checker (another account) approves, and the detail shows each instruction's state.
 */
test('finance: maker builds a batch from ready instructions, cannot approve it; the checker approves and the detail shows states', async ({ page, api, browser, baseURL }) => {
  test.setTimeout(180_000); // two sessions, each logging in: more than the default minute on a loaded machine
  const maker = { authorization: `Bearer ${await token(api, 'finance_maker')}` };
  const ready = (await (await api.get('/api/v1/payouts/instructions?status=created&pageSize=1', { headers: maker })).json()) as { total: number };
  // Instructions are born when a firm confirms its account after 公示 ends (5 working days); the
  // embedded demo can only provide them through its seed.
  test.skip(ready.total === 0, 'demo data has no payout instructions ready for batching (待组批)');

  await signIn(page, 'finance_maker', '/staff/finance/ready');
  await expect(page.getByRole('heading', { level: 1, name: '待兑付' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: '待组批' }).first()).toBeVisible();
  await page.getByRole('button', { name: '按当前筛选组批' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText('指令笔数')).toBeVisible();
  const title = `E2E 批次 ${Date.now()}`;
  await dialog.getByLabel('批次标题').fill(title);
  await dialog.getByLabel('最多纳入笔数').fill('3');
  await dialog.getByRole('button', { name: '生成并提交复核' }).click();

  await expect(page).toHaveURL(/\/staff\/finance\/batches\/[0-9a-f-]{36}$/);
  const batchUrl = new URL(page.url()).pathname;
  await expect(page.getByRole('heading', { level: 1, name: /^兑付批次 / })).toBeVisible();
  await expect(page.getByText(title)).toBeVisible();
  await expect(page.getByText('待复核', { exact: true })).toBeVisible();
  await expect(page.getByRole('main').getByText('市财政局经办')).toBeVisible();
  // four eyes: the maker's own batch is not approvable, and the page says why
  await expect(page.getByRole('button', { name: '复核通过' })).toBeDisabled();
  await expect(page.getByText('不能复核：复核人不能是该批次的经办人（四眼原则）')).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: '已提交复核' }).first()).toBeVisible();

  // the checker, in another session
  const context = await browser.newContext({ baseURL });
  const checker = await context.newPage();
  await signIn(checker, 'finance_checker', '/staff/finance/batches?status=submitted');
  await expect(checker.getByRole('heading', { level: 1, name: '兑付批次' })).toBeVisible();
  await checker.getByRole('row').filter({ hasText: title }).getByRole('link').click();
  await expect(checker).toHaveURL(new RegExp(`${batchUrl}$`));
  await expect(checker.getByRole('main').getByText('市财政局经办')).toBeVisible(); // the maker's name, shown to the checker
  const approve = checker.getByRole('button', { name: '复核通过' });
  await expect(approve).toBeEnabled();
  await approve.click();
  await expect(checker.getByText(/^(复核通过|支付中|支付完成)$/).first()).toBeVisible();
  await expect(checker.getByRole('button', { name: '复核通过' })).toHaveCount(0);
  await expect(checker.getByRole('row').filter({ hasText: /复核通过|发送中|已发送|已到账/ }).first()).toBeVisible();
  // each instruction's journal: the budget committed on approval
  const instruction = checker.getByRole('row').filter({ has: checker.getByRole('button', { name: '展开行' }) }).first();
  await expect(instruction).toContainText(/复核通过|发送中|已发送|已到账/);
  await instruction.getByRole('button', { name: '展开行' }).click();
  await expect(checker.getByText('预算占用').first()).toBeVisible();
  await context.close();
});

/**
 * Issue 12 gap — a department paying its own pools (支付单位 = 主管部门). Finance hands a 科技局 pool
 * with ready instructions to the department's own account; kjj_payer_maker finds them on 待兑付,
 * builds a batch and submits it; kjj_payer_checker approves it and reads an instruction's journal.
 * Finance takes the pool back at the end, so the demo stays as the other tests expect it.
 */
test('department payer: kjj_payer_maker batches its own pool from 待兑付; kjj_payer_checker approves and reads the journal', async ({ page, api, browser, baseURL }) => {
  test.setTimeout(180_000);
  type Paged<T> = { items: T[]; total: number };
  type Instruction = { id: string; fundPoolId: string; itemName: string; batchId: string | null; amountFen: number; status: string };
  const finMaker = { authorization: `Bearer ${await token(api, 'finance_maker')}` };
  const finChecker = { authorization: `Bearer ${await token(api, 'finance_checker')}` };
  const get = async <T>(url: string): Promise<T> => (await (await api.get(url, { headers: finMaker })).json()) as T;
  const readyOfKjj = () => get<Paged<Instruction>>('/api/v1/payouts/instructions?status=created&departmentCode=kjj&pageSize=50');

  // The demo's 科技局 instructions may all sit in a batch waiting for finance's checker: sent back, they are ready again.
  if ((await readyOfKjj()).total === 0) {
    const waiting = await get<Paged<{ id: string; payerCode: string; filter: { departmentCode?: string } }>>('/api/v1/payouts/batches?status=submitted&pageSize=50');
    for (const b of waiting.items.filter((x) => x.payerCode === 'finance' && x.filter.departmentCode === 'kjj')) {
      expect((await api.post(`/api/v1/payouts/batches/${b.id}/reject`, { headers: finChecker, data: { reason: 'E2E：改由科技局自有账户支付' } })).ok()).toBe(true);
    }
  }
  const ready = await readyOfKjj();
  test.skip(ready.total === 0, 'demo data has no 科技局 payout instructions ready for batching (待组批)');
  const pool = ready.items[0].fundPoolId;
  const itemName = ready.items[0].itemName;
  // who pays a pool changes only while none of its instructions waits for a checker
  for (const status of ['submitted', 'batched']) {
    const held = await get<Paged<Instruction>>(`/api/v1/payouts/instructions?fundPoolId=${encodeURIComponent(pool)}&status=${status}&pageSize=50`);
    for (const batchId of new Set(held.items.map((i) => i.batchId).filter((x): x is string => x !== null))) {
      expect((await api.post(`/api/v1/payouts/batches/${batchId}/reject`, { headers: finChecker, data: { reason: 'E2E：改由科技局自有账户支付' } })).ok()).toBe(true);
    }
  }
  const handed = await api.patch(`/api/v1/payouts/pools/${encodeURIComponent(pool)}`, { headers: finChecker, data: { payer: 'department' } });
  expect(handed.ok(), await handed.text()).toBe(true);
  // room in the pool for what the department is about to approve
  const mine = ready.items.filter((i) => i.fundPoolId === pool).reduce((s, i) => s + i.amountFen, 0);
  const { availableFen } = (await get<{ availableFen: number | null }>(`/api/v1/payouts/pools/${encodeURIComponent(pool)}`));
  if (availableFen !== null && availableFen < mine) {
    const asked = await api.post('/api/v1/payouts/pools/movements', { headers: finMaker, data: { kind: 'top_up', toPoolId: pool, amountFen: mine - availableFen, reason: 'E2E 追加' } });
    expect(asked.ok(), await asked.text()).toBe(true);
    expect((await api.post(`/api/v1/payouts/pools/movements/${((await asked.json()) as { id: string }).id}/approve`, { headers: finChecker })).ok()).toBe(true);
  }

  try {
    await signIn(page, 'kjj_payer_maker', '/staff/finance/ready');
    await expect(page.getByRole('heading', { level: 1, name: '待兑付' })).toBeVisible();
    await expect(page.getByText('本部门自有账户支付的资金池')).toBeVisible();
    await expect(page.getByRole('row').filter({ hasText: itemName }).first()).toBeVisible();
    await page.getByRole('button', { name: '按当前筛选组批' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByText('指令笔数')).toBeVisible();
    const title = `E2E 科技局自有资金批次 ${Date.now()}`;
    await dialog.getByLabel('批次标题').fill(title);
    await dialog.getByRole('button', { name: '生成并提交复核' }).click();

    await expect(page).toHaveURL(/\/staff\/finance\/batches\/[0-9a-f-]{36}$/);
    const batchUrl = new URL(page.url()).pathname;
    await expect(page.getByText(title)).toBeVisible();
    await expect(page.getByText('待复核', { exact: true })).toBeVisible();
    await expect(page.getByRole('main').getByText('市科技局支付经办')).toBeVisible();
    await expect(page.getByRole('button', { name: '复核通过' })).toBeDisabled(); // four eyes: its own batch

    // the department's checker, in another session
    const context = await browser.newContext({ baseURL });
    const checker = await context.newPage();
    await signIn(checker, 'kjj_payer_checker', batchUrl);
    const approve = checker.getByRole('button', { name: '复核通过' });
    await expect(approve).toBeEnabled();
    await approve.click();
    await expect(checker.getByText(/^(复核通过|支付中|支付完成)$/).first()).toBeVisible();
    const instruction = checker.getByRole('row').filter({ has: checker.getByRole('button', { name: '展开行' }) }).first();
    await expect(instruction).toContainText(/复核通过|发送中|已发送|已到账/);
    await instruction.getByRole('button', { name: '展开行' }).click();
    await expect(checker.getByText('预算占用').first()).toBeVisible();
    await context.close();
  } finally {
    await api.patch(`/api/v1/payouts/pools/${encodeURIComponent(pool)}`, { headers: finChecker, data: { payer: 'finance' } });
  }
});
