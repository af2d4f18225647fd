import { fenToYuanText, Principal } from '@app/core';
import { Refusal } from './fact-ownership';
import { ChangeAuthor, EnterpriseView } from './enterprise.types';

/** Helpers of a hand change to a profile (EnterprisesService.update) and of who wrote a version. */

/** Thrown inside the change's transaction to roll it back, then audited and answered as a 403. */
export class OwnershipRefusal extends Error {
  constructor(readonly refused: Refusal[]) {
    super('ownership refused');
  }
}

export function symmetricDifference(a: readonly string[], b: readonly string[]): string[] {
  const sa = new Set(a);
  const sb = new Set(b);
  return [...a.filter((x) => !sb.has(x)), ...b.filter((x) => !sa.has(x))].sort();
}

export const personOf = (p: Principal): ChangeAuthor => ({ kind: 'person', id: p.id, name: p.displayName || p.username, role: p.role, department: p.departmentCode });
/** Imports, the seed and derived tags write as a data source (the person who ran them is kept as actor). */
export const sourceOf = (actor: Principal | null): ChangeAuthor => ({
  kind: 'source', id: actor?.id ?? null, name: actor ? actor.displayName || actor.username : null, role: actor?.role ?? null, department: actor?.departmentCode ?? null,
});

export function currentAsRecord(v: EnterpriseView): Record<string, unknown> {
  const money = (fen: number | null) => (fen === null ? null : fenToYuanText(fen));
  return {
    creditCode: v.creditCode, name: v.name, districtCode: v.districtCode, industryCode: v.industryCode, scale: v.scale,
    establishedOn: v.establishedOn, registeredCapital: money(v.registeredCapital), employees: v.employees,
    revenue: money(v.revenue), taxPaid: money(v.taxPaid), rdExpense: money(v.rdExpense), exports: money(v.exports),
    rdIntensity: v.rdIntensity, revenueGrowth: v.revenueGrowth, tags: v.tags, creditStatus: v.creditStatus,
    isListed: v.isListed, creditSource: v.creditSource, creditSince: v.creditSince, creditUntil: v.creditUntil,
    bankName: v.bankName, contactName: v.contactName,
  };
}
