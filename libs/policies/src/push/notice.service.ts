import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError, Page, Principal, uuid7 } from '@app/core';
import { NoticeDeliveryInsert, NoticeRepository } from './notice.repository';
import { PUSH_CHANNELS, PushChannel } from './push-channel.port';

/** One notice to one firm (办理通知), recorded in the caller's transaction. */
export interface FirmNotice {
  enterpriseId: string;
  /** What it is about, e.g. `confirm_account`, `paid` (the sender's vocabulary). */
  kind: string;
  title: string;
  body: string;
  itemId?: string | null;
  applicationId?: string | null;
  /** Same key → same notice: a redelivered event or a rerun job records nothing new. */
  dedupeKey: string;
  /** When it was issued (the sender's clock); default now. */
  at?: Date;
}

export interface NoticeView {
  id: string;
  kind: string;
  title: string;
  body: string;
  itemId: string | null;
  applicationId: string | null;
  createdAt: string;
  readAt: string | null;
}

/** Longest text a channel message carries (an SMS is split by the gateway beyond it). */
const MAX_TEXT = 500;

/** The text a channel sends for a notice: 【title】body. */
export const noticeText = (title: string, body: string) => `【${title}】${body}`.slice(0, MAX_TEXT);

/**
 * Notices to firms: an inbox entry each, and one pending delivery per channel in the same
 * transaction — PushService sends them after the commit with the digests (same outbox, same
 * retries, the delivery id repeated on a retry). A rolled-back change notifies nobody.
 */
@Injectable()
export class NoticeService {
  constructor(
    private readonly repo: NoticeRepository,
    @Inject(PUSH_CHANNELS) private readonly channels: PushChannel[],
  ) {}

  /** Records the notices not recorded before (by dedupe key) and their deliveries; returns the new notices' keys. */
  async record(m: EntityManager, notices: FirmNotice[]): Promise<Set<string>> {
    if (notices.length === 0) return new Set();
    const fresh = await this.repo.insertNew(m, notices.map((n) => ({
      id: uuid7(), enterpriseId: n.enterpriseId, kind: n.kind, title: n.title.slice(0, 100), body: n.body.slice(0, 2000), itemId: n.itemId ?? null,
      applicationId: n.applicationId ?? null, dedupeKey: n.dedupeKey, at: n.at ?? new Date(),
    })));
    if (fresh.length && this.channels.length) {
      const d: NoticeDeliveryInsert[] = [];
      for (const ch of this.channels) {
        for (const f of fresh) d.push({ id: uuid7(), enterpriseId: f.enterprise_id, noticeId: f.id, channel: ch.name });
      }
      await this.repo.insertDeliveries(m, d);
    }
    return new Set(fresh.map((f) => f.dedupe_key));
  }

  /** The texts of notices by id (for the sender). */
  async texts(ids: string[]): Promise<Map<string, { kind: string; text: string }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.repo.byIds(ids);
    return new Map(rows.map((r) => [r.id, { kind: r.kind, text: noticeText(r.title, r.body) }]));
  }

  /** A firm's notices, newest first (also part of its inbox). */
  async list(p: Principal, page: number, pageSize: number, filter: { applicationId?: string } = {}): Promise<Page<NoticeView>> {
    if (p.role !== 'enterprise' || !p.enterpriseId) throw new DomainError('AUTH.FORBIDDEN', '仅企业用户可查看');
    const { total, rows } = await this.repo.page(p.enterpriseId, filter, page, pageSize);
    const items = rows.map((r) => ({
      id: r.id, kind: r.kind, title: r.title, body: r.body, itemId: r.item_id, applicationId: r.application_id,
      createdAt: new Date(r.created_at).toISOString(), readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
    }));
    return { items, total, page, pageSize };
  }
}
