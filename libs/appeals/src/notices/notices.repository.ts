import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DeliveryTally, mutateReturning, recordDeliveryAttempt } from '@app/core';
import type { ChannelNotice } from '@app/policies';
import type { NoticeKind } from './notice.service';

export interface NoticeRowIn {
  id: string;
  appealId: string | null;
  kind: NoticeKind;
  recipient: ChannelNotice['recipient'];
  channel: string;
  title: string;
  text: string;
  status: 'sent' | 'pending';
}

export interface InboxRow {
  id: string;
  appeal_id: string | null;
  kind: NoticeKind;
  title: string;
  text: string;
  at: Date;
  read_at: Date | null;
}

export interface ClaimedNotice {
  id: string;
  channel: string;
  recipient_kind: ChannelNotice['recipient']['kind'];
  recipient_id: string;
  title: string;
  text: string;
  attempts: number;
}

type Recipients = Array<{ kind: string; id: string }>;

/** Every SQL statement of the appeals' notices: the inbox rows and the push deliveries' outbox (claims with a lease, attempts). */
@Injectable()
export class NoticesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts the rows in the caller's transaction (inbox rows as sent, deliveries pending). */
  async insert(m: EntityManager, rows: NoticeRowIn[]): Promise<void> {
    await m.query(
      `INSERT INTO appeal.notices (id, appeal_id, kind, recipient_kind, recipient_id, channel, title, text, status, sent_at)
       SELECT u.id, u.appeal_id, u.kind, u.rk, u.rid, u.channel, u.title, u.text, u.status, CASE WHEN u.status = 'sent' THEN now() END
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
         AS u(id, appeal_id, kind, rk, rid, channel, title, text, status)`,
      [rows.map((r) => r.id), rows.map((r) => r.appealId), rows.map((r) => r.kind), rows.map((r) => r.recipient.kind), rows.map((r) => r.recipient.id),
        rows.map((r) => r.channel), rows.map((r) => r.title), rows.map((r) => r.text), rows.map((r) => r.status)],
    );
  }

  /** One page of the recipients' inbox, newest first, with the total. */
  async inbox(recipients: Recipients, unreadOnly: boolean, page: number, pageSize: number): Promise<{ rows: InboxRow[]; total: number }> {
    const params: unknown[] = [recipients.map((r) => r.kind), recipients.map((r) => r.id)];
    const where = `channel = 'inbox' AND (recipient_kind, recipient_id) IN (SELECT * FROM unnest($1::text[], $2::text[])) ${unreadOnly ? 'AND read_at IS NULL' : ''}`;
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM appeal.notices WHERE ${where}`, params);
    const rows: InboxRow[] = await this.dataSource.query(
      `SELECT id, appeal_id, kind, title, text, at, read_at FROM appeal.notices WHERE ${where} ORDER BY at DESC, id DESC LIMIT $3 OFFSET $4`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return { rows, total };
  }

  /** Marks the recipients' unread inbox rows among `ids` read; returns how many. */
  async markRead(ids: string[], recipients: Recipients): Promise<number> {
    const rows = await mutateReturning(
      this.dataSource,
      `UPDATE appeal.notices SET read_at = now() WHERE id = ANY($1::uuid[]) AND channel = 'inbox' AND read_at IS NULL
         AND (recipient_kind, recipient_id) IN (SELECT * FROM unnest($2::text[], $3::text[])) RETURNING id`,
      [ids, recipients.map((r) => r.kind), recipients.map((r) => r.id)],
    );
    return rows.length;
  }

  /** Claims up to `limit` deliveries due (pending, or sending with an expired lease), oldest first; rows others hold are skipped. */
  claim(limit: number, leaseMs: number): Promise<ClaimedNotice[]> {
    return mutateReturning<ClaimedNotice>(
      this.dataSource,
      `UPDATE appeal.notices n SET status = 'sending', claimed_at = now(), attempts = n.attempts + 1
       WHERE n.id IN (SELECT id FROM appeal.notices
         WHERE (status = 'pending' AND (next_at IS NULL OR next_at <= now()))
            OR (status = 'sending' AND claimed_at < now() - make_interval(secs => $2::float8 / 1000))
         ORDER BY at LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING n.id, n.channel, n.recipient_kind, n.recipient_id, n.title, n.text, n.attempts`,
      [limit, leaseMs],
    );
  }

  /** Records a channel's answer for the rows it was handed: sent, or retried / failed with the error. */
  recordAttempt(rows: ReadonlyArray<{ id: string; attempts: number }>, outcome: { status: string } | { error: string }): Promise<DeliveryTally> {
    return recordDeliveryAttempt(this.dataSource, 'appeal.notices', rows, outcome);
  }
}
