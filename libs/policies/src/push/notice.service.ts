import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, Page, Principal, uuid7 } from '@app/core';
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
    private readonly dataSource: DataSource,
    @Inject(PUSH_CHANNELS) private readonly channels: PushChannel[],
  ) {}

  /** Records the notices not recorded before (by dedupe key) and their deliveries; returns the new notices' keys. */
  async record(m: EntityManager, notices: FirmNotice[]): Promise<Set<string>> {
    if (notices.length === 0) return new Set();
    const col = <T>(f: (n: FirmNotice) => T) => notices.map(f);
    const ids = notices.map(() => uuid7());
    const fresh: Array<{ id: string; enterprise_id: string; dedupe_key: string }> = await m.query(
      `INSERT INTO policy.notices (id, enterprise_id, kind, title, body, item_id, application_id, dedupe_key, created_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::uuid[], $8::text[], $9::timestamptz[])
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id, enterprise_id, dedupe_key`,
      [ids, col((n) => n.enterpriseId), col((n) => n.kind), col((n) => n.title.slice(0, 100)), col((n) => n.body.slice(0, 2000)), col((n) => n.itemId ?? null),
        col((n) => n.applicationId ?? null), col((n) => n.dedupeKey), col((n) => n.at ?? new Date())],
    );
    if (fresh.length && this.channels.length) {
      const d = { id: [] as string[], firm: [] as string[], notice: [] as string[], channel: [] as string[] };
      for (const ch of this.channels) {
        for (const f of fresh) {
          d.id.push(uuid7());
          d.firm.push(f.enterprise_id);
          d.notice.push(f.id);
          d.channel.push(ch.name);
        }
      }
      await m.query(
        `INSERT INTO policy.push_deliveries (id, enterprise_id, item_version_ids, items, channel, status, notice_id)
         SELECT u.id, u.e, '{}', 0, u.c, 'pending', u.n FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[]) AS u(id, e, c, n)`,
        [d.id, d.firm, d.channel, d.notice],
      );
    }
    return new Set(fresh.map((f) => f.dedupe_key));
  }

  /** The texts of notices by id (for the sender). */
  async texts(ids: string[]): Promise<Map<string, { kind: string; text: string }>> {
    if (ids.length === 0) return new Map();
    const rows: Array<{ id: string; kind: string; title: string; body: string }> = await this.dataSource.query(
      `SELECT id, kind, title, body FROM policy.notices WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(rows.map((r) => [r.id, { kind: r.kind, text: noticeText(r.title, r.body) }]));
  }

  /** A firm's notices, newest first (also part of its inbox). */
  async list(p: Principal, page: number, pageSize: number, filter: { applicationId?: string } = {}): Promise<Page<NoticeView>> {
    if (p.role !== 'enterprise' || !p.enterpriseId) throw new DomainError('AUTH.FORBIDDEN', '仅企业用户可查看');
    const params: unknown[] = [p.enterpriseId];
    const where = `enterprise_id = $1 ${filter.applicationId ? `AND application_id = $${params.push(filter.applicationId)}` : ''}`;
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM policy.notices WHERE ${where}`, params);
    const rows: Array<{ id: string; kind: string; title: string; body: string; item_id: string | null; application_id: string | null; created_at: Date; read_at: Date | null }> =
      await this.dataSource.query(
        `SELECT * FROM policy.notices WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, pageSize, (page - 1) * pageSize],
      );
    const items = rows.map((r) => ({
      id: r.id, kind: r.kind, title: r.title, body: r.body, itemId: r.item_id, applicationId: r.application_id,
      createdAt: new Date(r.created_at).toISOString(), readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
    }));
    return { items, total, page, pageSize };
  }
}
