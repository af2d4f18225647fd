import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApplicationState } from '../application/application.states';
import { CashOutMode } from '../application/application.types';

/** An application in a state where it waits on someone, with its disclosure round's end. */
export interface WaitingApplicationRow {
  id: string;
  enterprise_name: string;
  item_name: string;
  department_code: string;
  state: ApplicationState;
  mode: CashOutMode;
  state_since: Date;
  confirm_opened_at: Date | null;
  confirm_by: string | null;
  round_ends_at: Date | null;
}

/** A pending 承诺兑现 verification. */
export interface PendingVerificationRow {
  application_id: string;
  enterprise_name: string;
  item_name: string;
  department_code: string;
  created_at: Date;
  due_on: string;
}

/** Passages through a state, left by `next_command`, grouped by department and China dates. */
export interface StatePassageRow { department_code: string; state: ApplicationState; next_command: string; start: string; finish: string; n: number }
export interface ConfirmationPassageRow { department_code: string; start: string; finish: string; confirm_by: string | null; confirmed: boolean; n: number }
export interface VerificationPassageRow { department_code: string; start: string; finish: string; due_on: string; n: number }
export interface ReleasedApplicationRow { id: string; department_code: string; paid_at: Date | null; released_at: Date }
export interface PaidByItemRow { item_id: string; item_name: string; department_code: string; start: string; paid_on: string; n: number; seconds: number }

const china = (col: string) => `((${col} AT TIME ZONE 'UTC') + interval '8 hours')::date::text`;

const scope = (departmentCode: string | null, params: unknown[], alias: string): string =>
  departmentCode ? `AND ${alias}.department_code = $${params.push(departmentCode)}` : '';

/**
 * Every SQL statement of the 督办 board's measurements: what waits now, finished passages through the
 * steps, and paid results. `departmentCode` null means every department. The due dates, on-time
 * verdicts and averages are StepBoardService's, unit-tested without a database.
 */
@Injectable()
export class StepBoardRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Applications waiting in a step now. */
  waitingApplications(departmentCode: string | null): Promise<WaitingApplicationRow[]> {
    const params: unknown[] = [];
    return this.dataSource.query(
      `SELECT a.id, a.enterprise_name, a.item_name, a.department_code, a.state, a.mode, a.state_since, a.confirm_opened_at, a.confirm_by::text AS confirm_by,
              r.ends_at AS round_ends_at
       FROM approval.applications a LEFT JOIN approval.disclosure_rounds r ON r.id = a.disclosure_round_id
       WHERE a.state IN ('submitted','under_review','pre_qualified','objection_raised','reopen_requested','approved','in_disclosure','ready_for_payout')
       ${scope(departmentCode, params, 'a')}`, params);
  }

  pendingVerifications(departmentCode: string | null): Promise<PendingVerificationRow[]> {
    const vParams: unknown[] = [];
    return this.dataSource.query(
      `SELECT v.application_id, a.enterprise_name, a.item_name, v.department_code, v.created_at, v.due_on::text AS due_on
       FROM approval.verifications v JOIN approval.applications a ON a.id = v.application_id
       WHERE v.status = 'pending' ${scope(departmentCode, vParams, 'v')}`, vParams);
  }

  /** Left states of the timeline (from entering a state to the next state change), grouped by China dates. */
  statePassages(departmentCode: string | null): Promise<StatePassageRow[]> {
    const p1: unknown[] = [];
    return this.dataSource.query(
      `WITH t AS (
         SELECT application_id, to_state, at, lead(at) OVER w AS left_at, lead(command) OVER w AS next_command
         FROM approval.timeline WHERE from_state IS DISTINCT FROM to_state
         WINDOW w AS (PARTITION BY application_id ORDER BY step))
       SELECT a.department_code, t.to_state AS state, t.next_command, ${china('t.at')} AS start, ${china('t.left_at')} AS finish, count(*)::int AS n
       FROM t JOIN approval.applications a ON a.id = t.application_id
       WHERE t.left_at IS NOT NULL AND t.to_state IN ('submitted','under_review','pre_qualified','objection_raised','reopen_requested','approved')
         ${scope(departmentCode, p1, 'a')}
       GROUP BY 1, 2, 3, 4, 5`, p1);
  }

  /** Account confirmations that ended (confirmed or lapsed). */
  confirmationPassages(departmentCode: string | null): Promise<ConfirmationPassageRow[]> {
    const p2: unknown[] = [];
    return this.dataSource.query(
      `SELECT a.department_code, ${china('a.confirm_opened_at')} AS start, ${china('coalesce(a.confirmed_at, a.lapsed_at)')} AS finish, a.confirm_by::text AS confirm_by,
              (a.confirmed_at IS NOT NULL) AS confirmed, count(*)::int AS n
       FROM approval.applications a
       WHERE a.confirm_opened_at IS NOT NULL AND (a.confirmed_at IS NOT NULL OR a.lapsed_at IS NOT NULL) ${scope(departmentCode, p2, 'a')}
       GROUP BY 1, 2, 3, 4, 5`, p2);
  }

  /** Verifications decided. */
  verificationPassages(departmentCode: string | null): Promise<VerificationPassageRow[]> {
    const p3: unknown[] = [];
    return this.dataSource.query(
      `SELECT v.department_code, ${china('v.created_at')} AS start, ${china('v.decided_at')} AS finish, v.due_on::text AS due_on, count(*)::int AS n
       FROM approval.verifications v WHERE v.status <> 'pending' ${scope(departmentCode, p3, 'v')} GROUP BY 1, 2, 3, 4`, p3);
  }

  /** Applications released to the payout center (ready or paid), with when they were last released. */
  releasedApplications(departmentCode: string | null): Promise<ReleasedApplicationRow[]> {
    const params: unknown[] = [];
    return this.dataSource.query(
      `SELECT a.id, a.department_code, a.paid_at, rel.at AS released_at FROM approval.applications a
       JOIN LATERAL (SELECT max(t.at) AS at FROM approval.timeline t
         WHERE t.application_id = a.id AND t.to_state = 'ready_for_payout' AND t.from_state IS DISTINCT FROM t.to_state) rel ON rel.at IS NOT NULL
       WHERE a.state IN ('ready_for_payout','paid') ${scope(departmentCode, params, 'a')}`, params);
  }

  /** Published payments per item, start day and paid day, with the seconds from start to money summed. */
  paidByItem(departmentCode: string | null): Promise<PaidByItemRow[]> {
    const params: unknown[] = [];
    return this.dataSource.query(
      `SELECT item_id, item_name, department_code, ${china('started_at')} AS start, paid_on::text AS paid_on, count(*)::int AS n,
              sum(extract(epoch FROM (paid_at - started_at)))::float8 AS seconds
       FROM approval.published_results r WHERE true ${scope(departmentCode, params, 'r')} GROUP BY 1, 2, 3, 4, 5`, params);
  }
}
