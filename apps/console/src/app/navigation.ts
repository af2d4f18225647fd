import type { Role } from '../auth/session';

/**
 * Every signed-in page, once: its path, title, who may open it and the code-split group it is
 * loaded with. Menus, route guards and placeholders all read this list — adding a page starts here
 * (see apps/console/README.md).
 */
export type PageGroup = 'enterprise' | 'department' | 'finance' | 'leader' | 'audit' | 'appeals';

export interface NavPage {
  path: string;
  title: string;
  roles: readonly Role[];
  group: PageGroup;
  /** Menu section (staff side). */
  section: string;
  /** What the page is for — shown by the placeholder until the page is built. */
  summary: string;
}

export const ROLE_LABELS: Record<Role, string> = {
  enterprise: '企业用户',
  dept_editor: '部门政策编辑',
  dept_reviewer: '部门审核人',
  finance_maker: '财政经办',
  finance_checker: '财政复核',
  leader: '领导',
  auditor: '审计',
  admin: '管理员',
  supervisor: '诉求督办',
  officer: '包联干部',
  dept_payer_maker: '部门支付经办',
  dept_payer_checker: '部门支付复核',
};

const DEPT = ['dept_editor', 'dept_reviewer'] as const;
const FINANCE = ['finance_maker', 'finance_checker'] as const;
/** A department paying its own pools (支付单位 = 主管部门): its batches and pools only. */
const DEPT_PAYER = ['dept_payer_maker', 'dept_payer_checker'] as const;

