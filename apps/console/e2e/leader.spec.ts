import type { APIRequestContext } from '@playwright/test';
import { numericThresholds } from '../src/lib/rule-thresholds';
import { expect, signIn, test, token } from './fixtures';

/** A published item whose rule has a numeric threshold (the demo policies have several), with its policy. */
async function itemWithThreshold(api: APIRequestContext): Promise<{ policyId: string; itemId: string; name: string }> {
  const headers = { authorization: `Bearer ${await token(api, 'leader')}` };
  const list = (await (await api.get('/api/v1/policies?pageSize=200', { headers })).json()) as { items: Array<{ id: string }> };
  for (const p of list.items) {
    const policy = (await (await api.get(`/api/v1/policies/${p.id}`, { headers })).json()) as {
      items: Array<{ id: string; current: { name: string; rule: unknown } | null }>;
    };
    const item = policy.items.find((i) => i.current && numericThresholds(i.current.rule).length > 0);
    if (item) return { policyId: p.id, itemId: item.id, name: item.current!.name };
  }
  throw new Error('demo data has no published item with a numeric condition');
}

test('issue 12 test 5 — leader moves a threshold slider: the count, cost and gains/losses change', async ({ page, api }) => {
  const { policyId, itemId, name } = await itemWithThreshold(api);
  await signIn(page, 'leader', `/staff/leader/sandbox?policy=${policyId}&item=${itemId}`);
  await expect(page.getByRole('heading', { level: 1, name: '数据沙盘' })).toBeVisible();
  await expect(page.getByText(`调整条件：${name}`)).toBeVisible();

  // the first answer is the current rule: no change against it
  const count = page.getByLabel('企业数变化');
  const cost = page.getByLabel('资金变化');
  await expect(count).toHaveText(/较现行 0 家/);
  await expect(cost).toHaveText(/较现行 0元/);

  // the slider to its lowest position (a threshold of 0 lets more firms in, or fewer for an upper bound)
  const slider = page.getByRole('slider').first();
  await slider.focus();
  await slider.press('Home');
  await expect(count).not.toHaveText(/较现行 0 家/);
  await expect(cost).not.toHaveText(/较现行 0元/);
  await expect(page.getByText(/^(新增符合|不再符合) [1-9]\d* 家$/).first()).toBeVisible();
  const low = await count.textContent();

  // quick moves: the answer shown is always the last position's, never a slower, older one
  await slider.press('End');
  await slider.press('Home');
  await expect(count).toHaveText(low ?? '');

  // the performance marks a later benchmark reads
  const measures = await page.evaluate(() => performance.getEntriesByName('sandbox:input→answer', 'measure').length);
  expect(measures).toBeGreaterThan(0);
});
