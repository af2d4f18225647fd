import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { mutateReturning, uniqueViolation } from '@app/core';
import type { FollowUpFinding, Rating } from '../appeal/appeal.types';

export interface NewFeedbackRow {
  appealId: string;
  round: number;
  rating: Rating;
  comment: string | null;
  givenBy: string;
  givenRole: string;
  onBehalf: boolean;
  at: Date;
}

export interface FollowUpRow {
  id: string;
  appeal_id: string;
  number: string;
  enterprise_name: string;
  title: string;
  due_on: string;
  status: 'pending' | 'done';
  finding: FollowUpFinding | null;
  note: string | null;
  done_at: Date | null;
}

export interface FollowUpDone {
  followUpId: string;
  appealId: string;
  finding: FollowUpFinding;
  note: string;
  doneBy: string;
  doneAt: Date;
}

/** Every SQL statement of 评价与销号 and 回访: ratings, follow-up tasks and their findings. */
@Injectable()
export class FeedbackRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Whether the firm rated the appeal's answer of `round`. */
  async rated(m: EntityManager, appealId: string, round: number): Promise<boolean> {
    const [given] = await m.query(`SELECT 1 AS x FROM appeal.feedback WHERE appeal_id = $1 AND round = $2`, [appealId, round]);
    return !!given;
  }

  /** Records a rating; false when that answer round was rated already (nothing written). */
  async insertFeedback(m: EntityManager, f: NewFeedbackRow): Promise<boolean> {
    try {
      await m.query(
        `INSERT INTO appeal.feedback (appeal_id, round, rating, comment, given_by, given_role, on_behalf, at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
        [f.appealId, f.round, f.rating, f.comment, f.givenBy, f.givenRole, f.onBehalf, f.at.toISOString()],
      );
      return true;
    } catch (err) {
      if (uniqueViolation(err) === 'PK_appeal_feedback') return false;
      throw err;
    }
  }

  async followUpCount(m: EntityManager, appealId: string): Promise<number> {
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM appeal.follow_ups WHERE appeal_id = $1`, [appealId]);
    return n;
  }

  async insertFollowUp(m: EntityManager, f: { id: string; appealId: string; closeRound: number; dueOn: string; createdAt: Date }): Promise<void> {
    await m.query(`INSERT INTO appeal.follow_ups (id, appeal_id, close_round, due_on, status, created_at) VALUES ($1,$2,$3,$4,'pending',$5)`,
      [f.id, f.appealId, f.closeRound, f.dueOn, f.createdAt.toISOString()]);
  }

  /**
   * One page of the follow-ups on appeals matching `clause` (over alias `a`, with `params`; follow-ups
   * are alias `f`), pending first then by due date, with the total.
   */
  async followUps(clause: string, params: unknown[], page: number, pageSize: number): Promise<{ rows: FollowUpRow[]; total: number }> {
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM appeal.follow_ups f JOIN appeal.appeals a ON a.id = f.appeal_id WHERE ${clause}`, params);
    const rows: FollowUpRow[] = await this.dataSource.query(
      `SELECT f.id, f.appeal_id, a.number, a.enterprise_name, a.title, f.due_on::text AS due_on, f.status, f.finding, f.note, f.done_at
       FROM appeal.follow_ups f JOIN appeal.appeals a ON a.id = f.appeal_id WHERE ${clause} ORDER BY f.status DESC, f.due_on, f.id
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [...params, pageSize, (page - 1) * pageSize]);
    return { rows, total };
  }

  /** Completes a pending follow-up of the appeal; false when there is no such pending one. */
  async completeFollowUp(m: EntityManager, d: FollowUpDone): Promise<boolean> {
    if (!/^[0-9a-f-]{36}$/i.test(d.followUpId)) return false;
    const done = await mutateReturning(m, `UPDATE appeal.follow_ups SET status = 'done', finding = $3, note = $4, done_by = $5, done_at = $6
            WHERE id = $1 AND appeal_id = $2 AND status = 'pending' RETURNING id`, [d.followUpId, d.appealId, d.finding, d.note, d.doneBy, d.doneAt.toISOString()]);
    return done.length > 0;
  }
}
