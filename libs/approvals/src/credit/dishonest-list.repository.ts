import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface DishonestEntryInsert {
  id: string;
  creditCode: string;
  /** The firm on the platform with that credit code, or null when it is not (yet) registered. */
  enterpriseId: string | null;
  source: string;
  listedFrom: string;
  listedTo: string | null;
  importedBy: string;
}

export interface DishonestEntryView {
  creditCode: string;
  enterpriseId: string | null;
  source: string;
  listedFrom: string;
  listedTo: string | null;
  importedAt: Date;
}

/** Every SQL statement of the 失信 list (approval.dishonest_list). */
@Injectable()
export class DishonestListRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Inserts an entry unless the same (credit code, source, listed from) is there; true when inserted. */
  async insert(m: EntityManager, r: DishonestEntryInsert): Promise<boolean> {
    const ins: unknown[] = await m.query(
      `INSERT INTO approval.dishonest_list (id, credit_code, enterprise_id, source, listed_from, listed_to, imported_by) VALUES ($1,$2,$3,$4,$5,$6,$7)
       ON CONFLICT (credit_code, source, listed_from) DO NOTHING RETURNING id`,
      [r.id, r.creditCode, r.enterpriseId, r.source, r.listedFrom, r.listedTo, r.importedBy]);
    return ins.length > 0;
  }

  /** One page of entries, last imported first, with the total. */
  async page(page: number, pageSize: number): Promise<{ items: DishonestEntryView[]; total: number }> {
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM approval.dishonest_list`);
    const items: DishonestEntryView[] = await this.dataSource.query(
      `SELECT credit_code AS "creditCode", enterprise_id AS "enterpriseId", source, listed_from::text AS "listedFrom", listed_to::text AS "listedTo", imported_at AS "importedAt"
       FROM approval.dishonest_list ORDER BY imported_at DESC, credit_code LIMIT $1 OFFSET $2`, [pageSize, (page - 1) * pageSize]);
    return { items, total };
  }
}
