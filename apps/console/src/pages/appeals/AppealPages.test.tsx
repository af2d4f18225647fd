import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ConfigProvider } from 'antd';
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import MyAppealDetailPage from '../enterprise/appeals/MyAppealDetailPage';
import AppealDetailPage from './AppealDetailPage';
import type { Appeal, TimelineNode } from './shared/types';

// Who is signed in, per test (the real provider reads the stored session and calls the API).
const auth = vi.hoisted(() => ({ user: null as null | { role: string; departmentCode: string | null; displayName: string } }));
vi.mock('../../auth/AuthProvider', () => ({ useAuth: () => ({ user: auth.user, ended: null, login: vi.fn(), logout: vi.fn() }) }));

// The typed client: POSTs recorded (and answered with the appeal as it was); GETs come from the seeded cache.
const posts = vi.hoisted(() => [] as Array<{ path: string; body: unknown }>);
/** What GET answers after a step (the refetch), by path. */
const served = vi.hoisted(() => ({} as Record<string, unknown>));
vi.mock('../../api/client', () => ({
  api: {
    GET: async (path: string) => (path in served ? { data: served[path], response: { ok: true, status: 200 } } : { data: undefined, response: { ok: false, status: 503 } }),
    POST: async (path: string, init: { body?: unknown }) => {
      posts.push({ path, body: init.body });
      return { data: { letter: { id: 'l1', kindLabel: '交办函', number: '郑诉交〔2026〕1号' } }, response: { ok: true, status: 200 } };
    },
  },
  call: async (p: Promise<{ data?: unknown; response: { ok: boolean; status: number } }>) => {
    const r = await p;
    if (!r.response.ok) throw new Error('offline');
    return r.data;
  },
}));

// jsdom has no layout: antd's responsive observers and the timeline need these.
globalThis.ResizeObserver ??= class { observe() {} unobserve() {} disconnect() {} } as unknown as typeof ResizeObserver;
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const ID = '0193a000-0000-7000-8000-000000000001';

function appeal(over: Partial<Appeal>): Appeal {
  return {
    id: ID, number: 'SQ2612-7VAMWKD', enterpriseId: 'e1', enterpriseName: '郑州示例科技有限公司', districtCode: '410105', districtName: '金水区', category: 'land', categoryLabel: '土地规划',
    channel: 'online', channelLabel: '网上提交', title: '新厂区用地规划调整迟迟未批复', description: '申请已提交三个月。', terms: [], contactName: '王经理', contactPhoneMasked: null, relatedItemId: null,
    receptionDayId: null, state: 'submitted', stateLabel: '待预研', level: 'department', levelLabel: '责任部门', officerId: null, leadDepartment: null, coDepartments: [], firstDepartment: null,
    mergedInto: null, receivedAt: '2026-12-01T02:00:00Z', assignedAt: null, acceptedAt: null, answeredAt: null, closedAt: null, answerKind: null, answerKindLabel: null, answerText: null,
    rating: null, ratingLabel: null, ratedAt: null, closeReason: null, secondSupervisionCount: 0, reopenedCount: 0,
    deadlines: { dispatchDue: null, acceptDue: null, progressDue: null, answerDue: null, secondDue: null }, dueKind: null, dueKindLabel: null, dueOn: null, overdue: false, extensionDays: 0,
    policyItemId: null, step: 1, createdAt: '2026-12-01T02:00:00Z', ...over,
  } as Appeal;
}

const timeline: TimelineNode[] = [
  { step: 1, at: '2026-12-01T02:00:00Z', command: 'create', commandLabel: '提出诉求', fromState: null, toState: 'submitted', stateLabel: '待预研', actorRole: 'enterprise', actorRoleLabel: '企业用户', department: null, outcome: null, comment: null, details: null },
  { step: 2, at: '2026-12-02T02:00:00Z', command: 'rate_unsatisfied', commandLabel: '企业评价（不满意，二次督办）', fromState: 'answered', toState: 'second_supervision', stateLabel: '二次督办中', actorRole: 'enterprise', actorRoleLabel: '企业用户', department: null, outcome: null, comment: '没有明确结果', details: null },
];

