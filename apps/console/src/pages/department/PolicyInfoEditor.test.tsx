import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ConfigProvider } from 'antd';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PolicyView } from '../../api/types';

const auth = vi.hoisted(() => ({ user: { id: 'u1', role: 'dept_editor', departmentCode: 'kjj', displayName: '科技局编辑' } as { id: string; role: string; departmentCode: string | null; displayName: string } }));
vi.mock('../../auth/AuthProvider', () => ({ useAuth: () => ({ user: auth.user }) }));

// The typed client: PATCHes recorded and answered by `answer`; GET serves the policy as it is now.
const sent = vi.hoisted(() => [] as Array<{ path: string; body: unknown }>);
const server = vi.hoisted(() => ({ policy: null as unknown, answer: null as null | { status: number; body: unknown } }));
vi.mock('../../api/client', async () => {
  const { toApiError } = await import('../../api/errors');
  type Res = { data?: unknown; error?: unknown; response: { ok: boolean; status: number } };
  return {
    api: {
      GET: async (): Promise<Res> => ({ data: server.policy, response: { ok: true, status: 200 } }),
      PATCH: async (path: string, init: { body?: unknown }): Promise<Res> => {
        sent.push({ path, body: init.body });
        const a = server.answer ?? { status: 200, body: server.policy };
        return a.status === 200 ? { data: a.body, response: { ok: true, status: 200 } } : { error: a.body, response: { ok: false, status: a.status } };
      },
    },
    call: async (p: Promise<Res>) => {
      const r = await p;
      if (!r.response.ok) throw toApiError(r.response.status, r.error);
      return r.data;
    },
  };
});

globalThis.ResizeObserver ??= class { observe() {} unobserve() {} disconnect() {} } as unknown as typeof ResizeObserver;
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const { default: PolicyDetailPage } = await import('./PolicyDetailPage');

const ID = '0193a000-0000-7000-8000-0000000000aa';
const policy = (extra: Partial<PolicyView> = {}): PolicyView => ({
  id: ID, code: 'KJ-1', title: '郑州市支持企业研发投入若干措施', docNumber: '郑科〔2026〕1号', ownerDepartment: 'kjj', level: 'municipal', category: 'subsidy',
  tags: ['研发'], effectiveFrom: '2026-01-01', effectiveTo: '2028-12-31', publishDate: '2026-01-01', isDemo: false, fullText: '对研发费用给予补助。',
  sourceUrl: null, revision: 3, updatedAt: '2026-12-01T00:00:00.000Z', items: [], ...extra,
});

let root: Root;
async function render() {
  const qc = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  qc.setQueryData(['dept', 'policy', ID], server.policy);
  const host = document.createElement('div');
  document.body.appendChild(host);
  root = createRoot(host);
  await act(async () => {
    root.render(
      <ConfigProvider button={{ autoInsertSpace: false }}>
        <QueryClientProvider client={qc}>
          <MemoryRouter initialEntries={[`/staff/dept/policies/${ID}`]}>
            <Routes>
              <Route path="/staff/dept/policies/:policyId" element={<PolicyDetailPage />} />
            </Routes>
          </MemoryRouter>
        </QueryClientProvider>
      </ConfigProvider>,
    );
  });
}
/** Types the way React notices (native setter + input event). */
async function type(el: HTMLInputElement | HTMLTextAreaElement, value: string) {
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  await act(async () => {
    Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(el, value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
const settle = async () => {
  for (let i = 0; i < 10; i++) await act(async () => { await new Promise((r) => setTimeout(r, 0)); });
};
const click = async (text: string) => {
  const b = [...document.querySelectorAll('button')].find((x) => x.textContent?.trim() === text);
  if (!b) throw new Error(`no button ${text}: ${[...document.querySelectorAll('button')].map((x) => x.textContent?.trim()).join(',')}`);
  await act(async () => b.click());
  await settle();
};
const modal = () => document.querySelector('.ant-modal');
const field = (id: string) => document.querySelector<HTMLInputElement>(`.ant-modal #${id}`)!;

beforeEach(() => {
  sent.length = 0;
  server.policy = policy();
  server.answer = null;
  auth.user = { id: 'u1', role: 'dept_editor', departmentCode: 'kjj', displayName: '科技局编辑' };
});
afterEach(() => {
  act(() => root.unmount());
  document.body.innerHTML = '';
});

// antd in jsdom on a shared two-core machine is slow; these are not timing assertions.
describe('编辑政策信息 on the policy page', { timeout: 30_000 }, () => {
  it('asks for a reason, sends only the changed title at the revision read, and shows the saved policy', async () => {
    await render();
    await click('编辑政策信息');
    expect(modal()?.textContent).toContain('修改原因');
    expect(field('title').value).toBe('郑州市支持企业研发投入若干措施');

    await type(field('title'), '郑州市支持企业研发投入若干措施（修订版）');
    await click('保存修改');
    expect(modal()?.textContent).toContain('请填写修改原因');
    expect(sent).toHaveLength(0);

    await type(field('reason'), '根据新文件更新标题');
    server.policy = policy({ title: '郑州市支持企业研发投入若干措施（修订版）', revision: 4 });
    await click('保存修改');
    expect(sent).toEqual([{ path: '/api/v1/policies/{id}', body: { changes: { title: '郑州市支持企业研发投入若干措施（修订版）' }, reason: '根据新文件更新标题', revision: 3 } }]);
    await settle();
    expect(modal()).toBeNull();
    expect(document.querySelector('h1')?.textContent).toBe('郑州市支持企业研发投入若干措施（修订版）');
    expect(document.body.textContent).toContain('第 4 版');
  });

  it('sends nothing when nothing changed', async () => {
    await render();
    await click('编辑政策信息');
    await type(field('reason'), '无修改');
    await click('保存修改');
    expect(modal()?.textContent).toContain('没有修改任何内容');
    expect(sent).toHaveLength(0);
  });

  it("shows the API's refusal in Chinese: someone saved first (409) offers the latest content; a field problem shows at the field", async () => {
    await render();
    await click('编辑政策信息');
    await type(field('docNumber'), '郑科〔2026〕9号');
    await type(field('reason'), '更正文号');
    server.answer = { status: 409, body: { code: 'POLICY.STALE_REVISION', message: '政策信息已被他人修改，请刷新后重新编辑', details: { revision: 4 } } };
    await click('保存修改');
    expect(sent.map((s) => (s.body as { changes: unknown }).changes)).toEqual([{ docNumber: '郑科〔2026〕9号' }]);
    expect(modal()?.textContent).toContain('政策信息已被他人修改，请刷新后重新编辑');
    expect(modal()?.textContent).toContain('载入最新内容');

    server.answer = { status: 400, body: { code: 'POLICY.INVALID', message: '政策内容校验未通过', details: { errors: [{ pointer: '/changes/docNumber', code: 'POLICY.INVALID_TEXT', message: '文号应为不超过 100 字的文字' }] } } };
    await click('保存修改');
    expect(modal()?.textContent).toContain('政策内容校验未通过');
    expect(modal()?.querySelector('.ant-form-item-explain-error')?.textContent).toBe('文号应为不超过 100 字的文字');
  });

  it('is not offered to a reviewer', async () => {
    auth.user = { id: 'u2', role: 'dept_reviewer', departmentCode: 'kjj', displayName: '科技局审核' };
    await render();
    expect([...document.querySelectorAll('button')].map((b) => b.textContent?.trim())).not.toContain('编辑政策信息');
  });
});
