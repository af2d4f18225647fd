import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DeliveryTally, mutateReturning, recordDeliveryAttempt, Role } from '@app/core';

/** Whose alerts a read covers: every alert, or a role's (and, for department roles, one department's). */
export type AlertAudience = { everyone: true } | { everyone?: false; role: Role; departmentCode: string | null };

export interface StaffAlertInsert {
  id: string;
  recipientRole: Role;
  departmentCode: string | null;
  kind: 'reminder' | 'escalation';
  step: string;
  title: string;
  body: string;
  items: number;
  /** At most the first 50 (the alert names them; the body counts them all). */
  applicationIds: string[];
}

export interface ClaimedAlert {
  id: string;
  recipient_role: Role;
  department_code: string | null;
  kind: 'reminder' | 'escalation';
  step: string;
  title: string;
  body: string;
  items: number;
  attempts: number;
}

export interface StaffAlertRow {
  id: string;
  recipient_role: Role;
  department_code: string | null;
  kind: 'reminder' | 'escalation';
  step: string;
  title: string;
  body: string;
  items: number;
  created_at: Date;
  read_at: Date | null;
  status: string;
}

function audienceClause(a: AlertAudience, params: unknown[]): string {
  if (a.everyone) return 'true';
  const role = `recipient_role = $${params.push(a.role)}`;
  return a.departmentCode ? `${role} AND department_code = $${params.push(a.departmentCode)}` : role;
}

/**
 * Every SQL statement of the staff alert outbox (approval.staff_alerts): recording in the deciding
 * transaction, claiming for the sender (SKIP LOCKED, with a lease), marking attempts, and the
 * recipients' list. Who sees which alerts is StaffAlertsService's decision (an AlertAudience).
 */
@Injectable()
export class StaffAlertsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(m: EntityManager, alerts: StaffAlertInsert[], createdAt: Date): Promise<void> {
    const col = <T>(f: (a: StaffAlertInsert) => T) => alerts.map(f);
    await m.query(
      `INSERT INTO approval.staff_alerts (id, recipient_role, department_code, kind, step, title, body, items, application_ids, created_at)
       SELECT u.id, u.r, u.d, u.k, u.s, u.t, u.b, u.n, string_to_array(u.a, ',')::uuid[], $10
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::text[]) AS u(id, r, d, k, s, t, b, n, a)`,
      [col((a) => a.id), col((a) => a.recipientRole), col((a) => a.departmentCode), col((a) => a.kind), col((a) => a.step), col((a) => a.title),
        col((a) => a.body), col((a) => a.items), col((a) => a.applicationIds.join(',')), createdAt],
    );
  }

  /** Claims up to `limit` alerts due now (pending, or claimed more than `leaseMs` ago and never marked). */
  claim(limit: number, leaseMs: number): Promise<ClaimedAlert[]> {
    return mutateReturning<ClaimedAlert>(
      this.dataSource,
      `UPDATE approval.staff_alerts s SET status = 'sending', claimed_at = now(), attempts = s.attempts + 1
       WHERE s.id IN (SELECT id FROM approval.staff_alerts
         WHERE (status = 'pending' AND (next_at IS NULL OR next_at <= now()))
            OR (status = 'sending' AND claimed_at < now() - make_interval(secs => $2::float8 / 1000))
         ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING s.id, s.recipient_role, s.department_code, s.kind, s.step, s.title, s.body, s.items, s.attempts`,
      [limit, leaseMs]);
  }

  /** Marks the alerts sent, or due again with a back-off, or failed after the last attempt. */
  recordAttempt(rows: ClaimedAlert[], outcome: { status: string } | { error: string }): Promise<DeliveryTally> {
    return recordDeliveryAttempt(this.dataSource, 'approval.staff_alerts', rows, outcome);
  }

  /** The audience's alerts, newest first, one page, with the total. */
  async page(a: AlertAudience, unreadOnly: boolean, page: number, pageSize: number): Promise<{ total: number; rows: StaffAlertRow[] }> {
    const params: unknown[] = [];
    const where = `${audienceClause(a, params)} ${unreadOnly ? 'AND read_at IS NULL' : ''}`;
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM approval.staff_alerts WHERE ${where}`, params);
    const rows: StaffAlertRow[] = await this.dataSource.query(
      `SELECT * FROM approval.staff_alerts WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize]);
    return { total, rows };
  }

  /** Marks one of the audience's alerts read (the first reading counts); false when it is not theirs or does not exist. */
  async markRead(id: string, a: AlertAudience): Promise<boolean> {
    const params: unknown[] = [id];
    const rows = await mutateReturning(this.dataSource, `UPDATE approval.staff_alerts SET read_at = coalesce(read_at, now()) WHERE id = $1 AND ${audienceClause(a, params)} RETURNING id`, params);
    return rows.length > 0;
  }
}