let root: Root;
let host: HTMLDivElement;

function seeded(a: Appeal): QueryClient {
  const qc = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  qc.setQueryData(['appeals', 'one', ID], a);
  qc.setQueryData(['appeals', 'one', ID, 'timeline'], timeline);
  qc.setQueryData(['appeals', 'one', ID, 'attachments'], []);
  qc.setQueryData(['appeals', 'one', ID, 'similar'], [{ id: 'x2', number: 'SQ2611-AAAAAAA', enterpriseName: '另一企业', title: '用地规划调整', category: 'land', categoryLabel: '土地规划', state: 'in_progress', stateLabel: '办理中', receivedAt: '2026-11-01T00:00:00Z', score: 0.5, sameFirm: false, commonTerms: ['规划'] }]);
  qc.setQueryData(['appeals', 'one', ID, 'letters'], []);
  qc.setQueryData(['appeals', 'one', ID, 'extensions'], []);
  qc.setQueryData(['appeals', 'categories'], [{ code: 'land', name: '土地规划', leadDepartment: { code: 'zgj', name: '市自然资源和规划局' }, dispatchDays: 3, acceptDays: 3, progressDays: 7, answerDays: 22, secondDays: 10 }]);
  qc.setQueryData(['public', 'catalogue'], { departments: [{ code: 'zgj', name: '市自然资源和规划局' }, { code: 'fgw', name: '市发展改革委' }] });
  return qc;
}

async function render(qc: QueryClient, path: string, routePath: string, element: ReactNode) {
  await act(async () => {
    root.render(
      <ConfigProvider button={{ autoInsertSpace: false }}>
        <QueryClientProvider client={qc}>
          <MemoryRouter initialEntries={[path]}>
            <Routes>
              <Route path={routePath} element={element} />
            </Routes>
          </MemoryRouter>
        </QueryClientProvider>
      </ConfigProvider>,
    );
  });
}

