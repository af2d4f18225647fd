import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SANDBOX_PERF } from '../../lib/sandbox-perf';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
} as unknown as typeof ResizeObserver;

interface Sent {
  method: string;
  path: string;
  init?: { body?: { overrides?: { rule?: Array<{ path: string; value: number }> } } };
}

/** The API as the page sees it: each call records what was sent and answers from `respond`. */
const sent: Sent[] = [];
const pendingWhatIf: Array<{ value: number | undefined; resolve: (v: unknown) => void }> = [];
const answerFor = (value: number | undefined) => {
  const eligible = value === undefined ? 43 : value < 1000 ? 81 : 10;
  const firms = (n: number) => Array.from({ length: Math.min(n, 3) }, (_, i) => ({ id: `f${i}`, name: `企业${i}`, districtCode: null, industryCode: null, scale: null, amountFen: 100 }));
  return {
    snapshot: { rows: 300, asOf: null },
    asOf: '2026-12-03',
    scenario: { eligible, totalFen: eligible * 100, averageFen: 100, distribution: {} },
    baseline: { eligible: 43, totalFen: 4300, averageFen: 100, distribution: {} },
    diff: { gained: { count: Math.max(0, eligible - 43), totalFen: Math.max(0, eligible - 43) * 100, sample: firms(Math.max(0, eligible - 43)) }, lost: { count: Math.max(0, 43 - eligible), totalFen: Math.max(0, 43 - eligible) * 100, sample: firms(Math.max(0, 43 - eligible)) }, kept: Math.min(43, eligible), deltaEligible: eligible - 43, deltaFen: (eligible - 43) * 100 },
    budget: null,
    timingMs: 1,
  };
};
function respond(r: Sent): unknown {
  if (r.path === '/api/v1/policies') return { items: [{ id: 'p1', code: 'P1', title: '研发补助政策', ownerDepartment: 'kjj', effectiveFrom: '2026-01-01', effectiveTo: null }], total: 1, page: 1, pageSize: 200 };
  if (r.path === '/api/v1/policies/{id}') {
    const current = { id: 'v1', itemId: 'i1', itemCode: 'I1', version: 2, status: 'published', name: '研发费用补助', rule: { all: [{ fact: 'revenue', operator: 'greaterThanInclusive', value: 500 }] }, formula: {}, fundPoolFen: 0, ownerDepartment: 'kjj' };
    return { id: 'p1', title: '研发补助政策', items: [{ id: 'i1', code: 'I1', latestVersion: 2, current, open: null, latest: current }] };
  }
  if (r.path === '/api/v1/sandbox/effects/{itemId}') return { itemId: 'i1', itemName: '研发费用补助', firstPublishedAt: null, paid: { firms: 0, totalFen: 0 }, comparisonFirms: 0, indicators: [], method: '双重差分' };
  if (r.path === '/api/v1/sandbox/scenarios') return { items: [], total: 0, page: 1, pageSize: 10 };
  throw new Error(`unexpected ${r.method} ${r.path}`);
}
const request = (method: string) => (path: string, init?: Sent['init']) => Promise.resolve({ method, path, init });
/** `call()`: what-ifs wait for the test to answer them, the rest answer at once. */
const reply = async (p: Promise<Sent>) => {
  const r = await p;
  sent.push(r);
  if (r.path === '/api/v1/sandbox/what-if') return new Promise((resolve) => pendingWhatIf.push({ value: r.init?.body?.overrides?.rule?.[0]?.value, resolve }));
  return respond(r);
};
vi.mock('../../api/client', () => ({ api: { GET: request('GET'), POST: request('POST'), PATCH: request('PATCH'), DELETE: request('DELETE') }, call: reply }));
vi.mock('../../lib/save-blob', () => ({ saveBlob: () => undefined }));
vi.mock('../public/usePublicData', () => ({
  useFacts: () => ({ data: [{ key: 'revenue', label: '营业收入', type: 'integer', unit: '万元' }] }),
  usePublicCatalogue: () => ({ data: { districts: [], tags: [] } }),
  namesOf: () => new Map(),
}));
vi.mock('../../auth/AuthProvider', () => ({ useAuth: () => ({ user: { id: 'u-leader', role: 'leader', username: 'leader', displayName: '领导' } }) }));
vi.mock('./Chart', () => ({ Chart: ({ label }: { label: string }) => <div role="img" aria-label={label} /> }));

const { default: SandboxPage } = await import('./SandboxPage');

const flush = async (ms = 0) => {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
};
const key = async (el: Element, keyCode: number) => {
  const e = new KeyboardEvent('keydown', { bubbles: true, cancelable: true });
  Object.defineProperty(e, 'keyCode', { get: () => keyCode });
  Object.defineProperty(e, 'which', { get: () => keyCode });
  await act(async () => {
    el.dispatchEvent(e);
  });
};

afterEach(() => {
  vi.useRealTimers();
  sent.length = 0;
  pendingWhatIf.length = 0;
});

describe('SandboxPage', () => {
  it('turns slider moves into debounced what-ifs with the threshold patched, and drops a slower, older answer', { timeout: 30_000 }, async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    performance.clearMarks();
    performance.clearMeasures();
    const host = document.createElement('div');
    document.body.appendChild(host);
    const root = createRoot(host);
    await act(async () => {
      root.render(
        <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
          <MemoryRouter initialEntries={['/staff/leader/sandbox?policy=p1&item=i1']}>
            <SandboxPage />
          </MemoryRouter>
        </QueryClientProvider>,
      );
    });
    await flush(10);
    expect(host.textContent).toContain('调整条件：研发费用补助（v2）');
    await flush(300);
    // the first question is the item as published: no patch
    expect(pendingWhatIf).toHaveLength(1);
    expect(pendingWhatIf[0].value).toBeUndefined();
    await act(async () => pendingWhatIf[0].resolve(answerFor(undefined)));
    expect(host.querySelector('[aria-label="企业数变化"]')?.textContent).toBe('较现行 0 家（现行 43 家）');

    const slider = host.querySelector('[role="slider"]')!;
    await key(slider, 36); // Home: threshold 0
    await flush(300);
    await key(slider, 35); // End: three times today's
    await flush(50);
    await key(slider, 39); // a step right within the quiet time, then End again: one request for the last position
    await key(slider, 35);
    await flush(300);
    expect(pendingWhatIf.map((p) => p.value)).toEqual([undefined, 0, 1500]);
    // the newest answer arrives first, the older one late: the late one is dropped
    await act(async () => pendingWhatIf[2].resolve(answerFor(1500)));
    expect(host.querySelector('[aria-label="企业数变化"]')?.textContent).toBe('较现行 -33 家（现行 43 家）');
    expect(host.textContent).toContain('不再符合 33 家');
    await act(async () => pendingWhatIf[1].resolve(answerFor(0)));
    expect(host.querySelector('[aria-label="企业数变化"]')?.textContent).toBe('较现行 -33 家（现行 43 家）');
    expect(performance.getEntriesByName(SANDBOX_PERF.request, 'measure').length).toBeGreaterThan(0);
    act(() => root.unmount());
  });
});
