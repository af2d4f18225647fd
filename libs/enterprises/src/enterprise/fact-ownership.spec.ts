import { ENTERPRISE_FACTS } from '@app/contracts';
import { DomainError, Principal } from '@app/core';
import { DEMO_DEPARTMENTS } from '../demo/demo-departments';
import { classifyPatch, refusalError, refusedFields, refusedTags, TagInfo } from './fact-ownership';

const who = (role: Principal['role'], departmentCode: string | null = null): Principal => ({
  id: `${role}-${departmentCode}`, username: role, displayName: role, role, departmentCode, enterpriseId: role === 'enterprise' ? 'e1' : null,
});
const kjj = who('dept_editor', 'kjj');
const rsj = who('dept_editor', 'rsj');
const admin = who('admin');
const firm = who('enterprise');
const library = new Map<string, TagInfo>([
  ['hitech', { code: 'hitech', ownerDepartment: 'kjj', source: 'imported' }],
  ['specialized', { code: 'specialized', ownerDepartment: 'gxj', source: 'imported' }],
  ['startup', { code: 'startup', ownerDepartment: null, source: 'derived' }],
  ['listing_reserve', { code: 'listing_reserve', ownerDepartment: null, source: 'manual' }],
]);

describe('fact ownership', () => {
  it('every registry fact names its owner; departments are demo departments', () => {
    const codes = new Set<string>(DEMO_DEPARTMENTS.map((d) => d.code));
    for (const f of ENTERPRISE_FACTS) {
      expect(f.owner).toBeDefined();
      expect(f.owner!.source.length).toBeGreaterThan(1);
      if (f.owner!.department !== null) expect(codes.has(f.owner!.department)).toBe(true);
    }
    expect(ENTERPRISE_FACTS.find((f) => f.key === 'creditStatus')!.owner).toMatchObject({ sourceOnly: true });
  });

  it('a department edits only the facts it owns', () => {
    expect(refusedFields(rsj, classifyPatch({ employees: 1 }))).toEqual([]);
    expect(refusedFields(kjj, classifyPatch({ rdExpense: '1', rdIntensity: 3 }))).toEqual([]);
    expect(refusedFields(kjj, classifyPatch({ employees: 1, revenue: '1' })).map((r) => r.field)).toEqual(['employees', 'revenue']);
    expect(refusedFields(kjj, classifyPatch({ contactName: 'x' })).map((r) => r.field)).toEqual(['contactName']);
  });

  it('nobody sets the credit status by hand, not even an admin', () => {
    for (const p of [kjj, admin, firm]) {
      const r = refusedFields(p, classifyPatch({ creditStatus: '守信' }));
      expect(r).toEqual([expect.objectContaining({ field: 'creditStatus', sourceOnly: true })]);
      expect(refusalError(r).code).toBe('ENTERPRISE.FACT_SOURCE_ONLY');
    }
  });

  it('an enterprise changes its own contacts only; an admin anything but source-only facts', () => {
    expect(refusedFields(firm, classifyPatch({ contactName: 'x', contactPhone: '13800138000' }))).toEqual([]);
    expect(refusedFields(firm, classifyPatch({ revenue: '1' })).map((r) => r.field)).toEqual(['revenue']);
    expect(refusedFields(admin, classifyPatch({ revenue: '1', employees: 2, contactName: 'y' }))).toEqual([]);
    expect(refusedFields(who('leader'), classifyPatch({ contactName: 'x' }))).toHaveLength(1);
  });

  it('tags: the owning department only, never a derived one; unknown tags are not anyone\'s', () => {
    expect(refusedTags(kjj, ['hitech'], library)).toEqual([]);
    expect(refusedTags(kjj, ['specialized', 'listing_reserve', 'nosuch'], library).map((r) => r.field)).toEqual(['tags:specialized', 'tags:listing_reserve', 'tags:nosuch']);
    expect(refusedTags(admin, ['specialized', 'listing_reserve'], library)).toEqual([]);
    expect(refusedTags(admin, ['startup'], library)).toEqual([expect.objectContaining({ field: 'tags:startup', sourceOnly: true })]);
    expect(refusedTags(firm, ['hitech'], library)).toHaveLength(1);
  });

  it('refuses read-only, unknown and empty patches with codes', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as DomainError).code;
      }
      return null;
    };
    expect(code(() => classifyPatch({ bankAccount: '6222' }))).toBe('ENTERPRISE.FIELD_READ_ONLY');
    expect(code(() => classifyPatch({ creditSource: 'x' }))).toBe('ENTERPRISE.FIELD_READ_ONLY');
    expect(code(() => classifyPatch({ revenu: 1 }))).toBe('ENTERPRISE.UNKNOWN_FIELD');
    expect(code(() => classifyPatch({}))).toBe('ENTERPRISE.INVALID');
    expect(refusalError([{ field: 'revenue', owner: '税务部门共享数据' }]).code).toBe('ENTERPRISE.FACT_NOT_OWNED');
  });
});