export const NAV_PAGES: readonly NavPage[] = [
  // 企业端 (mobile-first, 375 px)
  { path: '/ent', title: '首页', roles: ['enterprise'], group: 'enterprise', section: '企业', summary: '推送给本企业的政策（未读数、预计可享受总额）。' },
  { path: '/ent/policies', title: '我的政策', roles: ['enterprise'], group: 'enterprise', section: '企业', summary: '可享受与差一点符合的事项，逐条条件 ✔/✘ 与本企业的数据。' },
  { path: '/ent/applications', title: '我的申请', roles: ['enterprise'], group: 'enterprise', section: '企业', summary: '申请制申报（材料、信用承诺）、免申即享确认账户、全流程时间线与评价。' },
  { path: '/ent/appeals', title: '我的诉求', roles: ['enterprise'], group: 'enterprise', section: '企业', summary: '企业提出的诉求、办理进度时间线、评价答复与撤回。' },
  { path: '/ent/appeals/notices', title: '诉求消息', roles: ['enterprise'], group: 'enterprise', section: '企业', summary: '诉求的答复、二次督办、相关政策发布等消息，未读数。' },
  { path: '/ent/appeals/new', title: '提交诉求', roles: ['enterprise'], group: 'enterprise', section: '企业', summary: '在线提出诉求：类别、问题描述、附件、相关事项与联系人。' },
  { path: '/ent/reception', title: '接待日报名', roles: ['enterprise'], group: 'enterprise', section: '企业', summary: '报名参加企业家接待日、政企恳谈会（拟反映的问题），查看我的报名及点名结果。' },
  { path: '/ent/profile', title: '企业档案', roles: ['enterprise'], group: 'enterprise', section: '企业', summary: '一企一档（只读）及其变更历史。' },
  { path: '/ent/corrections', title: '数据异议', roles: ['enterprise'], group: 'enterprise', section: '企业', summary: '对来自部门数据来源的数据提出的异议及核实结果。' },
  // 主管部门
  { path: '/staff/dept/policies', title: '政策与事项', roles: [...DEPT, 'leader', 'auditor'], group: 'department', section: '政策中心', summary: '政策与兑现事项列表、编辑、版本对比、提交审核。' },
  { path: '/staff/dept/review', title: '待审核事项', roles: ['dept_reviewer'], group: 'department', section: '政策中心', summary: '提交审核的事项版本：通过发布或退回。' },
  { path: '/staff/dept/tags', title: '标签库', roles: [...DEPT], group: 'department', section: '政策中心', summary: '部门维护的企业标签及其派生规则。' },
  { path: '/staff/dept/applications', title: '申请审核', roles: [...DEPT], group: 'department', section: '审批中心', summary: '待审核的申请、补正与退回。' },
  { path: '/staff/dept/batches', title: '免申即享批量审核', roles: ['dept_reviewer'], group: 'department', section: '审批中心', summary: '预审名单批量通过（含抽查样本）。' },
  { path: '/staff/dept/disclosures', title: '公示与异议', roles: ['dept_reviewer'], group: 'department', section: '审批中心', summary: '发起公示、处理公示异议。' },
  { path: '/staff/dept/supervision', title: '督办看板', roles: [...DEPT, 'leader'], group: 'department', section: '审批中心', summary: '各环节时限、超期事项与按期率。' },
  { path: '/staff/dept/corrections', title: '数据异议', roles: [...DEPT], group: 'department', section: '数据共享', summary: '企业对本部门数据来源数据的异议：核实后予以更正或不予更正。' },
  { path: '/staff/dept/data-sources', title: '数据来源', roles: [...DEPT, 'leader', 'auditor'], group: 'department', section: '数据共享', summary: '各部门数据来源的同步状态、拒收记录，管理员可立即同步。' },
  // 财政
  { path: '/staff/finance/ready', title: '待兑付', roles: [...FINANCE, ...DEPT_PAYER], group: 'finance', section: '兑付中心', summary: '已确认账户、待组批的兑付指令（部门支付人员：本部门支付的资金池）。' },
  { path: '/staff/finance/batches', title: '兑付批次', roles: [...FINANCE, ...DEPT_PAYER], group: 'finance', section: '兑付中心', summary: '经办组批、复核审批（显示经办人，本人批次不可复核）、批次明细。' },
  { path: '/staff/finance/pools', title: '资金池', roles: [...FINANCE, ...DEPT_PAYER, 'auditor', 'leader'], group: 'finance', section: '兑付中心', summary: '资金池额度、占用、可用余额、支付单位与余额变动。' },
  { path: '/staff/finance/pool-movements', title: '追加与调拨', roles: [...FINANCE, 'auditor', 'leader'], group: 'finance', section: '兑付中心', summary: '财政经办申请追加额度或资金池调拨，另一位复核人员审批。' },
  { path: '/staff/finance/reconciliation', title: '对账异常', roles: [...FINANCE, 'auditor'], group: 'finance', section: '兑付中心', summary: '国库/银行回单对账差异及处理。' },
  { path: '/staff/finance/ledger', title: '账务余额', roles: [...FINANCE, 'auditor', 'leader'], group: 'finance', section: '兑付中心', summary: '复式记账余额与校验结果。' },
  { path: '/staff/finance/reports', title: '兑付报表', roles: [...FINANCE, 'leader', 'auditor'], group: 'finance', section: '兑付中心', summary: '已兑付报表，可下载 XLSX。' },
  // 领导
  { path: '/staff/leader/dashboard', title: '驾驶舱', roles: ['leader'], group: 'leader', section: '决策分析', summary: '在线政策、推送、各状态申请、按月按部门兑付金额、从发布到到账的平均天数。' },
  { path: '/staff/leader/sandbox', title: '数据沙盘', roles: ['leader'], group: 'leader', section: '决策分析', summary: '调整条件阈值，实时查看符合企业数、资金、增减企业与分布。' },
  // 审计
  { path: '/staff/audit/log', title: '审计日志', roles: ['auditor'], group: 'audit', section: '审计', summary: '审计日志筛选与哈希链校验结果。' },
  // 诉求 (issue 13): 督办、部门办理、包联干部
  { path: '/staff/appeals/ledger', title: '诉求台账', roles: ['supervisor', 'leader', 'auditor'], group: 'appeals', section: '诉求督办', summary: '全部诉求（按状态、类别、部门、超期筛选），预研、交办、督办销号，导出台账。' },
  { path: '/staff/appeals/reception', title: '接待日', roles: ['supervisor'], group: 'appeals', section: '诉求督办', summary: '企业家接待日：安排、报名、点名、纪要生成诉求，导入登记表。' },
  { path: '/staff/appeals/overdue', title: '超期与督办', roles: ['supervisor', 'leader', 'auditor'], group: 'appeals', section: '诉求督办', summary: '当前时限已过的在办诉求，发督办函。' },
  { path: '/staff/appeals/follow-ups', title: '回访任务', roles: ['supervisor'], group: 'appeals', section: '诉求督办', summary: '销号后的回访：确认已解决，或回头看未解决则重启办理。' },
  { path: '/staff/appeals/ranking', title: '考核排名', roles: ['supervisor', 'leader', 'auditor'], group: 'appeals', section: '诉求督办', summary: '月度考核排序（响应率、解决率、满意率）、趋势与月度通报。' },
  { path: '/staff/appeals/categories', title: '类别设置', roles: ['supervisor'], group: 'appeals', section: '诉求督办', summary: '各类诉求的默认牵头单位与各环节工作日时限。' },
  { path: '/staff/appeals/themes', title: '政策转化', roles: ['supervisor', 'leader'], group: 'appeals', section: '诉求督办', summary: '多家企业反映的共性诉求主题，向政策制定部门推送提示。' },
  { path: '/staff/appeals/handling', title: '交办诉求', roles: [...DEPT], group: 'appeals', section: '诉求办理', summary: '交办给本部门（牵头或协办）的诉求：签收、退回、进展、延期、答复、分办。' },
  { path: '/staff/appeals/flags', title: '共性诉求提示', roles: [...DEPT], group: 'appeals', section: '诉求办理', summary: '督办推送的共性诉求提示，确认收悉。' },
  { path: '/staff/appeals/officer/tasks', title: '任务清单', roles: ['officer'], group: 'appeals', section: '包联服务', summary: '包联企业的在办诉求（待我预研的在前）。' },
  { path: '/staff/appeals/officer/firms', title: '包联企业', roles: ['officer'], group: 'appeals', section: '包联服务', summary: '分配给我的企业及其未办结诉求数。' },
  { path: '/staff/appeals/officer/visits', title: '走访记录', roles: ['officer'], group: 'appeals', section: '包联服务', summary: '登记走访（回访），收集到的问题各成一件诉求。' },
  { path: '/staff/appeals/notices', title: '诉求消息', roles: ['supervisor', ...DEPT, 'officer', 'leader', 'auditor'], group: 'appeals', section: '诉求消息', summary: '交办通知、提示函、督办函、延期、逐级上报与每周提醒，未读数。' },
];

