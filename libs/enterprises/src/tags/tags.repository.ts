import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { mutateReturning } from '@app/core';
import type { Tag, TagInput } from './tags.service';

const COLUMNS = `code, name, category, source, owner_department AS "ownerDepartment", description, rule`;

export interface TagMember {
  id: string;
  creditCode: string;
  name: string;
  districtCode: string | null;
}

/** Every SQL statement of the tag library (标签库) and its rosters; the decisions are TagsService's. */
@Injectable()
export class TagsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  all(): Promise<Tag[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM enterprise.tags ORDER BY category, code`);
  }

  /** How many firms hold each tag (tags nobody holds are absent). */
  async enterpriseCounts(): Promise<Map<string, number>> {
    const counts: Array<{ tag: string; n: number }> = await this.dataSource.query(
      `SELECT t AS tag, count(*)::int AS n FROM enterprise.enterprises, unnest(tags) t GROUP BY t`,
    );
    return new Map(counts.map((c) => [c.tag, c.n]));
  }

  async labels(): Promise<Map<string, string>> {
    const rows: Array<{ code: string; name: string }> = await this.dataSource.query(`SELECT code, name FROM enterprise.tags`);
    return new Map(rows.map((r) => [r.code, r.name]));
  }

  async knownCodes(codes: readonly string[]): Promise<Set<string>> {
    const rows: Array<{ code: string }> = await this.dataSource.query(`SELECT code FROM enterprise.tags WHERE code = ANY($1::text[])`, [codes]);
    return new Set(rows.map((r) => r.code));
  }

  /** One tag, optionally locked for the caller's transaction; null when there is none. */
  async find(code: string, m: EntityManager | DataSource = this.dataSource, lock = false): Promise<Tag | null> {
    const rows: Tag[] = await m.query(`SELECT ${COLUMNS} FROM enterprise.tags WHERE code = $1 ${lock ? 'FOR UPDATE' : ''}`, [code]);
    return rows[0] ?? null;
  }

  /** Inserts a tag; null when its code or name is taken (nothing written). */
  async insert(m: EntityManager, t: Required<Pick<TagInput, 'code' | 'name' | 'category'>> & { source: Tag['source']; ownerDepartment: string | null; description: string | null }): Promise<Tag | null> {
    const inserted: Tag[] = await m.query(
      `INSERT INTO enterprise.tags (code, name, category, source, owner_department, description)
       VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
      [t.code, t.name, t.category, t.source, t.ownerDepartment, t.description],
    );
    return inserted[0] ?? null;
  }

  /** Updates name, category and description; null when the name is taken by another tag. */
  async update(m: EntityManager, code: string, t: { name: string; category: string; description: string | null }): Promise<Tag | null> {
    try {
      const updated = await mutateReturning<Tag>(
        m,
        `UPDATE enterprise.tags SET name=$2, category=$3, description=$4, updated_at=now() WHERE code=$1 RETURNING ${COLUMNS}`,
        [code, t.name, t.category, t.description],
      );
      return updated[0];
    } catch (e) {
      if (/UQ_tags_name|unique/i.test((e as Error).message)) return null;
      throw e;
    }
  }

  /** One page of the firms holding the tag, in sequence order, with the total. */
  async members(code: string, page: number, pageSize: number): Promise<{ items: TagMember[]; total: number }> {
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM enterprise.enterprises WHERE tags @> ARRAY[$1]::text[]`, [code]);
    const items: TagMember[] = await this.dataSource.query(
      `SELECT id, credit_code AS "creditCode", name, district_code AS "districtCode" FROM enterprise.enterprises
       WHERE tags @> ARRAY[$1]::text[] ORDER BY seq LIMIT $2 OFFSET $3`,
      [code, pageSize, (page - 1) * pageSize],
    );
    return { items, total };
  }

  /** Marks the tag derived by the rule (stored as JSON). */
  async storeRule(code: string, rule: unknown): Promise<void> {
    await this.dataSource.query(`UPDATE enterprise.tags SET source = 'derived', rule = $2::jsonb, updated_at = now() WHERE code = $1`, [code, JSON.stringify(rule)]);
  }

  /** Inserts the tag unless its code exists. */
  async ensure(t: TagInput): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO enterprise.tags (code, name, category, source, owner_department, description) VALUES ($1,$2,$3,$4,$5,$6)
       ON CONFLICT (code) DO NOTHING`,
      [t.code, t.name, t.category, t.source ?? 'manual', t.ownerDepartment ?? null, t.description ?? null],
    );
  }
}
