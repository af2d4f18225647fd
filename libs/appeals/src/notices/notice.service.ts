import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DEPARTMENT_SCOPED_ROLES, Page, PollingLoop, Principal, uuid7 } from '@app/core';
import { ChannelNotice, PUSH_CHANNELS, PushChannel } from '@app/policies';
import { supervisedDistrict } from '../appeal/appeal-access';
import { NoticeView } from './notice.views';
import { ClaimedNotice, NoticeRowIn, NoticesRepository } from './notices.repository';

/** Recipient id of the city-level supervisors' inbox (district supervisors read their district's code). */
export const CITY_SUPERVISION = 'city';

export const NOTICE_KINDS = ['assigned', 'answered', 'second_supervision', 'letter', 'weekly_reminder', 'escalated', 'extension', 'new_appeal', 'policy_published', 'policy_theme', 'follow_up', 'reception'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
export const NOTICE_KIND_LABELS: Record<NoticeKind, string> = {
  assigned: '交办通知', answered: '答复通知', second_supervision: '二次督办', letter: '函件', weekly_reminder: '每周提醒', escalated: '逐级上报',
  extension: '延期', new_appeal: '新诉求', policy_published: '政策发布', policy_theme: '共性诉求提示', follow_up: '回访', reception: '接待日',
};

export interface NewNotice {
  appealId: string | null;
  kind: NoticeKind;
  recipient: ChannelNotice['recipient'];
  title: string;
  text: string;
}

const SEND_BATCH = 1000;
const LEASE_MS = 5 * 60_000;

/**
 * Letters, reminders and answers reach people two ways: an in-app inbox row (written as sent) and one
 * pending delivery per push channel (SMS, app message — the policy center's channel adapters), an
 * outbox sent after commit with stable ids, retries and a lease, as the push deliveries are.
 */
@Injectable()
export class AppealNoticeService implements OnModuleDestroy {
  private readonly logger = new Logger('AppealNotices');
  private readonly loop = new PollingLoop(() => this.sendPending(), (err) => this.logger.warn(`notice sender: ${err.message}`));

  constructor(
    private readonly notices: NoticesRepository,
    @Inject(PUSH_CHANNELS) private readonly channels: PushChannel[],
  ) {}

  /** Records the notices in the caller's transaction: nothing is sent from inside it. */
  async record(m: EntityManager, notices: NewNotice[]): Promise<void> {
    if (notices.length === 0) return;
    const channels = ['inbox', ...this.channels.filter((c) => c.sendNotices).map((c) => c.name)];
    const rows: NoticeRowIn[] = notices.flatMap((n) => channels.map((c) => ({ ...n, id: uuid7(), channel: c, status: c === 'inbox' ? 'sent' as const : 'pending' as const })));
    await this.notices.insert(m, rows);
  }

  /** The inbox recipients a caller reads: the firm, its department (or district), city supervision, itself. */
  recipientsOf(p: Principal): Array<{ kind: string; id: string }> {
    const out = [{ kind: 'user', id: p.id }];
    if (p.role === 'enterprise' && p.enterpriseId) out.push({ kind: 'enterprise', id: p.enterpriseId });
    if (DEPARTMENT_SCOPED_ROLES.includes(p.role) && p.departmentCode) out.push({ kind: 'department', id: p.departmentCode });
    if (p.role === 'supervisor') out.push({ kind: 'department', id: supervisedDistrict(p) ?? CITY_SUPERVISION });
    return out;
  }

  async inbox(p: Principal, page: number, pageSize: number, unreadOnly = false): Promise<Page<NoticeView>> {
    const { rows, total } = await this.notices.inbox(this.recipientsOf(p), unreadOnly, page, pageSize);
    return {
      items: rows.map((r) => ({ id: r.id, appealId: r.appeal_id, kind: r.kind, kindLabel: NOTICE_KIND_LABELS[r.kind] ?? r.kind, title: r.title, text: r.text,
        at: new Date(r.at).toISOString(), read: r.read_at !== null })),
      total, page, pageSize,
    };
  }

  async markRead(p: Principal, ids: string[]): Promise<number> {
    return this.notices.markRead(ids.filter((i) => /^[0-9a-f-]{36}$/i.test(i)), this.recipientsOf(p));
  }

  /** Sends what is pending through the channels; returns the deliveries handled. */
  async sendPending(maxBatches = 50): Promise<{ sent: number; retried: number; failed: number }> {
    const total = { sent: 0, retried: 0, failed: 0 };
    for (let b = 0; b < maxBatches; b++) {
      const claimed = await this.notices.claim(SEND_BATCH, LEASE_MS);
      if (claimed.length === 0) break;
      const byChannel = new Map<string, ClaimedNotice[]>();
      for (const c of claimed) byChannel.set(c.channel, [...(byChannel.get(c.channel) ?? []), c]);
      for (const [name, rows] of byChannel) {
        const channel = this.channels.find((c) => c.name === name);
        let status: string | null = null;
        let detail: string | null = null;
        try {
          if (!channel?.sendNotices) throw new Error(`channel ${name} cannot send notices`);
          status = await channel.sendNotices(rows.map((r) => ({ id: r.id, recipient: { kind: r.recipient_kind, id: r.recipient_id }, title: r.title, text: r.text })));
        } catch (err) {
          detail = (err as Error).message.slice(0, 500);
          this.logger.warn(`notice channel ${name} failed for ${rows.length}: ${detail}`);
        }
        const t = await this.notices.recordAttempt(rows, status ? { status } : { error: detail ?? '' });
        total.sent += t.sent;
        total.retried += t.retried;
        total.failed += t.failed;
      }
      if (claimed.length < SEND_BATCH) break;
    }
    return total;
  }

  startSender(intervalMs = 1000): void {
    this.loop.start(intervalMs);
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }
}
