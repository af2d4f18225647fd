import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { LetterKind } from '../appeal/appeal.types';

export interface NewLetterRow {
  id: string;
  appealId: string;
  kind: LetterKind;
  number: string;
  departmentCode: string | null;
  title: string;
  reason: string | null;
  html: string;
  issuedBy: string | null;
  issuedAt: Date;
}

export interface LetterRow {
  id: string;
  kind: LetterKind;
  number: string;
  department_code: string | null;
  title: string;
  reason: string | null;
  issued_at: Date;
}

/** Every SQL statement of the letters (函): numbering, storing and reading them. */
@Injectable()
export class LetterRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The next sequence number of a counter (`letter:<kind>:<year>`), in the caller's transaction. */
  async nextValue(m: EntityManager, key: string): Promise<number> {
    const [{ value }] = await m.query(
      `INSERT INTO appeal.counters (key, value) VALUES ($1, 1) ON CONFLICT (key) DO UPDATE SET value = appeal.counters.value + 1 RETURNING value`,
      [key],
    );
    return Number(value);
  }

  async insert(m: EntityManager, l: NewLetterRow): Promise<void> {
    await m.query(
      `INSERT INTO appeal.letters (id, appeal_id, kind, number, department_code, title, reason, html, issued_by, issued_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
      [l.id, l.appealId, l.kind, l.number, l.departmentCode, l.title, l.reason, l.html, l.issuedBy, l.issuedAt.toISOString()],
    );
  }

  ofAppeal(appealId: string): Promise<LetterRow[]> {
    return this.dataSource.query(`SELECT id, kind, number, department_code, title, reason, issued_at FROM appeal.letters WHERE appeal_id = $1 ORDER BY issued_at, number`, [appealId]);
  }

  /** The stored HTML of one of the appeal's letters; null when there is none (or the id is malformed). */
  async html(appealId: string, letterId: string): Promise<string | null> {
    if (!/^[0-9a-f-]{36}$/i.test(letterId)) return null;
    const [row]: Array<{ html: string }> = await this.dataSource.query(`SELECT html FROM appeal.letters WHERE id = $1 AND appeal_id = $2`, [letterId, appealId]);
    return row?.html ?? null;
  }
}
