import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { CategoryLimits, CategoryRow } from './appeal-directory.service';

/** Every SQL statement of the appeal categories (their limits and default lead units). */
@Injectable()
export class CategoriesRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Every category in display order (in the caller's transaction when given). */
  all(m: EntityManager | DataSource = this.dataSource): Promise<CategoryRow[]> {
    return m.query(`SELECT code, name, lead_department, dispatch_days, accept_days, progress_days, answer_days, second_days, requirements FROM appeal.categories ORDER BY sort, code`);
  }

  /** Sets the given columns of a category (the keys are CategoryLimits' columns, never caller text). */
  async update(m: EntityManager, code: string, cols: Array<[keyof CategoryLimits, unknown]>): Promise<void> {
    const params: unknown[] = [code];
    await m.query(`UPDATE appeal.categories SET ${cols.map(([c, v]) => `${c} = $${params.push(v)}`).join(', ')}, updated_at = now() WHERE code = $1`, params);
  }
}
