import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** A notice row to insert (texts already cut to the column sizes). */
export interface NoticeInsert {
  id: string;
  enterpriseId: string;
  kind: string;
  title: string;
  body: string;
  itemId: string | null;
  applicationId: string | null;
  dedupeKey: string;
  at: Date;
}

/** One pending delivery of a notice through one channel. */
export interface NoticeDeliveryInsert {
  id: string;
  enterpriseId: string;
  noticeId: string;
  channel: string;
}

export interface NoticeRow {
  id: string;
  kind: string;
  title: string;
  body: string;
  item_id: string | null;
  application_id: string | null;
  created_at: Date;
  read_at: Date | null;
}

/**
 * Every SQL statement of the notices to firms (policy.notices) and their pending deliveries
 * (policy.push_deliveries rows with a notice). Inserts run in the caller's transaction (`m`).
 */
@Injectable()
export class NoticeRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts the notices whose dedupe key is new; returns those inserted. */
  insertNew(m: EntityManager, notices: NoticeInsert[]): Promise<Array<{ id: string; enterprise_id: string; dedupe_key: string }>> {
    const col = <T>(f: (n: NoticeInsert) => T) => notices.map(f);
    return m.query(
      `INSERT INTO policy.notices (id, enterprise_id, kind, title, body, item_id, application_id, dedupe_key, created_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::uuid[], $8::text[], $9::timestamptz[])
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id, enterprise_id, dedupe_key`,
      [col((n) => n.id), col((n) => n.enterpriseId), col((n) => n.kind), col((n) => n.title), col((n) => n.body), col((n) => n.itemId),
        col((n) => n.applicationId), col((n) => n.dedupeKey), col((n) => n.at)],
    );
  }

  async insertDeliveries(m: EntityManager, d: NoticeDeliveryInsert[]): Promise<void> {
    await m.query(
      `INSERT INTO policy.push_deliveries (id, enterprise_id, item_version_ids, items, channel, status, notice_id)
       SELECT u.id, u.e, '{}', 0, u.c, 'pending', u.n FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[]) AS u(id, e, c, n)`,
      [d.map((x) => x.id), d.map((x) => x.enterpriseId), d.map((x) => x.channel), d.map((x) => x.noticeId)],
    );
  }

  byIds(ids: string[]): Promise<Array<{ id: string; kind: string; title: string; body: string }>> {
    return this.dataSource.query(
      `SELECT id, kind, title, body FROM policy.notices WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /** A firm's notices (optionally about one application), newest first, one page, with the total. */
  async page(enterpriseId: string, filter: { applicationId?: string }, page: number, pageSize: number): Promise<{ total: number; rows: NoticeRow[] }> {
    const params: unknown[] = [enterpriseId];
    const where = `enterprise_id = $1 ${filter.applicationId ? `AND application_id = $${params.push(filter.applicationId)}` : ''}`;
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM policy.notices WHERE ${where}`, params);
    const rows: NoticeRow[] = await this.dataSource.query(
      `SELECT * FROM policy.notices WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return { total, rows };
  }
}
