import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { ChainedFields } from './audit.hash';

/** A row of audit.audit_log as the chain check reads it. */
export interface AuditRow {
  seq: string | number;
  id: string;
  at: Date;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  outcome: string;
  before_digest: string | null;
  after_digest: string | null;
  details: unknown;
  prev_hash: string;
  hash: string;
  key_id: string | null;
}

/** An entry to append, its hash already computed: the chained fields, who acted by name, and the chain links. */
export interface NewAuditEntry extends Required<ChainedFields> {
  actorName: string | null;
  prevHash: string;
  hash: string;
}

export type AuditOutcome = 'ok' | 'denied' | 'failed';

/** An entry as the audit API lists it (seq: int8, parsed as a number; at in ISO 8601). */
export interface AuditListItem {
  seq: number;
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: AuditOutcome;
  beforeDigest: string | null;
  afterDigest: string | null;
  details: Record<string, unknown> | null;
  hash: string;
}

/** Lock id that serializes appends so the chain has no forks. */
const AUDIT_LOCK = 7_001_001;

/**
 * Every SQL statement of the audit log (audit.audit_log). The chain itself — hashing, keys, what
 * counts as tampering, when to anchor — is AuditService's, unit-tested without a database.
 */
@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Serializes appends until the caller's transaction ends. */
  async lockAppends(m: EntityManager): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock($1)`, [AUDIT_LOCK]);
  }

  /** The last entry's seq and hash; null when the log is empty. */
  async head(m: EntityManager): Promise<{ seq: number; hash: string } | null> {
    const last: Array<{ seq: string | number; hash: string }> = await m.query(
      `SELECT seq, hash FROM audit.audit_log ORDER BY seq DESC LIMIT 1`,
    );
    return last[0] ? { seq: Number(last[0].seq), hash: last[0].hash } : null;
  }

  async insert(m: EntityManager, e: NewAuditEntry): Promise<void> {
    await m.query(
      `INSERT INTO audit.audit_log (seq, id, at, actor_id, actor_name, actor_role, action, target_type, target_id,
         outcome, before_digest, after_digest, details, prev_hash, hash, key_id)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13::jsonb,$14,$15,$16)`,
      [
        e.seq, e.id, e.at, e.actorId, e.actorName, e.actorRole, e.action,
        e.targetType, e.targetId, e.outcome, e.beforeDigest, e.afterDigest,
        e.details === null ? null : JSON.stringify(e.details), e.prevHash, e.hash, e.keyId,
      ],
    );
  }

  /** Up to `limit` entries from `fromSeq` on, in seq order. */
  entriesFrom(fromSeq: number, limit: number): Promise<AuditRow[]> {
    return this.dataSource.query(
      `SELECT seq, id, at, actor_id, actor_role, action, target_type, target_id, outcome, before_digest, after_digest,
              details, prev_hash, hash, key_id
       FROM audit.audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2`,
      [fromSeq, limit],
    );
  }

  /** The id of the first entry (seq 1), which names the chain; null when the log is empty. */
  async firstId(): Promise<string | null> {
    const [first]: Array<{ id: string }> = await this.dataSource.query(`SELECT id FROM audit.audit_log WHERE seq = 1`);
    return first?.id ?? null;
  }

  /** The hash of entry `seq`; null when there is none. */
  async hashAt(seq: number): Promise<string | null> {
    const [row]: Array<{ hash: string }> = await this.dataSource.query(`SELECT hash FROM audit.audit_log WHERE seq = $1`, [seq]);
    return row ? row.hash : null;
  }

  /** One page of entries, newest first, with the total. */
  async list(filter: { targetType?: string; targetId?: string; actorId?: string; limit: number; offset: number }): Promise<{ total: number; items: AuditListItem[] }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.targetType) where.push(`target_type = $${params.push(filter.targetType)}`);
    if (filter.targetId) where.push(`target_id = $${params.push(filter.targetId)}`);
    if (filter.actorId) where.push(`actor_id = $${params.push(filter.actorId)}`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM audit.audit_log ${clause}`, params);
    const rows: Array<Omit<AuditListItem, 'at'> & { at: Date }> = await this.dataSource.query(
      `SELECT seq, id, at, actor_id AS "actorId", actor_name AS "actorName", actor_role AS "actorRole", action,
              target_type AS "targetType", target_id AS "targetId", outcome, before_digest AS "beforeDigest",
              after_digest AS "afterDigest", details, hash
       FROM audit.audit_log ${clause} ORDER BY seq DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, filter.limit, filter.offset],
    );
    const items = rows.map((r) => ({ ...r, at: r.at.toISOString() }));
    return { total: total as number, items };
  }
}
