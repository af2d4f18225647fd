import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ConfigProvider } from 'antd';
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * Every appeals page renders its data (no network: the typed client is replaced by canned answers
 * per path), so a page that would crash on real data fails here rather than in the browser suite.
 */
const auth = vi.hoisted(() => ({ user: { role: 'supervisor', departmentCode: null as string | null, displayName: '督办' } }));
vi.mock('../../auth/AuthProvider', () => ({ useAuth: () => ({ user: auth.user, ended: null, login: vi.fn(), logout: vi.fn() }) }));

const canned = vi.hoisted(() => {
  const appeal = {
    id: 'a1', number: 'SQ2612-AAAAAAA', enterpriseId: 'e1', enterpriseName: '郑州示例科技有限公司', districtCode: null, districtName: null, category: 'land', categoryLabel: '土地规划',
    channel: 'online', channelLabel: '网上提交', title: '用地规划调整', description: '问题描述内容', terms: [], contactName: null, contactPhoneMasked: null, relatedItemId: null, receptionDayId: null,
    state: 'in_progress', stateLabel: '办理中', level: 'department', levelLabel: '责任部门', officerId: null, leadDepartment: { code: 'zgj', name: '市自然资源和规划局' }, coDepartments: [],
    firstDepartment: null, mergedInto: null, receivedAt: '2026-12-01T02:00:00Z', assignedAt: null, acceptedAt: null, answeredAt: null, closedAt: null, answerKind: null, answerKindLabel: null,
    answerText: null, rating: null, ratingLabel: null, ratedAt: null, closeReason: null, secondSupervisionCount: 0, reopenedCount: 0,
    deadlines: { dispatchDue: null, acceptDue: null, progressDue: null, answerDue: '2026-12-20', secondDue: null }, dueKind: 'answer', dueKindLabel: '答复时限', dueOn: '2026-12-20', overdue: true,
    extensionDays: 0, policyItemId: null, step: 3, createdAt: '2026-12-01T02:00:00Z', overdueWorkingDays: 2,
  };
  const row = { key: 'zgj', name: '市自然资源和规划局', rank: 1, assigned: 4, acceptedOnTime: 4, answered: 3, due: 3, answeredOnTime: 3, resolved: 2, rated: 2, satisfied: 2, responseRate: 1, onTimeRate: 1, resolutionRate: 0.6667, satisfactionRate: 1, secondSupervisions: 0, averageWorkingDays: 5.5, score: 91.7 };
  const day = { id: 'd1', title: '2026年12月企业家接待日', theme: null, kind: 'reception_day', kindLabel: '企业家接待日', heldOn: '2026-12-20', location: '市民之家', host: '副市长', districtCode: null, capacity: 20, registered: 1, registrationDeadline: '2026-12-15', notice: '公告正文', status: 'scheduled', statusLabel: '已发布', minutesSummary: null, minutesAt: null };
  const page = (items: unknown[]) => ({ items, total: items.length, page: 1, pageSize: 20 });
  const byPath: Record<string, unknown> = {
    '/api/v1/appeals': page([appeal]),
    '/api/v1/appeals/overdue': page([appeal]),
    '/api/v1/appeals/categories': [{ code: 'land', name: '土地规划', leadDepartment: { code: 'zgj', name: '市自然资源和规划局' }, dispatchDays: 3, acceptDays: 3, progressDays: 7, answerDays: 22, secondDays: 10, requirements: '倒排工期，每周报送进展。' }],
    '/api/v1/public/catalogue': { departments: [{ code: 'zgj', name: '市自然资源和规划局' }] },
    '/api/v1/appeals/ranking': { month: '2026-11', by: 'department', byLabel: '按牵头部门', asOf: '2026-12-03', rows: [row], total: { ...row, key: 'all', name: '全市' } },
    '/api/v1/appeals/ranking/trend': [],
    '/api/v1/appeals/policy-themes': [{ category: 'land', categoryLabel: '土地规划', terms: ['规划', '用地'], firmCount: 3, appealCount: 4, appealIds: [], sampleTitles: ['用地规划调整'], matchingItems: [], departments: [{ code: 'zgj', name: '市自然资源和规划局' }] }],
    '/api/v1/appeals/policy-flags': [{ id: 'f1', periodFrom: '2026-09-01', periodTo: '2026-12-01', category: 'land', categoryLabel: '土地规划', terms: ['规划'], firmCount: 3, appealIds: [], department: { code: 'zgj', name: '市自然资源和规划局' }, itemIds: [], status: 'open', statusLabel: '待确认', createdAt: '2026-12-01T00:00:00Z' }],
    '/api/v1/appeals/follow-ups': page([{ id: 'u1', appealId: 'a1', appealNumber: 'SQ2612-AAAAAAA', enterpriseName: '郑州示例科技有限公司', title: '用地规划调整', dueOn: '2026-12-10', status: 'pending', statusLabel: '待回访', finding: null, findingLabel: null, note: null, doneAt: null }]),
    '/api/v1/reception-days': [day],
    '/api/v1/reception-days/{id}': day,
    '/api/v1/reception-days/{id}/registrations': [{ id: 'r1', receptionDayId: 'd1', enterpriseId: 'e1', enterpriseName: '郑州示例科技有限公司', topics: '用地问题', contactName: null, source: 'self', sourceLabel: '企业报名', attended: null, registeredAt: '2026-12-01T00:00:00Z' }],
    '/api/v1/officers/me/tasks': page([appeal]),
    '/api/v1/officers/me/firms': [{ enterpriseId: 'e1', enterpriseName: '郑州示例科技有限公司', districtCode: '410105', officerId: 'o1', assignedAt: '2026-11-01T00:00:00Z', openAppeals: 1 }],
    '/api/v1/officers/me/visits': [{ id: 'v1', officerId: 'o1', enterpriseId: 'e1', enterpriseName: '郑州示例科技有限公司', visitedOn: '2026-11-20', summary: '走访情况良好', appealIds: [], createdAt: '2026-11-20T00:00:00Z' }],
    '/api/v1/me/policies': { eligible: [{ itemId: 'i1', itemName: '稳岗返还', policyTitle: '稳岗政策' }], nearMisses: [] },
    '/api/v1/enterprises': page([{ id: 'e1', name: '郑州示例科技有限公司' }]),
    '/api/v1/appeals/{id}': appeal,
    '/api/v1/appeals/{id}/timeline': [],
    '/api/v1/appeals/{id}/attachments': [],
    '/api/v1/appeals/{id}/letters': [],
    '/api/v1/appeals/{id}/extensions': [],
    '/api/v1/appeals/{id}/policy-links': [{ appealId: 'a1', itemId: 'i9', itemName: '冷链物流用电补贴', linkedAt: '2026-12-01T02:00:00Z', notifiedAt: null }],
    '/api/v1/appeals/{id}/policy-candidates': [{ itemId: 'i8', itemCode: 'P-8-A', itemName: '仓储用地补贴', department: 'zgj', status: 'draft', statusLabel: '起草中', linked: false }],
    '/api/v1/appeals/notices': { items: [{ id: 'n1', appealId: 'a1', at: '2026-12-01T02:00:00Z', kind: 'letter', kindLabel: '函件', read: false, text: '督办函 郑诉督〔2026〕1号：答复时限已过', title: '督办函 SQ2612-AAAAAAA' }], total: 1, page: 1, pageSize: 10 },
  };
  return { byPath };
});
vi.mock('../../api/client', () => ({
  api: {
    GET: async (path: string) => ({ data: canned.byPath[path], response: { ok: path in canned.byPath, status: path in canned.byPath ? 200 : 404 } }),
    POST: async () => ({ data: undefined, response: { ok: true, status: 200 } }),
  },
  call: async (p: Promise<{ data?: unknown; response: { ok: boolean; status: number } }>) => {
    const r = await p;
    if (!r.response.ok) throw new Error(`no canned answer (${r.response.status})`);
    return r.data;
  },
}));

