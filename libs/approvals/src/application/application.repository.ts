import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { mutateReturning } from '@app/core';
import type { ManualFactChange } from '@app/enterprises';
import { ApprovalClock } from '../clock';
import { ApplicationCommand, ApplicationState, COMMAND_LABELS, STATE_LABELS } from './application.states';
import { ACTOR_ROLE_LABELS, Actor, ApplicationRow, ApplicationSubject, TimelineNode } from './application.types';

export type Db = EntityManager | DataSource;

export interface NewApplication extends ApplicationSubject {
  exclusionGroup: string | null;
  amountFen: number;
  estimateText: string | null;
  facts: Record<string, unknown> | null;
  /** Facts it rests on that a person changed by hand: the application is flagged for the reviewer. */
  manualChanges?: ManualFactChange[] | null;
}

export interface NodeInfo {
  command: ApplicationCommand | 'create' | 'pre_qualify' | 'note';
  actor: Actor;
  outcome?: string | null;
  comment?: string | null;
  details?: Record<string, unknown> | null;
}

/** Which applications a list covers: `departmentCode` set (even null) scopes it to that department. */
export interface ApplicationListFilter {
  enterpriseId?: string;
  departmentCode?: string | null;
  state?: ApplicationState;
  itemId?: string;
}

/** Columns other than the state that a transition may set, by name → SQL expression over params. */
export type ColumnSet = Record<string, unknown>;

const SETTABLE = new Set([
  'amount_fen', 'reserved_fen', 'estimate_text', 'facts', 'item_version_id', 'submitted_at', 'decided_at', 'disclosure_round_id',
  'payee_name', 'payee_bank_name', 'payee_account_enc', 'payee_account_masked', 'confirmed_at', 'paid_at', 'enterprise_name',
  'confirm_opened_at', 'confirm_by', 'lapsed_at', 'reopen_until',
]);

/**
 * PostgreSQL access for applications. A state change and its timeline node are ONE statement (a
 * data-modifying CTE guarded by `WHERE state = $expected`): either both happen or neither does,
 * so the history can never miss a step (`PK_timeline` is (application, step) and step = version).
 * Times come from the approval clock, not the database's now(): step durations and deadlines are
 * measured on one clock, which a drill or a test can move.
 */
