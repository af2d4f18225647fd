import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, mutateReturning, Page, PollingLoop, Principal, recordDeliveryAttempt, Role, uuid7 } from '@app/core';
import { ApprovalClock } from '../clock';
import { STAFF_NOTIFIER, StaffAlert, StaffNotifier } from './staff-notifier.port';

export type NewStaffAlert = Omit<StaffAlert, 'id'> & { applicationIds: string[] };

export interface StaffAlertView extends Omit<StaffAlert, 'id'> {
  id: string;
  kindLabel: string;
  createdAt: string;
  readAt: string | null;
  status: string;
}

const SEND_BATCH = 500;
const LEASE_MS = 5 * 60_000;

/** Who sees an alert in the platform: its role, and for department roles its department. */
function recipientClause(p: Principal, params: unknown[]): string {
  if (p.role === 'admin') return 'true';
  const role = `recipient_role = $${params.push(p.role)}`;
  return p.departmentCode && (p.role === 'dept_reviewer' || p.role === 'dept_editor')
    ? `${role} AND department_code = $${params.push(p.departmentCode)}`
    : role;
}

/**
 * Staff reminders and escalations as an outbox: recorded `pending` in the transaction that decided
 * them, sent after the commit through the STAFF_NOTIFIER port (claimed with SKIP LOCKED, retried with
 * a back-off under the same id, `failed` after the last attempt), and listed in the platform for
 * their recipients (the in-app channel).
 */
@Injectable()
export class StaffAlertsService implements OnModuleDestroy {
  private readonly logger = new Logger('StaffAlerts');
  private readonly loop = new PollingLoop(() => this.sendPending(), (err) => this.logger.warn(`staff alert sender: ${err.message}`));

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: ApprovalClock,
    @Inject(STAFF_NOTIFIER) private readonly notifier: StaffNotifier,
  ) {}

  async record(m: EntityManager, alerts: NewStaffAlert[]): Promise<void> {
    if (alerts.length === 0) return;
    const col = <T>(f: (a: NewStaffAlert) => T) => alerts.map(f);
    await m.query(
      `INSERT INTO approval.staff_alerts (id, recipient_role, department_code, kind, step, title, body, items, application_ids, created_at)
       SELECT u.id, u.r, u.d, u.k, u.s, u.t, u.b, u.n, string_to_array(u.a, ',')::uuid[], $10
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::text[]) AS u(id, r, d, k, s, t, b, n, a)`,
      [alerts.map(() => uuid7()), col((a) => a.recipientRole), col((a) => a.departmentCode), col((a) => a.kind), col((a) => a.step), col((a) => a.title),
        col((a) => a.body), col((a) => a.items), col((a) => a.applicationIds.slice(0, 50).join(',')), this.clock.now()],
    );
  }

  /** Sends what is pending; returns how many alerts were handled. */
  async sendPending(): Promise<{ sent: number; retried: number; failed: number }> {
    const total = { sent: 0, retried: 0, failed: 0 };
    for (;;) {
      const claimed = await mutateReturning<{ id: string; recipient_role: Role; department_code: string | null; kind: 'reminder' | 'escalation'; step: string; title: string;
        body: string; items: number; attempts: number }>(
        this.dataSource,
        `UPDATE approval.staff_alerts s SET status = 'sending', claimed_at = now(), attempts = s.attempts + 1
         WHERE s.id IN (SELECT id FROM approval.staff_alerts
           WHERE (status = 'pending' AND (next_at IS NULL OR next_at <= now()))
              OR (status = 'sending' AND claimed_at < now() - make_interval(secs => $2::float8 / 1000))
           ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING s.id, s.recipient_role, s.department_code, s.kind, s.step, s.title, s.body, s.items, s.attempts`,
        [SEND_BATCH, LEASE_MS]);
      if (claimed.length === 0) return total;
      const ids = claimed.map((c) => c.id);
      try {
        await this.notifier.send(claimed.map((c) => ({ id: c.id, recipientRole: c.recipient_role, departmentCode: c.department_code, kind: c.kind, step: c.step,
          title: c.title, body: c.body, items: c.items })));
        total.sent += (await recordDeliveryAttempt(this.dataSource, 'approval.staff_alerts', claimed, { status: 'sent' })).sent;
      } catch (err) {
        const detail = (err as Error).message.slice(0, 500);
        this.logger.warn(`staff notifier ${this.notifier.name} failed for ${ids.length} alerts: ${detail}`);
        const t = await recordDeliveryAttempt(this.dataSource, 'approval.staff_alerts', claimed, { error: detail });
        total.failed += t.failed;
        total.retried += t.retried;
        return total;
      }
      if (claimed.length < SEND_BATCH) return total;
    }
  }

  startSender(intervalMs = 5000): void {
    this.loop.start(intervalMs);
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }

  /** The caller's alerts (its role, and its department for department roles), newest first. */
  async list(p: Principal, page: number, pageSize: number, unreadOnly = false): Promise<Page<StaffAlertView>> {
    const params: unknown[] = [];
    const where = `${recipientClause(p, params)} ${unreadOnly ? 'AND read_at IS NULL' : ''}`;
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM approval.staff_alerts WHERE ${where}`, params);
    const rows: Array<{ id: string; recipient_role: Role; department_code: string | null; kind: 'reminder' | 'escalation'; step: string; title: string; body: string;
      items: number; created_at: Date; read_at: Date | null; status: string }> = await this.dataSource.query(
      `SELECT * FROM approval.staff_alerts WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize]);
    return {
      items: rows.map((r) => ({
        id: r.id, recipientRole: r.recipient_role, departmentCode: r.department_code, kind: r.kind, kindLabel: r.kind === 'reminder' ? '督办提醒' : '超期升级督办',
        step: r.step, title: r.title, body: r.body, items: r.items, createdAt: new Date(r.created_at).toISOString(),
        readAt: r.read_at ? new Date(r.read_at).toISOString() : null, status: r.status,
      })),
      total, page, pageSize,
    };
  }

  async markRead(p: Principal, id: string): Promise<void> {
    const params: unknown[] = [id];
    const rows = /^[0-9a-f-]{36}$/i.test(id)
      ? await mutateReturning(this.dataSource, `UPDATE approval.staff_alerts SET read_at = coalesce(read_at, now()) WHERE id = $1 AND ${recipientClause(p, params)} RETURNING id`, params)
      : [];
    if (rows.length === 0) throw new DomainError('STAFF_ALERT.NOT_FOUND', '提醒不存在或无权访问', { id });
  }
}
