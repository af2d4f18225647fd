/**
 * Test-only helpers for the appeals' service unit specs: an in-memory AppealRepository (the real
 * AppealWorkflow runs over it, so the transition table is the real one), recorders for audit, outbox and
 * notices, a fixed clock and row factories. No database.
 */
import type { EntityManager } from 'typeorm';
import type { AuditService, OutboxService, Principal, Role } from '@app/core';
import { AppealClock } from '../appeal/appeal.clock';
import type { AppealRepository, ColumnSet, TimelineEntry } from '../appeal/appeal.repository';
import type { AppealState } from '../appeal/appeal.states';
import type { AppealRow } from '../appeal/appeal.types';
import { AppealWorkflow } from '../appeal/appeal-workflow.service';
import type { NewNotice } from '../notices/notice.service';

/** The "transaction" fakes hand to the work: never queried, the fakes ignore it. */
export const TX = {} as EntityManager;

export const uuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export function person(role: Role, o: Partial<Principal> = {}): Principal {
  const id = o.id ?? uuid(900 + role.length);
  return { id, username: role, displayName: role, role, departmentCode: null, enterpriseId: null, ...o };
}

let seq = 0;
export function appealRow(o: Partial<AppealRow> = {}): AppealRow {
  const n = ++seq;
  const at = new Date('2026-11-02T02:00:00Z');
  return {
    id: uuid(n), number: `SQ2611-T${String(n).padStart(6, '0')}`, enterprise_id: uuid(5000 + n), enterprise_name: `企业${n}`, district_code: '410102', category: 'land',
    channel: 'online', title: `诉求${n}`, description: '问题描述', terms: [], contact_name: null, contact_phone_enc: null, contact_phone_masked: null, related_item_id: null,
    reception_day_id: null, recorded_by: null, recorded_role: null, state: 'submitted', version: 1, state_since: at, level: 'department', officer_id: null,
    lead_department: null, co_departments: [], first_department: null, merged_into: null, received_at: at, assigned_at: null, first_assigned_at: null,
    assigned_month: null, accepted_at: null, first_accepted_at: null, accepted_on_time: null, last_progress_at: null, answered_at: null, first_answered_at: null,
    answered_on_time: null, handling_working_days: null, answer_kind: null, answer_text: null, answer_round: 0, rating: null, rated_at: null,
    second_supervision_count: 0, reopened_count: 0, closed_at: null, close_reason: null, dispatch_due: null, accept_due: null, progress_due: null,
    answer_due: null, second_due: null, extension_days: 0, due_kind: null, due_on: null, policy_item_id: null, created_at: at, updated_at: at, ...o,
  };
}

/** AppealRepository's contract in memory: rows by id, each move guarded by the state the caller saw, with its timeline. */
export class MemoryAppeals {
  readonly rows = new Map<string, AppealRow>();
  readonly timeline: Array<TimelineEntry & { appealId: string; from: AppealState; to: AppealState }> = [];

  add(...rows: AppealRow[]): AppealRow[] {
    for (const r of rows) this.rows.set(r.id, { ...r });
    return rows;
  }
  row(id: string): AppealRow {
    const r = this.rows.get(id);
    if (!r) throw new Error(`no appeal ${id}`);
    return r;
  }
  commands(id: string): string[] {
    return this.timeline.filter((t) => t.appealId === id).map((t) => t.command);
  }
  async get(id: string): Promise<AppealRow | null> {
    const r = this.rows.get(id);
    return r ? { ...r } : null;
  }
  private apply(id: string, expected: AppealState, to: AppealState, node: TimelineEntry, set: ColumnSet): AppealRow | null {
    const r = this.rows.get(id);
    if (!r || r.state !== expected) return null;
    const next = { ...r, ...(set as Partial<AppealRow>), state: to, version: r.version + 1 };
    this.rows.set(id, next);
    this.timeline.push({ ...node, appealId: id, from: expected, to });
    return { ...next };
  }
  async transition(_m: unknown, id: string, from: AppealState, to: AppealState, node: TimelineEntry, set: ColumnSet = {}): Promise<AppealRow | null> {
    return this.apply(id, from, to, node, set);
  }
  async note(_m: unknown, id: string, expected: AppealState, node: TimelineEntry, set: ColumnSet = {}): Promise<AppealRow | null> {
    return this.apply(id, expected, expected, node, set);
  }
}

/** Audit entries, outbox events and notices, as the services hand them over. */
export function recorders() {
  const audit = { entries: [] as Array<{ action: string; targetId?: string; after?: unknown }>, record: async (e: { action: string; targetId?: string; after?: unknown }) => { audit.entries.push(e); } };
  type Event = { name: string; aggregateId: string; payload: unknown };
  const outbox = {
    events: [] as Event[],
    append: async (_m: unknown, e: Event) => { outbox.events.push(e); },
    appendMany: async (_m: unknown, es: Event[]) => { outbox.events.push(...es); },
  };
  const notices = { sent: [] as NewNotice[], record: async (_m: unknown, list: NewNotice[]) => { notices.sent.push(...list); } };
  return { audit, outbox, notices };
}

export function workflowOver(appeals: MemoryAppeals, r: ReturnType<typeof recorders>): AppealWorkflow {
  return new AppealWorkflow(appeals as unknown as AppealRepository, r.audit as unknown as AuditService, r.outbox as unknown as OutboxService);
}

/** A clock standing at `at` (moved with `set`). */
export class FixedClock extends AppealClock {
  constructor(private at: Date) {
    super();
  }
  override set(at: Date): void {
    this.at = at;
  }
  override now(): Date {
    return new Date(this.at);
  }
}

/** The code of the error a promise rejects with, or 'ok'. */
export const codeOf = (p: Promise<unknown>): Promise<string> =>
  p.then(() => 'ok', (e: { code?: string; message?: string }) => e.code ?? `uncoded: ${e.message}`);