globalThis.ResizeObserver ??= class { observe() {} unobserve() {} disconnect() {} } as unknown as typeof ResizeObserver;
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | null = null;
function fresh(): Root {
  if (root) {
    const old = root;
    act(() => old.unmount());
  }
  document.body.innerHTML = '';
  const host = document.createElement('div');
  document.body.appendChild(host);
  root = createRoot(host);
  return root;
}
beforeEach(() => {
  root = null;
  auth.user = { role: 'supervisor', departmentCode: null, displayName: '督办' };
});
afterEach(() => {
  fresh();
});

async function show(path: string, route: string, element: ReactNode): Promise<string> {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const r = fresh();
  await act(async () => {
    r.render(
      <ConfigProvider button={{ autoInsertSpace: false }}>
        <QueryClientProvider client={qc}>
          <MemoryRouter initialEntries={[path]}>
            <Routes><Route path={route} element={element} /></Routes>
          </MemoryRouter>
        </QueryClientProvider>
      </ConfigProvider>,
    );
  });
  // let the queries answer
  for (let i = 0; i < 5; i++) await act(async () => { await new Promise((r) => setTimeout(r, 0)); });
  return document.body.textContent ?? '';
}

describe('appeals routes', { timeout: 60_000 }, () => {
  it('route each page of the group and its detail pages, refusing roles a page is not for', async () => {
    const { default: AppealsRoutes } = await import('./AppealsRoutes');
    const { default: EnterpriseAppealsRoutes } = await import('../enterprise/appeals/EnterpriseAppealsRoutes');
    const staff = (path: string) => show(path, '/staff/appeals/*', <AppealsRoutes />);
    auth.user = { role: 'officer', departmentCode: 'fgw', displayName: '包联干部' };
    expect(await staff('/staff/appeals/officer/tasks')).toContain('任务清单');
    expect(await staff('/staff/appeals/ledger')).toContain('无权访问');
    expect(await staff('/staff/appeals/officer/tasks/a1')).toContain('返回任务清单');
    auth.user = { role: 'supervisor', departmentCode: null, displayName: '督办' };
    expect(await staff('/staff/appeals/ledger/a1')).toContain('诉求编号 SQ2612-AAAAAAA');
    expect(await staff('/staff/appeals/reception/d1')).toContain('报名与点名');
    expect(await staff('/staff/appeals/nowhere')).toContain('页面不存在');
    auth.user = { role: 'enterprise', departmentCode: null, displayName: '企业' };
    const ent = (path: string) => show(path, '/ent/appeals/*', <EnterpriseAppealsRoutes />);
    expect(await ent('/ent/appeals/new')).toContain('提交诉求');
    expect(await ent('/ent/appeals/a1')).toContain('诉求详情');
  });
});

