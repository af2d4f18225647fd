import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { mutateReturning } from '@app/core';
import { AppealCommand, AppealNote, AppealState } from './appeal.states';
import { AppealActor, AppealChannel, AppealLevel, AppealRow, APPEAL_COLUMNS } from './appeal.types';

export type Db = EntityManager | DataSource;

export interface NewAppeal {
  id: string;
  number: string;
  enterpriseId: string;
  enterpriseName: string;
  districtCode: string | null;
  category: string;
  channel: AppealChannel;
  title: string;
  description: string;
  terms: string[];
  contactName: string | null;
  contactPhoneEnc: string | null;
  contactPhoneMasked: string | null;
  relatedItemId: string | null;
  receptionDayId: string | null;
  recordedBy: string | null;
  recordedRole: string | null;
  level: AppealLevel;
  officerId: string | null;
  receivedAt: Date;
  dispatchDue: string;
}

export interface TimelineEntry {
  command: AppealCommand | AppealNote;
  actor: AppealActor;
  at: Date;
  outcome?: string | null;
  comment?: string | null;
  details?: Record<string, unknown> | null;
}

/** Columns a transition may set besides the state, and how (a value, or `{ sql }` over the row). */
export type ColumnSet = Record<string, unknown>;

const SETTABLE = new Set([
  'level', 'lead_department', 'co_departments', 'first_department', 'merged_into', 'assigned_at', 'first_assigned_at', 'assigned_month', 'accepted_at',
  'first_accepted_at', 'accepted_on_time', 'last_progress_at', 'answered_at', 'first_answered_at', 'answered_on_time', 'handling_working_days',
  'answer_kind', 'answer_text', 'answer_round', 'rating', 'rated_at', 'second_supervision_count', 'reopened_count', 'closed_at', 'close_reason',
  'dispatch_due', 'accept_due', 'progress_due', 'answer_due', 'second_due', 'extension_days', 'due_kind', 'due_on', 'policy_item_id', 'officer_id',
]);

export interface TimelineRow {
  step: number;
  at: Date;
  command: string;
  from_state: AppealState | null;
  to_state: AppealState;
  actor_id: string | null;
  actor_name: string | null;
  actor_role: AppealActor['role'];
  department_code: string | null;
  outcome: string | null;
  comment: string | null;
  details: Record<string, unknown> | null;
}

/**
 * PostgreSQL access for appeals. A state change and its timeline node are ONE statement (a
 * data-modifying CTE guarded by `WHERE state = $expected`): either both happen or neither does, and
 * the timeline's key (appeal, step) with step = version means no step is ever lost or doubled.
 */
@Injectable()
export class AppealRepository {
  constructor(private readonly dataSource: DataSource) {}

