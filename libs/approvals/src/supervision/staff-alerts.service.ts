import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError, Page, PollingLoop, Principal, uuid7 } from '@app/core';
import { ApprovalClock } from '../clock';
import { AlertAudience, StaffAlertsRepository } from './staff-alerts.repository';
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

/** Who sees an alert in the platform: an administrator all, others their role's, and department roles their department's. */
function audienceOf(p: Principal): AlertAudience {
  if (p.role === 'admin') return { everyone: true };
  return { role: p.role, departmentCode: p.departmentCode && (p.role === 'dept_reviewer' || p.role === 'dept_editor') ? p.departmentCode : null };
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
    private readonly repo: StaffAlertsRepository,
    private readonly clock: ApprovalClock,
    @Inject(STAFF_NOTIFIER) private readonly notifier: StaffNotifier,
  ) {}

  async record(m: EntityManager, alerts: NewStaffAlert[]): Promise<void> {
    if (alerts.length === 0) return;
    await this.repo.insert(m, alerts.map((a) => ({
      id: uuid7(), recipientRole: a.recipientRole, departmentCode: a.departmentCode, kind: a.kind, step: a.step, title: a.title, body: a.body, items: a.items,
      applicationIds: a.applicationIds.slice(0, 50),
    })), this.clock.now());
  }

  /** Sends what is pending; returns how many alerts were handled. */
  async sendPending(): Promise<{ sent: number; retried: number; failed: number }> {
    const total = { sent: 0, retried: 0, failed: 0 };
    for (;;) {
      const claimed = await this.repo.claim(SEND_BATCH, LEASE_MS);
      if (claimed.length === 0) return total;
      const ids = claimed.map((c) => c.id);
      try {
        await this.notifier.send(claimed.map((c) => ({ id: c.id, recipientRole: c.recipient_role, departmentCode: c.department_code, kind: c.kind, step: c.step,
          title: c.title, body: c.body, items: c.items })));
        total.sent += (await this.repo.recordAttempt(claimed, { status: 'sent' })).sent;
      } catch (err) {
        const detail = (err as Error).message.slice(0, 500);
        this.logger.warn(`staff notifier ${this.notifier.name} failed for ${ids.length} alerts: ${detail}`);
        const t = await this.repo.recordAttempt(claimed, { error: detail });
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
    const { total, rows } = await this.repo.page(audienceOf(p), unreadOnly, page, pageSize);
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
    const marked = /^[0-9a-f-]{36}$/i.test(id) ? await this.repo.markRead(id, audienceOf(p)) : false;
    if (!marked) throw new DomainError('STAFF_ALERT.NOT_FOUND', '提醒不存在或无权访问', { id });
  }
}