describe('appeals pages render their data', { timeout: 60_000 }, () => {
  it('ledger, department list, overdue list and follow-ups', async () => {
    const { default: LedgerPage } = await import('./LedgerPage');
    const { default: HandlingPage } = await import('./HandlingPage');
    const { default: OverduePage } = await import('./OverduePage');
    const { default: FollowUpsPage } = await import('./FollowUpsPage');
    let text = await show('/l', '/l', <LedgerPage />);
    expect(text).toContain('SQ2612-AAAAAAA');
    expect(text).toContain('导出台账（XLSX）');
    expect(text).toContain('代企业登记');
    expect(text).toContain('答复时限 2026-12-20');
    auth.user = { role: 'dept_reviewer', departmentCode: 'zgj', displayName: '诉求专员' };
    text = await show('/h', '/h', <HandlingPage />);
    expect(text).toContain('用地规划调整');
    auth.user = { role: 'supervisor', departmentCode: null, displayName: '督办' };
    text = await show('/o', '/o', <OverduePage />);
    expect(text).toContain('2 个工作日');
    text = await show('/f', '/f', <FollowUpsPage />);
    expect(text).toContain('待回访');
    expect(text).toContain('登记回访');
  });

  it('ranking with rates, policy themes and flags', async () => {
    const { default: RankingPage } = await import('./RankingPage');
    const { default: PolicyThemesPage } = await import('./PolicyThemesPage');
    const { default: PolicyFlagsPage } = await import('./PolicyFlagsPage');
    let text = await show('/r?month=2026-11', '/r', <RankingPage />);
    expect(text).toContain('66.7%');
    expect(text).toContain('全市合计');
    text = await show('/t', '/t', <PolicyThemesPage />);
    expect(text).toContain('用地规划调整');
    expect(text).toContain('推送共性诉求提示');
    auth.user = { role: 'dept_reviewer', departmentCode: 'zgj', displayName: '诉求专员' };
    text = await show('/g', '/g', <PolicyFlagsPage />);
    expect(text).toContain('确认收悉');
  });

  it('reception days, one day with registrations and minutes, officer pages', async () => {
    auth.user = { role: 'supervisor', departmentCode: null, displayName: '督办' };
    const { ReceptionDaysPage, ReceptionDayPage } = await import('./ReceptionPages');
    const { OfficerTasksPage, OfficerFirmsPage, OfficerVisitsPage } = await import('./OfficerPages');
    let text = await show('/rd', '/rd', <ReceptionDaysPage />);
    expect(text).toContain('2026年12月企业家接待日');
    expect(text).toContain('1 / 20');
    text = await show('/rd/d1', '/rd/:id', <ReceptionDayPage />);
    expect(text).toContain('用地问题');
    expect(text).toContain('保存纪要并生成诉求');
    auth.user = { role: 'officer', departmentCode: 'fgw', displayName: '包联干部' };
    text = await show('/ot', '/ot', <OfficerTasksPage />);
    expect(text).toContain('SQ2612-AAAAAAA');
    text = await show('/of', '/of', <OfficerFirmsPage />);
    expect(text).toContain('郑州示例科技有限公司');
    text = await show('/ov', '/ov', <OfficerVisitsPage />);
    expect(text).toContain('走访情况良好');
  });

  it('category settings, the notices inbox and the policy links on a detail', async () => {
    auth.user = { role: 'supervisor', departmentCode: null, displayName: '督办' };
    const { default: CategoriesPage } = await import('./CategoriesPage');
    const { default: NoticesPage } = await import('./NoticesPage');
    const { default: AppealDetailPage } = await import('./AppealDetailPage');
    let text = await show('/c', '/c', <CategoriesPage />);
    expect(text).toContain('22 个工作日');
    expect(text).toContain('倒排工期，每周报送进展。');
    expect(text).toContain('修改');
    text = await show('/nt', '/nt', <NoticesPage />);
    expect(text).toContain('督办函 SQ2612-AAAAAAA');
    expect(text).toContain('标为已读');
    expect(text).toContain('查看诉求');
    text = await show('/d/a1', '/d/:id', <AppealDetailPage backTo="/l" backTitle="诉求台账" />);
    expect(text).toContain('关联政策事项');
    expect(text).toContain('冷链物流用电补贴');
    expect(text).toContain('起草中，发布后告知企业');
    expect(document.querySelector('[aria-label="政策事项"]')).not.toBeNull();
    // a leader reads the link but is not offered the picker
    auth.user = { role: 'leader', departmentCode: null, displayName: '领导' };
    text = await show('/d/a1', '/d/:id', <AppealDetailPage backTo="/l" backTitle="诉求台账" />);
    expect(text).toContain('冷链物流用电补贴');
    expect(document.querySelector('[aria-label="政策事项"]')).toBeNull();
  });

  it('the firm’s list and submit form', async () => {
    auth.user = { role: 'enterprise', departmentCode: null, displayName: '企业' };
    const { default: MyAppealsPage } = await import('../enterprise/appeals/MyAppealsPage');
    const { default: SubmitAppealPage } = await import('../enterprise/appeals/SubmitAppealPage');
    let text = await show('/m', '/m', <MyAppealsPage />);
    expect(text).toContain('用地规划调整');
    expect(text).toContain('办理中');
    expect(text).toContain('消息');
    const { default: MyAppealNoticesPage } = await import('../enterprise/appeals/MyAppealNoticesPage');
    text = await show('/mn', '/mn', <MyAppealNoticesPage />);
    expect(text).toContain('诉求消息');
    expect(text).toContain('督办函 SQ2612-AAAAAAA');
    text = await show('/n', '/n', <SubmitAppealPage />);
    expect(text).toContain('诉求类别');
    expect(text).toContain('相关政策事项（可不选）');
  });
});