  async get(id: string, m: Db = this.dataSource, lock = false): Promise<AppealRow | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const rows: AppealRow[] = await m.query(`SELECT ${APPEAL_COLUMNS} FROM appeal.appeals WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
    return rows[0] ?? null;
  }

  async byNumber(number: string, m: Db = this.dataSource): Promise<AppealRow | null> {
    const rows: AppealRow[] = await m.query(`SELECT ${APPEAL_COLUMNS} FROM appeal.appeals WHERE number = $1`, [number]);
    return rows[0] ?? null;
  }

  /** Inserts appeals, each with its first timeline node, in one statement. */
  async insertMany(m: Db, rows: NewAppeal[], node: Omit<TimelineEntry, 'command'>): Promise<void> {
    if (rows.length === 0) return;
    const col = <K extends keyof NewAppeal>(k: K) => rows.map((r) => r[k]);
    await m.query(
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                              $11::text[], $12::text[], $13::text[], $14::uuid[], $15::uuid[], $16::uuid[], $17::text[], $18::text[], $19::uuid[],
                              $20::timestamptz[], $21::date[])
           AS t(id, number, enterprise_id, enterprise_name, district_code, category, channel, title, description, terms, contact_name,
                contact_phone_enc, contact_phone_masked, related_item_id, reception_day_id, recorded_by, recorded_role, level, officer_id, received_at,
                dispatch_due)),
       ins AS (
         INSERT INTO appeal.appeals (id, number, enterprise_id, enterprise_name, district_code, category, channel, title, description, terms, contact_name,
           contact_phone_enc, contact_phone_masked, related_item_id, reception_day_id, recorded_by, recorded_role, state, state_since, level, officer_id,
           received_at, dispatch_due, due_kind, due_on, created_at, updated_at)
         SELECT id, number, enterprise_id, enterprise_name, district_code, category, channel, title, description, terms::text[], contact_name,
           contact_phone_enc, contact_phone_masked, related_item_id, reception_day_id, recorded_by, recorded_role, 'submitted', $22, level, officer_id,
           received_at, dispatch_due, 'dispatch', dispatch_due, $22, $22 FROM input
         RETURNING id)
       INSERT INTO appeal.timeline (appeal_id, step, at, command, from_state, to_state, actor_id, actor_name, actor_role, department_code, outcome, comment, details)
       SELECT id, 1, $22, 'create', NULL, 'submitted', $23, $24, $25, $26, $27, $28, $29::jsonb FROM ins`,
      [
        col('id'), col('number'), col('enterpriseId'), col('enterpriseName'), col('districtCode'), col('category'), col('channel'), col('title'),
        col('description'), rows.map((r) => `{${r.terms.map((t) => `"${t.replace(/["\\]/g, '')}"`).join(',')}}`), col('contactName'), col('contactPhoneEnc'),
        col('contactPhoneMasked'), col('relatedItemId'), col('receptionDayId'), col('recordedBy'), col('recordedRole'), col('level'), col('officerId'),
        rows.map((r) => r.receivedAt.toISOString()), col('dispatchDue'),
        node.at.toISOString(), node.actor.id, node.actor.displayName ?? node.actor.username ?? null, node.actor.role, node.actor.departmentCode,
        node.outcome ?? null, node.comment ?? null, node.details ? JSON.stringify(node.details) : null,
      ],
    );
  }

  private assignments(set: ColumnSet, params: unknown[]): string[] {
    return Object.entries(set).map(([c, v]) => {
      if (!SETTABLE.has(c)) throw new Error(`column ${c} is not settable`);
      if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && 'sql' in (v as object)) return `${c} = ${(v as { sql: string }).sql}`;
      return `${c} = $${params.push(v instanceof Date ? v.toISOString() : v)}`;
    });
  }

  /** Moves one appeal iff it is still in `from`, appending its timeline node. Null when it was not. */
  async transition(m: Db, id: string, from: AppealState, to: AppealState, node: TimelineEntry, set: ColumnSet = {}): Promise<AppealRow | null> {
    const params: unknown[] = [id, from, to, node.command, node.actor.id, node.actor.displayName ?? node.actor.username ?? null, node.actor.role,
      node.actor.departmentCode, node.outcome ?? null, node.comment ?? null, node.details ? JSON.stringify(node.details) : null, node.at.toISOString()];
    const assigns = this.assignments(set, params);
    const rows = await mutateReturning<AppealRow>(
      m,
      `WITH moved AS (
         UPDATE appeal.appeals SET state = $3, version = version + 1, state_since = $12, updated_at = $12
           ${assigns.length ? ', ' + assigns.join(', ') : ''}
         WHERE id = $1 AND state = $2 RETURNING ${APPEAL_COLUMNS}),
       tl AS (
         INSERT INTO appeal.timeline (appeal_id, step, at, command, from_state, to_state, actor_id, actor_name, actor_role, department_code, outcome, comment, details)
         SELECT id, version, $12, $4, $2, $3, $5, $6, $7, $8, $9, $10, $11::jsonb FROM moved)
       SELECT * FROM moved`,
      params,
    );
    return rows[0] ?? null;
  }

  /**
   * A timeline node that keeps the state (progress, letters, escalation …), optionally setting columns;
   * guarded by the state the caller saw. Null when the appeal moved meanwhile.
   */
  async note(m: Db, id: string, expected: AppealState, node: TimelineEntry, set: ColumnSet = {}): Promise<AppealRow | null> {
    const params: unknown[] = [id, expected, node.command, node.actor.id, node.actor.displayName ?? node.actor.username ?? null, node.actor.role,
      node.actor.departmentCode, node.outcome ?? null, node.comment ?? null, node.details ? JSON.stringify(node.details) : null, node.at.toISOString()];
    const assigns = this.assignments(set, params);
    const rows = await mutateReturning<AppealRow>(
      m,
      `WITH n AS (
         UPDATE appeal.appeals SET version = version + 1, updated_at = $11 ${assigns.length ? ', ' + assigns.join(', ') : ''}
         WHERE id = $1 AND state = $2 RETURNING ${APPEAL_COLUMNS}),
       tl AS (
         INSERT INTO appeal.timeline (appeal_id, step, at, command, from_state, to_state, actor_id, actor_name, actor_role, department_code, outcome, comment, details)
         SELECT id, version, $11, $3, state, state, $4, $5, $6, $7, $8, $9, $10::jsonb FROM n)
       SELECT * FROM n`,
      params,
    );
    return rows[0] ?? null;
  }

  async timeline(id: string, m: Db = this.dataSource): Promise<TimelineRow[]> {
    return m.query(
      `SELECT step, at, command, from_state, to_state, actor_id, actor_name, actor_role, department_code, outcome, comment, details
       FROM appeal.timeline WHERE appeal_id = $1 ORDER BY step`,
      [id],
    );
  }
}
