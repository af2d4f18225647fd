import { expect, openDisclosureRound, test } from './fixtures';

test('anonymous: the 公示 list shows firms and amounts, and an objection with an SMS-verified phone is accepted with a receipt', async ({ page, api }) => {
  const roundId = await openDisclosureRound(api);
  await page.goto('/disclosures');
  await page.getByRole('table').getByRole('link').first().click();
  await expect(page).toHaveURL(new RegExp(`/disclosures/${roundId}$`));
  await expect(page.getByRole('heading', { level: 1, name: /兑现公示$/ })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: '公示中' }).first();
  await expect(row.getByText(/万元|元$/)).toBeVisible();

  await row.getByRole('button', { name: '提出异议' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: '提交异议' }).click();
  await expect(dialog.getByText('请填写联系人')).toBeVisible(); // checked before anything is sent
  await dialog.getByLabel('联系人').fill('张先生');
  // the phone is proved with a code (the demo's SMS gateway is a fake: its inbox is readable in the demo)
  await dialog.getByLabel('手机号').fill('1380013800');
  await dialog.getByRole('button', { name: '获取验证码' }).click();
  await expect(dialog.getByText('请填写 11 位手机号码')).toBeVisible();
  await dialog.getByLabel('手机号').fill('13800138000');
  await dialog.getByRole('button', { name: '获取验证码' }).click();
  await dialog.getByLabel('短信验证码').fill('000000');
  await dialog.getByLabel('异议理由').fill('该企业上年度已迁出本市，不符合条件。');
  await dialog.getByRole('button', { name: '提交异议' }).click();
  await expect(dialog.getByRole('alert')).toBeVisible(); // a wrong code: the API's message, nothing filed
  await dialog.getByRole('button', { name: '演示环境：查看模拟短信' }).click();
  await expect(dialog.getByLabel('短信验证码')).not.toHaveValue('000000');
  await dialog.getByRole('button', { name: '提交异议' }).click();
  await expect(dialog.getByText('异议已受理')).toBeVisible();
  await expect(dialog.getByText(/受理编号：/)).toBeVisible();
  await dialog.getByRole('button', { name: '完成' }).click();
  await page.reload();
  await expect(page.getByText('异议核查中').first()).toBeVisible();
});
