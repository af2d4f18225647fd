import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { describe, expect, it, vi } from 'vitest';
import type { WhatIfAnswer } from '../../api/types';
import { WhatIfResult } from './WhatIfResult';

// ECharts needs a canvas, which jsdom lacks; the numbers around the charts are what is checked here.
vi.mock('./Chart', () => ({ Chart: ({ label }: { label: string }) => <div role="img" aria-label={label} /> }));
vi.mock('../public/usePublicData', () => ({ usePublicCatalogue: () => ({ data: { districts: [{ code: '410105', name: '金水区' }] } }), namesOf: (l: Array<{ code: string; name: string }> = []) => new Map(l.map((x) => [x.code, x.name])) }));

const firm = (id: string, amountFen: number) => ({ id, name: `企业${id}`, districtCode: '410105', industryCode: 'C', scale: 'small', amountFen });
const answer: WhatIfAnswer = {
  snapshot: { rows: 300, asOf: '2026-12-03T00:00:00Z' },
  asOf: '2026-12-03',
  scenario: { eligible: 81, totalFen: 162_000_000, averageFen: 2_000_000, distribution: { district: [{ key: '410105', label: '金水区', count: 11, totalFen: 22_000_000 }] } },
  baseline: { eligible: 43, totalFen: 86_000_000, averageFen: 2_000_000, distribution: {} },
  diff: { gained: { count: 38, totalFen: 76_000_000, sample: [firm('1', 2_000_000)] }, lost: { count: 0, totalFen: 0, sample: [] }, kept: 43, deltaEligible: 38, deltaFen: 76_000_000 },
  budget: {
    capFen: 100_000_000, priority: 'registration', priorityDescription: '按企业登记入库顺序', funded: 50, fundedFen: 100_000_000, unfunded: 31, unfundedFen: 62_000_000,
    exhaustedAt: { rank: 51, firm: firm('51', 2_000_000), cumulativeFenBefore: 100_000_000, remainingFen: 0 },
  },
  timingMs: 1.2,
};

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
// antd's tables observe their size; jsdom has no ResizeObserver
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
} as unknown as typeof ResizeObserver;

describe('WhatIfResult', () => {
  // antd's first render in jsdom is slow on a busy machine: a generous limit, not a timing assertion
  it('shows count and cost against the current rule, the budget cut-off and the firms gained and lost', { timeout: 30_000 }, async () => {
    const host = document.createElement('div');
    document.body.appendChild(host);
    const root = createRoot(host);
    await act(async () => {
      root.render(
        <QueryClientProvider client={new QueryClient()}>
          <WhatIfResult answer={answer} pending={false} />
        </QueryClientProvider>,
      );
    });
    const text = (label: string) => host.querySelector(`[aria-label="${label}"]`)?.textContent;
    expect(text('企业数变化')).toBe('较现行 +38 家（现行 43 家）');
    expect(text('资金变化')).toBe('较现行 +76万元');
    const all = host.textContent ?? '';
    expect(all).toContain('新增符合 38 家');
    expect(all).toContain('不再符合 0 家');
    expect(all).toContain('企业1');
    expect(all).toMatch(/预算在第 51 家企业（企业51）处用尽/);
    expect(host.querySelectorAll('[role="img"][aria-label^="符合企业分布"]')).toHaveLength(3);
    act(() => root.unmount());
  });
});