const allows = (page: NavPage, role: Role) => role === 'admin' || page.roles.includes(role);

/** The pages a role may open, in menu order. Admin sees every staff page. */
export function pagesFor(role: Role): NavPage[] {
  if (role === 'enterprise') return NAV_PAGES.filter((p) => p.group === 'enterprise');
  return NAV_PAGES.filter((p) => p.group !== 'enterprise' && allows(p, role));
}

/** Staff menu: sections with their pages, in order. */
export function menuFor(role: Role): Array<{ section: string; pages: NavPage[] }> {
  const out: Array<{ section: string; pages: NavPage[] }> = [];
  for (const p of pagesFor(role)) {
    const last = out[out.length - 1];
    if (last?.section === p.section) last.pages.push(p);
    else out.push({ section: p.section, pages: [p] });
  }
  return out;
}

/** Where a role lands after login: its daily work, else its first page. */
const ROLE_HOME: Partial<Record<Role, string>> = {
  dept_reviewer: '/staff/dept/review',
  finance_checker: '/staff/finance/batches',
  dept_payer_maker: '/staff/finance/batches',
  dept_payer_checker: '/staff/finance/batches',
  leader: '/staff/leader/dashboard',
  auditor: '/staff/audit/log',
  supervisor: '/staff/appeals/ledger',
  officer: '/staff/appeals/officer/tasks',
};

export function homeFor(role: Role): string {
  return ROLE_HOME[role] ?? pagesFor(role)[0]?.path ?? '/';
}

export function findPage(path: string): NavPage | undefined {
  return NAV_PAGES.find((p) => p.path === path);
}

/** May this role open this path? Unknown signed-in paths are refused. */
export function canOpen(role: Role, path: string): boolean {
  const page = findPage(path);
  return page ? (role === 'enterprise' ? page.group === 'enterprise' : page.group !== 'enterprise' && allows(page, role)) : false;
}

/** A safe place to return to after login: only our own signed-in pages the role may open. */
export function afterLogin(role: Role, next: string | null): string {
  if (next && next.startsWith('/') && !next.startsWith('//')) {
    const path = next.split(/[?#]/)[0];
    if (canOpen(role, path)) return next;
  }
  return homeFor(role);
}
