import { DEPARTMENT_SCOPED_ROLES, DomainError, Principal, ScopeDeniedError } from '@app/core';
import type { AppealRow } from './appeal.types';
import { AppealRepository, Db } from './appeal.repository';

/** A supervisor whose department code is a district's (6 digits) supervises that district only. */
export function supervisedDistrict(p: Principal): string | null {
  return p.role === 'supervisor' && p.departmentCode && /^\d{6}$/.test(p.departmentCode) ? p.departmentCode : null;
}

/** City-level readers: leaders, auditors, admins and city supervisors see every appeal, 领导小组 ones included. */
export function seesAll(p: Principal): boolean {
  return p.role === 'admin' || p.role === 'leader' || p.role === 'auditor' || (p.role === 'supervisor' && !supervisedDistrict(p));
}

/**
 * Who sees an appeal: the firm its own; a department what it leads, co-handles or first received;
 * an officer its firms' (and what it recorded); a district supervisor its district's, except what went
 * up to the 领导小组; city-level readers everything.
 */
export function canSee(p: Principal, a: Pick<AppealRow, 'enterprise_id' | 'lead_department' | 'co_departments' | 'first_department' | 'officer_id' | 'recorded_by' | 'district_code' | 'level'>): boolean {
  if (seesAll(p)) return true;
  const district = supervisedDistrict(p);
  if (district) return a.district_code === district && a.level !== 'leading_group';
  if (p.role === 'enterprise') return !!p.enterpriseId && p.enterpriseId === a.enterprise_id;
  if (p.role === 'officer') return a.officer_id === p.id || a.recorded_by === p.id;
  if (DEPARTMENT_SCOPED_ROLES.includes(p.role) && p.departmentCode) {
    const d = p.departmentCode;
    return a.lead_department === d || a.co_departments.includes(d) || a.first_department === d;
  }
  return false;
}

/** The same rule as a SQL predicate over appeal.appeals (alias `a`), for lists, ledgers and exports. */
export function scopeSql(p: Principal, params: unknown[], alias = 'a'): string {
  if (seesAll(p)) return 'true';
  const district = supervisedDistrict(p);
  if (district) return `(${alias}.district_code = $${params.push(district)} AND ${alias}.level <> 'leading_group')`;
  if (p.role === 'enterprise') return p.enterpriseId ? `${alias}.enterprise_id = $${params.push(p.enterpriseId)}` : 'false';
  if (p.role === 'officer') {
    const i = params.push(p.id);
    return `(${alias}.officer_id = $${i} OR ${alias}.recorded_by = $${i})`;
  }
  if (DEPARTMENT_SCOPED_ROLES.includes(p.role) && p.departmentCode) {
    const i = params.push(p.departmentCode);
    return `(${alias}.lead_department = $${i} OR ${alias}.co_departments @> ARRAY[$${i}]::text[] OR ${alias}.first_department = $${i})`;
  }
  return 'false';
}

/** Loads an appeal the caller may see; anything else is 404 (no existence leak). */
export async function loadScoped(repo: AppealRepository, p: Principal, id: string, m?: Db, lock = false): Promise<AppealRow> {
  const a = await repo.get(id, m, lock);
  if (!a) throw new DomainError('APPEAL.NOT_FOUND', '诉求不存在或无权访问', { id });
  if (!canSee(p, a)) throw new ScopeDeniedError('APPEAL', id);
  return a;
}

/** Only the lead unit's staff (or an admin) act as the lead; a co-unit that may see it gets a coded 403. */
export function assertLead(p: Principal, a: AppealRow): void {
  if (p.role === 'admin') return;
  if (!DEPARTMENT_SCOPED_ROLES.includes(p.role) || !p.departmentCode || a.lead_department !== p.departmentCode) {
    throw new DomainError('APPEAL.NOT_LEAD', '只有牵头单位可以办理此项操作', { id: a.id, leadDepartment: a.lead_department });
  }
}

/** Supervisors (and admins) run pre-study, assignment, extensions, letters and closing; district ones within their district. */
export function assertSupervisor(p: Principal): void {
  if (p.role !== 'supervisor' && p.role !== 'admin') throw new DomainError('AUTH.FORBIDDEN', '仅督办人员可以执行此操作');
}

export function enterpriseOf(p: Principal): string {
  if (p.role !== 'enterprise' || !p.enterpriseId) throw new DomainError('AUTH.FORBIDDEN', '仅企业用户可办理');
  return p.enterpriseId;
}
