import type { EntityManager } from 'typeorm';
import type { AuditService, UsersService } from '@app/core';
import { codeOf, person, recorders, TX } from '../testing/unit-kit';
import { AppealDirectory, CategoryLimits, CategoryRow } from './appeal-directory.service';
import type { CategoriesRepository } from './categories.repository';

/** CategoriesRepository's contract in memory, counting reads. */
class MemoryCategories {
  reads = 0;
  readonly rows = new Map<string, CategoryRow>([
    ['land', { code: 'land', name: '用地规划', lead_department: 'zrzyj', dispatch_days: 2, accept_days: 1, progress_days: 5, answer_days: 15, second_days: 5, requirements: null }],
    ['finance', { code: 'finance', name: '融资信贷', lead_department: null, dispatch_days: 2, accept_days: 1, progress_days: 5, answer_days: 10, second_days: 5, requirements: null }],
  ]);
  async transaction<T>(work: (m: EntityManager) => Promise<T>) {
    return work(TX);
  }
  async all() {
    this.reads++;
    return [...this.rows.values()].map((r) => ({ ...r }));
  }
  async update(_m: unknown, code: string, cols: Array<[keyof CategoryLimits, unknown]>) {
    Object.assign(this.rows.get(code)!, Object.fromEntries(cols));
  }
}

function setup() {
  const categories = new MemoryCategories();
  const rec = recorders();
  const users = { listDepartments: async () => [{ code: 'zrzyj', name: '市自然资源和规划局' }, { code: 'jrj', name: '市金融局' }] };
  const svc = new AppealDirectory(categories as unknown as CategoriesRepository, rec.audit as unknown as AuditService, users as unknown as UsersService);
  return { svc, categories, rec };
}

const admin = person('admin');

describe('AppealDirectory (over an in-memory repository)', () => {
  it('an unknown category is a coded 400 naming the known ones', async () => {
    const { svc } = setup();
    const err = await svc.category('nosuch').catch((e) => e);
    expect([err.code, err.details]).toEqual(['APPEAL.CATEGORY_INVALID', { category: 'nosuch', allowed: ['land', 'finance'] }]);
  });

  it('outside a transaction the categories are read once and reused; inside one they are read in it', async () => {
    const { svc, categories } = setup();
    await svc.categoryMap();
    await svc.category('land');
    expect(categories.reads).toBe(1);
    await svc.category('land', TX);
    expect(categories.reads).toBe(2);
  });

  it('names a unit, a district by its name, and an unknown code by itself', async () => {
    const { svc } = setup();
    const names = await svc.departmentNames();
    expect([svc.ref(names, 'zrzyj')?.name, svc.ref(names, '410102')?.name, svc.ref(names, 'xyz')?.name, svc.ref(names, null)]).toEqual(['市自然资源和规划局', '中原区', 'xyz', null]);
    expect(await codeOf(svc.assertDepartment('nosuch'))).toBe('APPEAL.DEPARTMENT_INVALID');
  });

  it('updates a category\'s limits with an audit entry, refusing an unknown lead unit; the cached list follows', async () => {
    const { svc, categories, rec } = setup();
    expect((await svc.categoryViews()).find((c) => c.code === 'finance')!.answerDays).toBe(10);
    expect(await codeOf(svc.updateCategory(admin, 'finance', { lead_department: 'nosuch' }))).toBe('APPEAL.DEPARTMENT_INVALID');
    expect(await codeOf(svc.updateCategory(admin, 'nosuch', { answer_days: 5 }))).toBe('APPEAL.CATEGORY_INVALID');
    const v = await svc.updateCategory(admin, 'finance', { answer_days: 20, lead_department: 'jrj', requirements: undefined });
    expect(v).toMatchObject({ answerDays: 20, leadDepartment: { code: 'jrj', name: '市金融局' } });
    expect(categories.rows.get('finance')).toMatchObject({ answer_days: 20, lead_department: 'jrj', requirements: null });
    expect(rec.audit.entries).toEqual([expect.objectContaining({ action: 'appeal.category_update', targetId: 'finance' })]);
    await svc.updateCategory(admin, 'finance', {});
    expect(rec.audit.entries).toHaveLength(1);
  });
});
