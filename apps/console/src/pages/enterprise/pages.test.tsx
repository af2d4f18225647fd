import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

/**
 * The enterprise pages rendered in jsdom against canned API answers (shapes as the platform sends
 * them): they show the data, the ✔/✘ conditions and the current timeline node, and offer the
 * actions of the state. The user's whole path in a real browser is e2e/enterprise.spec.ts.
 */
const answers = vi.hoisted(() => {
  const map = new Map<string, unknown>();
  // jsdom lacks ResizeObserver, which antd's Steps and overflow helpers use
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
  // the client resolves '/api/…' against the page; Node's Request needs an absolute URL
  const NodeRequest = globalThis.Request;
  globalThis.Request = class extends NodeRequest {
    constructor(input: RequestInfo | URL, init?: RequestInit) {
      super(typeof input === 'string' && input.startsWith('/') ? `http://localhost${input}` : input, init);
    }
  } as typeof Request;
  globalThis.fetch = (async (input: RequestInfo | URL) => {
    const url = new URL(input instanceof Request ? input.url : String(input), 'http://localhost');
    const key = `${url.pathname}${url.search}`;
    const hit = [...map.keys()].find((k) => key === k || (k.endsWith('*') && key.startsWith(k.slice(0, -1))));
    if (!hit) return new Response(JSON.stringify({ code: 'NOT_FOUND', message: `no canned answer for ${key}` }), { status: 404, headers: { 'content-type': 'application/json' } });
    return new Response(JSON.stringify(map.get(hit)), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return map;
});

import ApplicationDetailPage from './ApplicationDetailPage';
import EnterpriseHomePage from './HomePage';
import MyPolicyDetailPage from './PolicyDetailPage';

const ITEM = '01a23c1e-285d-705e-9e61-7c4bb88d2477';
const APP = '01a23c1e-305d-768b-974d-f581b4f505a7';
const policy = {
  itemId: ITEM, itemVersionId: 'v1', itemName: '企业研发费用后补助', policyId: 'p1', policyTitle: '郑州市企业研发费用后补助实施办法', department: 'kjj',
  mode: 'application', modeLabel: '申请制', outcome: 'eligible', estimateFen: 5_000_000, estimateText: '5万元', applyTo: '2099-12-31', lacking: null,
  exclusionGroup: null, matchedAt: '2026-12-03T13:35:40.281Z',
};
const application = {
  id: APP, enterpriseId: 'e1', enterpriseName: '河南安宏食品有限公司', itemId: ITEM, itemVersionId: 'v1', itemName: '企业研发费用后补助', departmentCode: 'kjj',
  mode: 'application', modeLabel: '申请制', period: '2026', state: 'draft', stateLabel: '草稿', amountFen: 0, amountText: '0元', estimateText: '5万元',
  disclosureRoundId: null, payeeName: null, payeeBankName: null, payeeAccountMasked: null, submittedAt: null, decidedAt: null, confirmedAt: null, paidAt: null,
  confirmBy: null, reopenUntil: null, createdAt: '2026-12-03T13:35:41.000Z', stateSince: '2026-12-03T13:35:41.000Z', step: 1,
};
const node = (step: number, command: string, commandLabel: string, toState: string, stateLabel: string, comment: string) => ({
  step, at: '2026-12-03T13:35:41.000Z', command, commandLabel, fromState: null, toState, stateLabel, actorRole: 'enterprise', actorRoleLabel: '企业用户',
  departmentCode: null, outcome: command === 'note' ? 'material_uploaded' : null, comment, details: null,
});

let root: Root | null = null;
let host: HTMLDivElement | null = null;

async function render(path: string, pattern: string, element: ReactNode): Promise<HTMLElement> {
  host = document.createElement('div');
  document.body.appendChild(host);
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  // no act(): the pages load asynchronously and waitForText polls the DOM as a user would look at it
  root = createRoot(host);
  root.render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[path]}>
        <Routes><Route path={pattern} element={element} /></Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return host;
}

async function waitForText(el: HTMLElement, text: string): Promise<void> {
  for (let i = 0; i < 400 && !el.textContent?.includes(text); i++) await new Promise((r) => setTimeout(r, 20));
  expect(el.textContent).toContain(text);
}

beforeAll(() => {
  answers.set('/api/v1/me/inbox?page=1&pageSize=10', {
    items: [{ id: 'v1', kind: 'eligible', itemId: ITEM, itemVersionId: 'v1', title: '企业研发费用后补助', estimateFen: 5_000_000, createdAt: '2026-12-03T13:35:40.300Z', readAt: null, statusText: null, statusAt: null, body: '您的企业符合“企业研发费用后补助”的申报条件，预计可享受：5万元' }],
    total: 1, page: 1, pageSize: 10,
  });
  answers.set('/api/v1/me/inbox?page=1&pageSize=1&unread=true', { items: [], total: 3, page: 1, pageSize: 1 });
  answers.set('/api/v1/me/policies?page=1&pageSize=1', { eligible: [policy], nearMisses: [], totals: { eligible: 4, nearMisses: 2, estimateFen: 126_000_000, estimateText: '126万元' }, page: 1, pageSize: 1 });
  answers.set('/api/v1/me/notices*', {
    items: [{ id: 'n1', kind: 'confirm_account', title: '请确认收款账户', body: '公示期已结束，请于 2026-12-10 前确认收款账户。', itemId: ITEM, applicationId: APP, createdAt: '2026-12-03T10:00:00.000Z', readAt: null }],
    total: 1, page: 1, pageSize: 5,
  });
  answers.set(`/api/v1/me/policies/${ITEM}`, {
    ...policy, docNumber: '郑科〔2026〕1号', sourceUrl: null, clause: null, materials: ['营业执照'], applyFrom: '2026-01-01', contact: null,
    reasons: [
      { text: '营业收入 9,746.47万元，要求不低于 5,000万元 — 满足', passed: true, missing: false },
      { text: '企业标签 规上企业、高新技术企业，要求具有标签 专精特新 — 不满足', passed: false, missing: false },
    ],
  });
  answers.set(`/api/v1/applications?itemId=${ITEM}&page=1&pageSize=20`, { items: [], total: 0, page: 1, pageSize: 20 });
  answers.set(`/api/v1/applications/${APP}`, application);
  answers.set(`/api/v1/applications/${APP}/timeline`, [
    node(1, 'create', '创建申请', 'draft', '草稿', '企业在线申请'),
    node(2, 'note', '办理记录', 'draft', '草稿', '上传材料：营业执照（营业执照.pdf）'),
  ]);
  answers.set(`/api/v1/applications/${APP}/materials`, [
    { id: 'm1', materialName: '营业执照', fileName: '营业执照.pdf', contentType: 'application/pdf', sizeBytes: 2048, sha256: 'x', uploadedAt: '2026-12-03T13:36:00.000Z' },
  ]);
  answers.set('/api/v1/applications/commitment-text', { textVersion: 'XYCN-2026.1', text: '本企业郑重承诺：所填报信息及提交材料真实、准确、完整。' });
});

afterEach(() => {
  root?.unmount();
  host?.remove();
  root = null;
});

describe('enterprise pages', { timeout: 20_000 }, () => {
  it('首页: unread count, estimated total, the pushed policy and the notice with links', async () => {
    const el = await render('/ent', '/ent', <EnterpriseHomePage />);
    await waitForText(el, '您的企业符合“企业研发费用后补助”的申报条件');
    await waitForText(el, '126万元');
    await waitForText(el, '请确认收款账户');
    expect(el.textContent).toContain('政策推送');
    expect(el.querySelector(`a[href="/ent/policies/${ITEM}"]`)).not.toBeNull();
    expect(el.querySelector(`a[href="/ent/applications/${APP}"]`)).not.toBeNull();
    expect(el.textContent).toMatch(/未读消息\s*3/);
  });

  it('item detail: each condition ✔/✘ with the firm’s value and the requirement, and 申请', async () => {
    const el = await render(`/ent/policies/${ITEM}`, '/ent/policies/:itemId', <MyPolicyDetailPage />);
    await waitForText(el, '申报条件（满足 1 / 2 项）');
    const lines = [...el.querySelectorAll('[data-testid="condition"]')].map((x) => x.textContent);
    expect(lines[0]).toContain('✔');
    expect(lines[0]).toContain('本企业：9,746.47万元');
    expect(lines[0]).toContain('要求不低于 5,000万元');
    expect(lines[1]).toContain('✘');
    expect(lines[1]).toContain('要求具有标签 专精特新');
    await waitForText(el, '申请');
    // (antd spaces two-character labels without the app's ConfigProvider: 申 请)
    expect([...el.querySelectorAll('button')].some((b) => b.textContent?.replace(/\s/g, '') === '申请')).toBe(true);
  });

  it('application detail: the current node of the timeline, materials, and what a draft can do', async () => {
    const el = await render(`/ent/applications/${APP}`, '/ent/applications/:id', <ApplicationDetailPage />);
    await waitForText(el, '当前环节');
    const current = el.querySelector('[data-testid="timeline-current"]');
    expect(current?.textContent).toContain('创建申请'); // the later upload is a note, not a step
    await waitForText(el, '营业执照.pdf');
    await waitForText(el, '本企业郑重承诺');
    const buttons = [...el.querySelectorAll('button')].map((b) => b.textContent?.replace(/\s/g, ''));
    expect(buttons).toEqual(expect.arrayContaining(['上传材料', '签署信用承诺', '提交申请', '撤回申请']));
  });
});
