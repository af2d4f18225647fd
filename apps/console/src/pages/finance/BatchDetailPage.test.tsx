import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
} as unknown as typeof ResizeObserver;

interface Sent {
  method: string;
  path: string;
}
const sent: Sent[] = [];
let status = 'submitted';
const batch = () => ({
  id: 'b1', batchNo: 'B20261203-0001', title: '研发补助第一批', status, statusLabel: status === 'submitted' ? '待复核' : '复核通过', filter: {},
  instructionCount: 1, totalFen: 2_000_000, totalText: '2万元', createdBy: 'u-maker', createdByName: '市财政局经办', submittedBy: 'u-maker',
  approvedBy: null, rejectedBy: null, rejectReason: null, createdAt: '2026-12-03T01:00:00Z', approvedAt: null, completedAt: null, progress: { [status]: 1 },
});
const instruction = () => ({
  id: 'i1', applicationId: 'a1', enterpriseId: 'e1', enterpriseName: '郑州某科技有限公司', itemId: 'it1', itemName: '研发费用补助', departmentCode: 'kjj', districtCode: null,
  fundPoolId: 'pool', budgetSubject: '2150805', amountFen: 2_000_000, amountText: '2万元', payeeName: '郑州某科技有限公司', payeeAccountMasked: '622202******1234', payeeBankName: null,
  status, statusLabel: status === 'submitted' ? '已提交复核' : '复核通过', batchId: 'b1', reissueOf: null, sendAttempts: 0, treasuryRef: null, resultReason: null, createdAt: '2026-12-03T01:00:00Z', settledAt: null,
});
function respond(r: Sent): unknown {
  sent.push(r);
  if (r.method === 'GET' && r.path === '/api/v1/payouts/batches/{id}') return batch();
  if (r.method === 'GET' && r.path === '/api/v1/payouts/instructions') return { items: [instruction()], total: 1, page: 1, pageSize: 20 };
  if (r.method === 'GET' && r.path === '/api/v1/payouts/instructions/{id}/journal') {
    return [{ kind: 'commit', postedAt: '2026-12-03T02:00:00Z', lines: [{ account: 'fund_pool_budget', amountFen: 2_000_000 }, { account: 'payable_enterprises', amountFen: -2_000_000 }] }];
  }
  if (r.method === 'POST' && r.path === '/api/v1/payouts/batches/{id}/approve') {
    status = 'approved';
    return batch();
  }
  throw new Error(`unexpected ${r.method} ${r.path}`);
}
const request = (method: string) => (path: string) => Promise.resolve({ method, path });
vi.mock('../../api/client', () => ({ api: { GET: request('GET'), POST: request('POST') }, call: async (r: Promise<Sent>) => respond(await r) }));
const who = vi.hoisted(() => ({ user: { id: 'u-maker', role: 'finance_maker' } }));
vi.mock('../../auth/AuthProvider', () => ({ useAuth: () => who }));

const { default: BatchDetailPage } = await import('./BatchDetailPage');

async function show(): Promise<{ host: HTMLElement; unmount: () => void }> {
  const host = document.createElement('div');
  document.body.appendChild(host);
  const root = createRoot(host);
  await act(async () => {
    root.render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <MemoryRouter initialEntries={['/staff/finance/batches/b1']}>
          <Routes>
            <Route path="/staff/finance/batches/:id" element={<BatchDetailPage />} />
          </Routes>
        </MemoryRouter>
      </QueryClientProvider>,
    );
  });
  await until(() => host.querySelector('h1') !== null && host.textContent!.includes('郑州某科技有限公司'));
  return { host, unmount: () => act(() => root.unmount()) };
}
/** Lets the mocked answers settle until `done` holds (the page's queries resolve over a few ticks). */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) {
    await act(async () => {
      await new Promise((r) => setTimeout(r, 10));
    });
  }
}
const button = (host: HTMLElement, name: string) => [...host.querySelectorAll('button')].find((b) => b.textContent?.replace(/\s/g, '') === name);

afterEach(() => {
  sent.length = 0;
  status = 'submitted';
  document.body.innerHTML = '';
});

describe('BatchDetailPage', () => {
  it('shows the maker their own batch with 复核通过 disabled and the four-eyes reason', { timeout: 30_000 }, async () => {
    who.user = { id: 'u-maker', role: 'finance_maker' };
    const { host, unmount } = await show();
    expect(host.querySelector('h1')?.textContent).toBe('兑付批次 B20261203-0001');
    expect(host.textContent).toContain('市财政局经办');
    expect(host.textContent).toContain('已提交复核');
    expect(button(host, '复核通过')?.disabled).toBe(true);
    expect(host.textContent).toContain('不能复核：复核人不能是该批次的经办人（四眼原则）');
    unmount();
  });

  it('shows a department payer each instruction’s journal of its batch', { timeout: 30_000 }, async () => {
    who.user = { id: 'u-kjj-checker', role: 'dept_payer_checker' };
    const { host, unmount } = await show();
    const expand = host.querySelector<HTMLButtonElement>('button.ant-table-row-expand-icon');
    expect(expand).not.toBeNull();
    await act(async () => {
      expand!.click();
    });
    await until(() => host.textContent!.includes('预算占用'));
    expect(sent.some((r) => r.method === 'GET' && r.path === '/api/v1/payouts/instructions/{id}/journal')).toBe(true);
    expect(host.textContent).toContain('资金池预算指标');
    unmount();
  });

  it('lets another checker approve; the page then shows the new states', { timeout: 30_000 }, async () => {
    who.user = { id: 'u-checker', role: 'finance_checker' };
    const { host, unmount } = await show();
    const approve = button(host, '复核通过')!;
    expect(approve.disabled).toBe(false);
    expect(host.textContent).not.toContain('不能复核');
    await act(async () => {
      approve.click();
    });
    await until(() => host.textContent!.includes('复核通过 1 笔'));
    expect(sent.some((r) => r.method === 'POST' && r.path === '/api/v1/payouts/batches/{id}/approve')).toBe(true);
    expect(button(host, '复核通过')).toBeUndefined();
    expect(host.textContent).toContain('复核通过 1 笔');
    unmount();
  });
});
