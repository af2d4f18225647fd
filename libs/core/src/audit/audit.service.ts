import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { uuid7 } from '../ids/uuid7';
import { chainHash, ChainedFields, digest, GENESIS_HASH } from './audit.hash';

export interface AuditActor {
  id: string | null;
  username?: string | null;
  role?: string | null;
}

export interface AuditRecord {
  actor: AuditActor | null;
  action: string;
  targetType?: string;
  targetId?: string;
  outcome?: 'ok' | 'denied' | 'failed';
  before?: unknown;
  after?: unknown;
  details?: Record<string, unknown>;
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  firstTampered?: { seq: number; id: string; reason: string };
}

interface AuditRow {
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
}

/** Lock id that serializes appends so the chain has no forks. */
const AUDIT_LOCK = 7_001_001;

/**
 * Append-only audit log, hash-chained. `record` takes the caller's transaction manager so the entry
 * commits with the change it describes; without one it writes in its own transaction.
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');

  constructor(private readonly dataSource: DataSource) {}

  async record(entry: AuditRecord, manager?: EntityManager): Promise<void> {
    if (manager) return this.append(manager, entry);
    await this.dataSource.transaction((m) => this.append(m, entry));
  }

  /** For denied requests: never lets an audit failure mask the original response. */
  recordQuietly(entry: AuditRecord): void {
    this.record(entry).catch((err: Error) => this.logger.error(`audit write failed: ${err.message}`));
  }

  private async append(m: EntityManager, entry: AuditRecord): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock($1)`, [AUDIT_LOCK]);
    const last: Array<{ seq: string | number; hash: string }> = await m.query(
      `SELECT seq, hash FROM audit.audit_log ORDER BY seq DESC LIMIT 1`,
    );
    const prevHash = last[0]?.hash ?? GENESIS_HASH;
    const fields: ChainedFields = {
      seq: Number(last[0]?.seq ?? 0) + 1,
      id: uuid7(),
      at: new Date().toISOString(),
      actorId: entry.actor?.id ?? null,
      actorRole: entry.actor?.role ?? null,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      outcome: entry.outcome ?? 'ok',
      beforeDigest: digest(entry.before),
      afterDigest: digest(entry.after),
      details: entry.details ?? null,
    };
    const hash = chainHash(prevHash, fields);
    await m.query(
      `INSERT INTO audit.audit_log (seq, id, at, actor_id, actor_name, actor_role, action, target_type, target_id,
         outcome, before_digest, after_digest, details, prev_hash, hash)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13::jsonb,$14,$15)`,
      [
        fields.seq, fields.id, fields.at, fields.actorId, entry.actor?.username ?? null, fields.actorRole, fields.action,
        fields.targetType, fields.targetId, fields.outcome, fields.beforeDigest, fields.afterDigest,
        fields.details === null ? null : JSON.stringify(fields.details), prevHash, hash,
      ],
    );
  }

  /** Recomputes the chain from the first entry and reports the first entry that does not fit. */
  async verify(chunk = 5000): Promise<AuditVerification> {
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let checked = 0;
    for (;;) {
      const rows: AuditRow[] = await this.dataSource.query(
        `SELECT seq, id, at, actor_id, actor_role, action, target_type, target_id, outcome, before_digest, after_digest,
                details, prev_hash, hash
         FROM audit.audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2`,
        [expectedSeq, chunk],
      );
      if (rows.length === 0) return { ok: true, checked };
      for (const r of rows) {
        const seq = Number(r.seq);
        const fail = (reason: string): AuditVerification => ({ ok: false, checked, firstTampered: { seq, id: r.id, reason } });
        if (seq !== expectedSeq) return fail(`missing entry before seq ${seq} (expected ${expectedSeq})`);
        if (r.prev_hash !== prevHash) return fail('prev_hash does not match the previous entry');
        const fields: ChainedFields = {
          seq,
          id: r.id,
          at: new Date(r.at).toISOString(),
          actorId: r.actor_id,
          actorRole: r.actor_role,
          action: r.action,
          targetType: r.target_type,
          targetId: r.target_id,
          outcome: r.outcome,
          beforeDigest: r.before_digest,
          afterDigest: r.after_digest,
          details: r.details,
        };
        if (chainHash(prevHash, fields) !== r.hash) return fail('content does not match its hash');
        prevHash = r.hash;
        expectedSeq++;
        checked++;
      }
    }
  }

  async list(filter: { targetType?: string; targetId?: string; actorId?: string; limit: number; offset: number }) {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.targetType) where.push(`target_type = $${params.push(filter.targetType)}`);
    if (filter.targetId) where.push(`target_id = $${params.push(filter.targetId)}`);
    if (filter.actorId) where.push(`actor_id = $${params.push(filter.actorId)}`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM audit.audit_log ${clause}`, params);
    const items = await this.dataSource.query(
      `SELECT seq, id, at, actor_id AS "actorId", actor_name AS "actorName", actor_role AS "actorRole", action,
              target_type AS "targetType", target_id AS "targetId", outcome, before_digest AS "beforeDigest",
              after_digest AS "afterDigest", details, hash
       FROM audit.audit_log ${clause} ORDER BY seq DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, filter.limit, filter.offset],
    );
    return { total: total as number, items };
  }
}
