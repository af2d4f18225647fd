import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService, DomainError, Principal, UsersService } from '@app/core';
import { districtName } from '@app/enterprises';
import { CategoriesRepository } from './categories.repository';
import type { CategoryView, DepartmentRef } from './dto/appeal.views';

export interface CategoryRow {
  code: string;
  name: string;
  lead_department: string | null;
  dispatch_days: number;
  accept_days: number;
  progress_days: number;
  answer_days: number;
  second_days: number;
  /** Default 办理要求 for the 交办函. */
  requirements: string | null;
}

export type CategoryLimits = Partial<Pick<CategoryRow, 'dispatch_days' | 'accept_days' | 'progress_days' | 'answer_days' | 'second_days' | 'lead_department' | 'requirements'>>;

/**
 * Names the console shows beside codes: categories (with their working-day limits, configurable) and
 * departments (through the core module's UsersService).
 * Districts double as units: a district supervisor's department code is the district's code.
 */
@Injectable()
export class AppealDirectory {
  private categories?: { at: number; rows: Map<string, CategoryRow> };
  private departments?: { at: number; names: Map<string, string> };

  constructor(
    private readonly categoryRows: CategoriesRepository,
    private readonly audit: AuditService,
    private readonly users: UsersService,
  ) {}

  /** The categories by code; outside a transaction cached a few seconds, inside one (`m`) read in it. */
  async categoryMap(m?: EntityManager): Promise<Map<string, CategoryRow>> {
    if (!m && this.categories && Date.now() - this.categories.at < 5_000) return this.categories.rows;
    const rows = await this.categoryRows.all(m);
    const map = new Map(rows.map((r) => [r.code, r]));
    if (!m) this.categories = { at: Date.now(), rows: map };
    return map;
  }

  /** The category, or a coded 400 naming the known ones. */
  async category(code: string, m?: EntityManager): Promise<CategoryRow> {
    const map = await this.categoryMap(m);
    const c = map.get(code);
    if (!c) throw new DomainError('APPEAL.CATEGORY_INVALID', `未知的诉求类别：${code}`, { category: code, allowed: [...map.keys()] });
    return c;
  }

  /** Department names (cached a few seconds); inside a transaction pass its manager. */
  async departmentNames(m?: EntityManager): Promise<Map<string, string>> {
    if (this.departments && Date.now() - this.departments.at < 5_000) return this.departments.names;
    const rows = await this.users.listDepartments(m);
    const names = new Map(rows.map((r) => [r.code, r.name]));
    this.departments = { at: Date.now(), names };
    return names;
  }

  /** A department code the platform knows, or a coded 400. */
  async assertDepartment(code: string, m?: EntityManager): Promise<void> {
    if ((await this.departmentNames(m)).has(code)) return;
    this.departments = undefined;
    if (!(await this.departmentNames(m)).has(code)) throw new DomainError('APPEAL.DEPARTMENT_INVALID', `未知的单位：${code}`, { department: code });
  }

  ref(names: Map<string, string>, code: string | null): DepartmentRef | null {
    if (!code) return null;
    return { code, name: names.get(code) ?? districtName(code) ?? code };
  }

  async categoryViews(): Promise<CategoryView[]> {
    const [cats, names] = await Promise.all([this.categoryMap(), this.departmentNames()]);
    return [...cats.values()].map((c) => ({
      code: c.code, name: c.name, leadDepartment: this.ref(names, c.lead_department), dispatchDays: c.dispatch_days, acceptDays: c.accept_days,
      progressDays: c.progress_days, answerDays: c.answer_days, secondDays: c.second_days, requirements: c.requirements,
    }));
  }

  /** Changes a category's default lead unit and working-day limits (new appeals only; audited). */
  async updateCategory(p: Principal, code: string, patch: CategoryLimits): Promise<CategoryView> {
    await this.categoryRows.transaction(async (m) => {
      const before = await this.category(code, m);
      if (patch.lead_department) await this.assertDepartment(patch.lead_department, m);
      const cols = (Object.entries(patch) as Array<[keyof CategoryLimits, unknown]>).filter(([, v]) => v !== undefined);
      if (cols.length === 0) return;
      await this.categoryRows.update(m, code, cols);
      await this.audit.record({ actor: p, action: 'appeal.category_update', targetType: 'appeal_category', targetId: code, before, after: { ...before, ...patch } }, m);
    });
    this.categories = undefined;
    return (await this.categoryViews()).find((c) => c.code === code)!;
  }
}
