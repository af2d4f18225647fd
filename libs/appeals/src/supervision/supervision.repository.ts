import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { OPEN_APPEAL_STATES } from '../appeal/appeal.states';
import { AppealLevel, AppealRow, APPEAL_COLUMNS, DueKind } from '../appeal/appeal.types';

const OPEN = OPEN_APPEAL_STATES.map((s) => `'${s}'`).join(',');

export interface NewEscalation {
  appealId: string;
  dueKind: DueKind | null;
  dueOn: string;
  step: number;
  fromLevel: AppealLevel;
  toLevel: AppealLevel;
  at: Date;
}

/**
 * Every SQL statement of 督办 (the overdue list, escalation steps, weekly reminders); the decisions —
 * which step is due, what is noted and who is told — are AppealSupervisionService's.
 */
@Injectable()
export class SupervisionRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * One page of the overdue appeals matching `clause` (built over alias `a` with `params`, its first
   * parameter being today) in deadline order, with the total. Only open appeals carry a deadline
   * (CHK_appeals_due_open): no state filter, the covering index answers it.
   */
  async overduePage(clause: string, params: unknown[], page: number, pageSize: number): Promise<{ rows: AppealRow[]; total: number }> {
    // One pass over the covering index: the page's ids with the total, then the page's rows.
    const ids: Array<{ id: string; total: number }> = await this.dataSource.query(
      `SELECT a.id, count(*) OVER ()::int AS total FROM appeal.appeals a WHERE ${clause} ORDER BY a.due_on, a.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    const total = ids[0]?.total ?? (page > 1 ? (await this.dataSource.query(`SELECT count(*)::int AS n FROM appeal.appeals a WHERE ${clause}`, params))[0].n : 0);
    const rows: AppealRow[] = ids.length
      ? await this.dataSource.query(`SELECT ${APPEAL_COLUMNS} FROM appeal.appeals WHERE id = ANY($1::uuid[]) ORDER BY due_on, id`, [ids.map((r) => r.id)])
      : [];
    return { rows, total };
  }

  /** Open appeals whose current deadline is before `today`, the oldest deadline first. */
  overdueOpen(today: string): Promise<Array<{ id: string; due_on: string }>> {
    return this.dataSource.query(
      `SELECT id, due_on::text AS due_on FROM appeal.appeals WHERE due_on IS NOT NULL AND due_on < $1 AND state IN (${OPEN}) ORDER BY due_on`, [today]);
  }

  /** Escalation steps already taken for this deadline of the appeal. */
  async escalationsTaken(m: EntityManager, appealId: string, dueKind: DueKind | null, dueOn: string): Promise<number> {
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM appeal.escalations WHERE appeal_id = $1 AND due_kind = $2 AND due_on = $3`, [appealId, dueKind, dueOn]);
    return n;
  }

  async insertEscalation(m: EntityManager, e: NewEscalation): Promise<void> {
    await m.query(`INSERT INTO appeal.escalations (appeal_id, due_kind, due_on, step, from_level, to_level, at) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
      [e.appealId, e.dueKind, e.dueOn, e.step, e.fromLevel, e.toLevel, e.at.toISOString()]);
  }

  /** Appeals a lead unit still owes an answer that have no reminder for `week` yet. */
  dueWeeklyReminder(week: string): Promise<Array<{ id: string }>> {
    return this.dataSource.query(
      `SELECT a.id FROM appeal.appeals a WHERE a.state IN ('assigned','in_progress','second_supervision') AND a.lead_department IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM appeal.weekly_reminders w WHERE w.appeal_id = a.id AND w.week = $1)`, [week]);
  }

  /** Claims the appeal's reminder of `week`; false when another run already has it. */
  async claimWeeklyReminder(m: EntityManager, appealId: string, week: string, at: Date): Promise<boolean> {
    const fresh: unknown[] = await m.query(`INSERT INTO appeal.weekly_reminders (appeal_id, week, at) VALUES ($1,$2,$3) ON CONFLICT DO NOTHING RETURNING appeal_id`, [appealId, week, at.toISOString()]);
    return fresh.length > 0;
  }
}