@Injectable()
export class ApplicationRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: ApprovalClock,
  ) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async get(id: string, m: Db = this.dataSource, lock = false): Promise<ApplicationRow | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const rows: ApplicationRow[] = await m.query(`SELECT * FROM approval.applications WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
    return rows[0] ?? null;
  }

  /** Inserts new applications with their first timeline node; conflicts (duplicate, exclusion) are skipped. Returns inserted ids. */
  async insertMany(m: Db, rows: NewApplication[], state: 'draft' | 'pre_qualified', node: NodeInfo): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const col = <K extends keyof NewApplication>(k: K) => rows.map((r) => r[k]);
    const inserted: Array<{ id: string }> = await m.query(
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[],
                              $10::text[], $11::bigint[], $12::text[], $13::text[], $22::text[])
           AS t(id, enterprise_id, enterprise_name, item_id, item_version_id, item_name, department_code, mode, period, exclusion_group,
                amount_fen, estimate_text, facts, manual_changes)),
       ins AS (
         INSERT INTO approval.applications (id, enterprise_id, enterprise_name, item_id, item_version_id, item_name, department_code, mode,
           period, exclusion_group, amount_fen, estimate_text, facts, manual_changes, state, state_since, created_at, updated_at)
         SELECT id, enterprise_id, enterprise_name, item_id, item_version_id, item_name, department_code, mode, period, exclusion_group,
                amount_fen, estimate_text, facts::jsonb, manual_changes::jsonb, $14, $21, $21, $21 FROM input
         ON CONFLICT DO NOTHING RETURNING id),
       tl AS (
         INSERT INTO approval.timeline (application_id, step, at, command, from_state, to_state, actor_id, actor_role, department_code, outcome, comment)
         SELECT id, 1, $21, $15, NULL, $14, $16, $17, $18, $19, $20 FROM ins)
       SELECT id FROM ins`,
      [
        col('id'), col('enterpriseId'), col('enterpriseName'), col('itemId'), col('itemVersionId'), col('itemName'), col('departmentCode'),
        col('mode'), col('period'), col('exclusionGroup'), col('amountFen'), col('estimateText'), rows.map((r) => (r.facts ? JSON.stringify(r.facts) : null)),
        state, node.command, node.actor.id, node.actor.role, node.actor.departmentCode, node.outcome ?? null, node.comment ?? null, this.clock.now(),
        rows.map((r) => (r.manualChanges?.length ? JSON.stringify(r.manualChanges) : null)),
      ],
    );
    return new Set(inserted.map((r) => r.id));
  }

  /** Moves one application iff it is still in `from`, appending its timeline node. Null when it was not. */
  async transition(m: Db, id: string, from: ApplicationState, to: ApplicationState, node: NodeInfo, set: ColumnSet = {}): Promise<ApplicationRow | null> {
    const rows = await this.transitionMany(m, [id], from, to, node, set);
    return rows[0] ?? null;
  }

  /** The same for many applications at once (batch approval, 公示 rounds): one statement whatever the count. */
  async transitionMany(m: Db, ids: string[], from: ApplicationState, to: ApplicationState, node: NodeInfo, set: ColumnSet = {}, returning = '*'): Promise<ApplicationRow[]> {
    if (ids.length === 0) return [];
    const params: unknown[] = [ids, from, to, node.command, node.actor.id, node.actor.role, node.actor.departmentCode, node.outcome ?? null,
      node.comment ?? null, node.details ? JSON.stringify(node.details) : null, this.clock.now()];
    const assigns = Object.entries(set).map(([c, v]) => {
      if (!SETTABLE.has(c)) throw new Error(`column ${c} is not settable`);
      if (v && typeof v === 'object' && 'sql' in (v as object)) return `${c} = ${(v as { sql: string }).sql}`;
      return `${c} = $${params.push(c === 'facts' && v !== null ? JSON.stringify(v) : v)}`;
    });
    return mutateReturning<ApplicationRow>(
      m,
      `WITH moved AS (
         UPDATE approval.applications SET state = $3, version = version + 1, state_since = $11, updated_at = $11
           ${assigns.length ? ', ' + assigns.join(', ') : ''}
         WHERE id = ANY($1::uuid[]) AND state = $2 RETURNING *),
       tl AS (
         INSERT INTO approval.timeline (application_id, step, at, command, from_state, to_state, actor_id, actor_role, department_code, outcome, comment, details)
         SELECT id, version, $11, $4, $2, $3, $5, $6, coalesce($7, department_code), $8, $9, $10::jsonb FROM moved)
       SELECT ${returning} FROM moved`,
      params,
    );
  }

  /** A timeline node that does not change the state (material uploaded, objection filed, clawback …). */
  async note(m: Db, id: string, node: NodeInfo): Promise<void> {
    await this.noteMany(m, [id], () => node);
  }

  /**
   * Timeline nodes that do not change the state, for many applications in one statement (a notice
   * to every firm of a batch). `nodeOf` may vary the comment and details per application.
   */
  async noteMany(m: Db, ids: string[], nodeOf: (id: string) => NodeInfo): Promise<void> {
    if (ids.length === 0) return;
    const nodes = ids.map(nodeOf);
    const col = <T>(f: (n: NodeInfo) => T) => nodes.map(f);
    await m.query(
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
           AS t(id, command, actor_id, actor_role, department_code, outcome, comment, details)),
       n AS (
         UPDATE approval.applications a SET version = a.version + 1, updated_at = $9 FROM input i WHERE a.id = i.id
         RETURNING a.id, a.version, a.state, a.department_code)
       INSERT INTO approval.timeline (application_id, step, at, command, from_state, to_state, actor_id, actor_role, department_code, outcome, comment, details)
       SELECT n.id, n.version, $9, i.command, n.state, n.state, i.actor_id, i.actor_role, coalesce(i.department_code, n.department_code), i.outcome, i.comment,
              i.details::jsonb
       FROM n JOIN input i ON i.id = n.id`,
      [ids, col((n) => n.command), col((n) => n.actor.id), col((n) => n.actor.role), col((n) => n.actor.departmentCode), col((n) => n.outcome ?? null),
        col((n) => n.comment ?? null), col((n) => (n.details ? JSON.stringify(n.details) : null)), this.clock.now()],
    );
  }

  async timeline(id: string, m: Db = this.dataSource): Promise<TimelineNode[]> {
    const rows: Array<{ step: number; at: Date; command: string; from_state: ApplicationState | null; to_state: ApplicationState; actor_role: Actor['role'];
      department_code: string | null; outcome: string | null; comment: string | null; details: Record<string, unknown> | null }> = await m.query(
      `SELECT step, at, command, from_state, to_state, actor_role, department_code, outcome, comment, details
       FROM approval.timeline WHERE application_id = $1 ORDER BY step`,
      [id],
    );
    return rows.map((r) => ({
      step: r.step, at: new Date(r.at).toISOString(), command: r.command,
      commandLabel: COMMAND_LABELS[r.command as keyof typeof COMMAND_LABELS] ?? r.command, fromState: r.from_state, toState: r.to_state,
      stateLabel: STATE_LABELS[r.to_state], actorRole: r.actor_role, actorRoleLabel: ACTOR_ROLE_LABELS[r.actor_role] ?? r.actor_role,
      departmentCode: r.department_code, outcome: r.outcome, comment: r.comment, details: r.details,
    }));
  }

  /** One page of applications, newest first, with the total. */
  async page(f: ApplicationListFilter, page: number, pageSize: number): Promise<{ rows: ApplicationRow[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (f.enterpriseId !== undefined) where.push(`enterprise_id = $${params.push(f.enterpriseId)}`);
    if (f.departmentCode !== undefined) where.push(`department_code = $${params.push(f.departmentCode)}`);
    if (f.state) where.push(`state = $${params.push(f.state)}`);
    if (f.itemId) where.push(`item_id = $${params.push(f.itemId)}`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM approval.applications ${clause}`, params);
    const rows: ApplicationRow[] = await this.dataSource.query(
      `SELECT * FROM approval.applications ${clause} ORDER BY created_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return { rows, total };
  }

  /** Drafts and returned applications of the versions (the firm did not submit them). */
  unsubmittedOfVersions(m: Db, versionIds: string[]): Promise<Array<{ id: string; state: 'draft' | 'returned' }>> {
    return m.query(
      `SELECT id, state FROM approval.applications WHERE item_version_id = ANY($1::uuid[]) AND state IN ('draft','returned')`,
      [versionIds],
    );
  }

  /** Applications of the version not yet submitted or reviewed: pre-qualified, drafts, returned. */
  openOfVersion(m: Db, versionId: string): Promise<Array<{ id: string; state: 'pre_qualified' | 'draft' | 'returned' }>> {
    return m.query(
      `SELECT id, state FROM approval.applications WHERE item_version_id = $1 AND state IN ('pre_qualified','draft','returned')`, [versionId]);
  }
}
