import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** A reminder or escalation about to be sent, once per application and `node` (`remind:<step>` / `escalate:<step>`). */
export interface ReminderToSend {
  applicationId: string;
  node: string;
  dueOn: string;
  sentAt: Date;
}

export interface DepartmentCountsRow { department_code: string; received: number; in_progress: number; closed: number }
/** Decided applications grouped by China dates from submission (or creation) to decision. */
export interface DecisionSpanRow { department_code: string; start: string; finish: string; n: number }
export interface RatingsRow { department_code: string; avg: string | null; n: number }

export interface NewRating {
  applicationId: string;
  departmentCode: string;
  score: number;
  comment: string | null;
  ratedBy: string;
}

const scopeOf = (departmentCode: string | null, params: unknown[]): string =>
  departmentCode ? `AND department_code = $${params.push(departmentCode)}` : '';

/**
 * Every SQL statement of 督办 besides the step measurements (StepBoardRepository): the once-per-visit
 * reminder ledger (approval.reminders), the board's per-department counts and ratings (服务评价).
 * `departmentCode` null means every department. The decisions are SupervisionService's.
 */
@Injectable()
export class SupervisionRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Records the reminders not sent before in this step visit; returns those newly recorded. */
  recordReminders(m: EntityManager, due: ReminderToSend[]): Promise<Array<{ application_id: string; node: string }>> {
    return m.query(
      `INSERT INTO approval.reminders (application_id, node, due_on, sent_at) SELECT * FROM unnest($1::uuid[], $2::text[], $3::date[], $4::timestamptz[])
       ON CONFLICT DO NOTHING RETURNING application_id, node`,
      [due.map((o) => o.applicationId), due.map((o) => o.node), due.map((o) => o.dueOn), due.map((o) => o.sentAt)]);
  }

  /** Per department: applications received, in progress and closed. */
  departmentCounts(departmentCode: string | null): Promise<DepartmentCountsRow[]> {
    const params: unknown[] = [];
    const scope = scopeOf(departmentCode, params);
    return this.dataSource.query(
      `SELECT department_code, count(*) FILTER (WHERE state <> 'draft')::int AS received,
              count(*) FILTER (WHERE state IN ('pre_qualified','submitted','under_review','returned','objection_raised','reopen_requested'))::int AS in_progress,
              count(*) FILTER (WHERE decided_at IS NOT NULL OR state IN ('withdrawn','expired'))::int AS closed
       FROM approval.applications WHERE true ${scope} GROUP BY department_code ORDER BY department_code`, params);
  }

  decisionSpans(departmentCode: string | null): Promise<DecisionSpanRow[]> {
    const params: unknown[] = [];
    const scope = scopeOf(departmentCode, params);
    return this.dataSource.query(
      `SELECT department_code, ((coalesce(submitted_at, created_at) AT TIME ZONE 'UTC') + interval '8 hours')::date::text AS start,
              ((decided_at AT TIME ZONE 'UTC') + interval '8 hours')::date::text AS finish, count(*)::int AS n
       FROM approval.applications WHERE decided_at IS NOT NULL ${scope} GROUP BY 1, 2, 3`, params);
  }

  ratingsByDepartment(departmentCode: string | null): Promise<RatingsRow[]> {
    const params: unknown[] = [];
    const scope = scopeOf(departmentCode, params);
    return this.dataSource.query(
      `SELECT department_code, avg(score)::text AS avg, count(*)::int AS n FROM approval.ratings WHERE true ${scope} GROUP BY department_code`, params);
  }

  /** Applications released for payment (received by finance) and of those, paid. */
  async financeCounts(departmentCode: string | null): Promise<{ received: number; paid: number }> {
    const params: unknown[] = [];
    const scope = scopeOf(departmentCode, params);
    const [{ received, paid }] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE state IN ('ready_for_payout','paid','payout_failed'))::int AS received, count(*) FILTER (WHERE state = 'paid')::int AS paid
       FROM approval.applications WHERE true ${scope}`, params);
    return { received, paid };
  }

  /** Records the firm's rating; false when the application was rated already. */
  async insertRating(m: EntityManager, r: NewRating): Promise<boolean> {
    const inserted: unknown[] = await m.query(
      `INSERT INTO approval.ratings (application_id, department_code, score, comment, rated_by) VALUES ($1,$2,$3,$4,$5)
       ON CONFLICT (application_id) DO NOTHING RETURNING application_id`, [r.applicationId, r.departmentCode, r.score, r.comment, r.ratedBy]);
    return inserted.length > 0;
  }
}
