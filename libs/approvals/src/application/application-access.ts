import { assertDepartmentScope, DomainError, Principal, ScopeDeniedError } from '@app/core';
import { ApplicationRow } from './application.types';
import { ApplicationRepository, Db } from './application.repository';

/**
 * Loads an application the caller may see: a firm only its own, department roles only their
 * department's; anything else is 404 (no existence leak, and no other firm's id in the details).
 */
export async function loadScoped(repo: ApplicationRepository, p: Principal, id: string, m?: Db, lock = false): Promise<ApplicationRow> {
  const app = await repo.get(id, m, lock);
  if (!app) throw new DomainError('APPLICATION.NOT_FOUND', '申请不存在或无权访问', { id });
  if (p.role === 'enterprise' && p.enterpriseId !== app.enterprise_id) throw new ScopeDeniedError('APPLICATION', id);
  assertDepartmentScope(p, app.department_code, 'APPLICATION', id);
  return app;
}

/** Reviewers act only on their department's applications (admin on all); the guard already checked the role. */
export function assertReviewer(p: Principal, app: ApplicationRow): void {
  if (p.role !== 'admin' && (p.role !== 'dept_reviewer' || p.departmentCode !== app.department_code)) {
    throw new ScopeDeniedError('APPLICATION', app.id);
  }
}

export function enterpriseOf(p: Principal): string {
  if (p.role !== 'enterprise' || !p.enterpriseId) throw new DomainError('AUTH.FORBIDDEN', '仅企业用户可办理');
  return p.enterpriseId;
}