/** Types into an input or textarea the way React notices (native setter + input event). */
async function type(el: HTMLInputElement | HTMLTextAreaElement, value: string) {
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  await act(async () => {
    Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(el, value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
const settle = async () => {
  for (let i = 0; i < 5; i++) await act(async () => { await new Promise((r) => setTimeout(r, 0)); });
};

const buttons = () => [...document.querySelectorAll('button')].map((b) => b.textContent?.trim());
const click = async (text: string) => {
  const b = [...document.querySelectorAll('button')].find((x) => x.textContent?.trim() === text);
  if (!b) throw new Error(`no button ${text}: ${buttons().join(',')}`);
  await act(async () => b.click());
};

beforeEach(() => {
  posts.length = 0;
  for (const k of Object.keys(served)) delete served[k];
  host = document.createElement('div');
  document.body.appendChild(host);
  root = createRoot(host);
});
afterEach(() => {
  act(() => root.unmount());
  document.body.innerHTML = '';
});

// Rendering antd in jsdom on a shared two-core machine is slow; these are not timing assertions.
describe('appeal detail pages', { timeout: 30_000 }, () => {
  it('shows the firm its answer, the rating form and every step of the timeline', async () => {
    auth.user = { role: 'enterprise', departmentCode: null, displayName: '企业' };
    await render(seeded(appeal({ state: 'answered', stateLabel: '已答复待评价', answerKind: 'resolved', answerKindLabel: '已解决', answerText: '已协调规划部门。', leadDepartment: { code: 'zgj', name: '市自然资源和规划局' } })), `/ent/appeals/${ID}`, '/ent/appeals/:id', <MyAppealDetailPage />);
    const text = document.body.textContent ?? '';
    expect(text).toContain('已答复待评价');
    expect(text).toContain('已协调规划部门。');
    expect(text).toContain('企业评价（不满意，二次督办）');
    expect(buttons()).toContain('评价答复');
    expect(buttons()).not.toContain('撤回诉求');
    await click('评价答复');
    expect(document.body.textContent).toContain('基本满意');
    const radio = [...document.querySelectorAll<HTMLInputElement>('.ant-modal input[type=radio]')].find((r) => r.value === 'unsatisfied')!;
    await act(async () => radio.click());
    // not satisfied without a reason: the form asks for one and nothing is sent
    await click('确定');
    await settle();
    expect(document.querySelector('.ant-modal')!.textContent).toContain('请填写意见');
    expect(posts).toHaveLength(0);
    await type(document.querySelector<HTMLTextAreaElement>('.ant-modal textarea')!, ' 没有明确结果 ');
    await click('确定');
    await settle();
    expect(posts).toEqual([{ path: '/api/v1/appeals/{id}/feedback', body: { rating: 'unsatisfied', comment: '没有明确结果' } }]);
  });

  it('offers the supervisor pre-study on a new appeal: answer on the spot, assign with the category’s lead unit, merge into a similar one', async () => {
    auth.user = { role: 'supervisor', departmentCode: null, displayName: '督办' };
    await render(seeded(appeal({})), `/staff/appeals/ledger/${ID}`, '/staff/appeals/ledger/:id', <AppealDetailPage backTo="/staff/appeals/ledger" backTitle="诉求台账" />);
    expect(buttons()).toEqual(expect.arrayContaining(['当场答复', '交办', '并入此件']));
    expect(document.body.textContent).toContain('SQ2611-AAAAAAA');
    await click('交办');
    const dialog = document.querySelector('.ant-modal') as HTMLElement;
    expect(dialog.textContent).toContain('交办牵头单位与协办单位');
    expect(dialog.textContent).toContain('市自然资源和规划局');
    expect(dialog.textContent).toContain('答复 22 个工作日');
    posts.length = 0;
    served['/api/v1/appeals/{id}'] = appeal({ state: 'assigned', stateLabel: '已交办待签收', leadDepartment: { code: 'zgj', name: '市自然资源和规划局' } });
    served['/api/v1/appeals/{id}/letters/{letterId}'] = '<h1>交办函</h1>';
    await click('确定');
    await settle();
    // lead unit and answer deadline defaulted from the category; the 交办函 opens
    expect(posts).toEqual([{ path: '/api/v1/appeals/{id}/assign', body: { leadDepartment: 'zgj', answerWorkingDays: 22 } }]);
    expect(document.body.textContent).toContain('交办函 郑诉交〔2026〕1号');
  });

  it('gives the lead department sign-off or send-back on an assigned appeal, and a stranger department nothing', async () => {
    const assigned = appeal({ state: 'assigned', stateLabel: '已交办待签收', leadDepartment: { code: 'zgj', name: '市自然资源和规划局' } });
    auth.user = { role: 'dept_reviewer', departmentCode: 'zgj', displayName: '诉求专员' };
    await render(seeded(assigned), `/staff/appeals/handling/${ID}`, '/staff/appeals/handling/:id', <AppealDetailPage backTo="/staff/appeals/handling" backTitle="交办诉求" />);
    expect(buttons()).toEqual(expect.arrayContaining(['签收', '退回']));
    expect(buttons()).not.toContain('答复企业');
    act(() => root.unmount());
    root = createRoot(host);
    auth.user = { role: 'dept_reviewer', departmentCode: 'jrj', displayName: '别的部门' };
    await render(seeded(assigned), `/staff/appeals/handling/${ID}`, '/staff/appeals/handling/:id', <AppealDetailPage backTo="/staff/appeals/handling" backTitle="交办诉求" />);
    expect(buttons()).not.toContain('签收');
  });
});
