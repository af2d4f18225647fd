export const ROLES = [
  'enterprise',
  'dept_editor',
  'dept_reviewer',
  'finance_maker',
  'finance_checker',
  'leader',
  'auditor',
  'admin',
  'supervisor',
  'officer',
  'dept_payer_maker',
  'dept_payer_checker',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  enterprise: '企业用户',
  dept_editor: '部门政策编辑',
  dept_reviewer: '部门审核人',
  finance_maker: '财政经办',
  finance_checker: '财政复核',
  leader: '领导',
  auditor: '审计',
  admin: '管理员',
  supervisor: '督办人员',
  officer: '包联干部',
  dept_payer_maker: '部门支付经办',
  dept_payer_checker: '部门支付复核',
};

/**
 * 诉求 (appeals): a `supervisor` (督办, the business-environment office) triages, assigns, supervises and
 * closes appeals — city level when it has no department code, one district when its department code
 * is that district's code (e.g. 410172); an `officer` (包联干部) serves the firms assigned to it.
 * Departments handle appeals through their own staff (the department-scoped roles below).
 */

/** Roles whose access is limited to one department's records. */
export const DEPARTMENT_SCOPED_ROLES: readonly Role[] = ['dept_editor', 'dept_reviewer', 'dept_payer_maker', 'dept_payer_checker'];

/**
 * 市级以上涉企资金由市直部门直接支付: a fund pool paid from a department's own account is batched by
 * that department's `dept_payer_maker` and approved by its `dept_payer_checker` — the finance roles'
 * maker/checker pair, limited to the department's pools.
 */

/** The authenticated caller, as carried in the JWT. */
export interface Principal {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  departmentCode: string | null;
  enterpriseId: string | null;
}
