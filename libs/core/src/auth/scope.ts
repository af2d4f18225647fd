import { DomainError } from '../errors/domain-error';
import { DEPARTMENT_SCOPED_ROLES, Principal } from './roles';

/**
 * Raised when a caller reaches for a record outside their scope. It looks exactly like "not found"
 * to the caller (no existence leak) but is audited as a denied request.
 */
export class ScopeDeniedError extends DomainError {
  constructor(entity: string, id: string) {
    super(`${entity}.NOT_FOUND`, '记录不存在或无权访问', { id });
  }
}

/** Department-scoped roles may touch only their own department's records: otherwise 404. */
export function assertDepartmentScope(p: Principal, ownerDepartment: string | null, entity: string, id: string): void {
  if (DEPARTMENT_SCOPED_ROLES.includes(p.role) && p.departmentCode !== ownerDepartment) {
    throw new ScopeDeniedError(entity, id);
  }
}

/** An enterprise user is bound to its enterprise: any other enterprise is 404. */
export function assertEnterpriseScope(p: Principal, enterpriseId: string, entity = 'ENTERPRISE'): void {
  if (p.role === 'enterprise' && p.enterpriseId !== enterpriseId) {
    throw new ScopeDeniedError(entity, enterpriseId);
  }
}
