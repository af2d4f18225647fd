import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { uuid7 } from '../ids/uuid7';
import { AuditCheckpointStore, databaseLabel } from './audit-checkpoint.store';
import { chainHash, ChainedFields, CheckpointBody, digest, GENESIS_HASH, signCheckpoint, SignedCheckpoint } from './audit.hash';
import { AuditListItem, AuditOutcome, AuditRepository } from './audit.repository';

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
  outcome?: AuditOutcome;
  before?: unknown;
  after?: unknown;
  details?: Record<string, unknown>;
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  firstTampered?: { seq: number; id: string; reason: string };
  /** The signed anchor under DATA_DIR the chain was compared with (null: none written yet). */
  checkpoint?: { seq: number; at: string; ok: boolean; reason?: string } | null;
}

export interface CheckpointOutcome {
  written: boolean;
  seq: number;
  reason?: string;
}

interface Walk {
  ok: boolean;
  checked: number;
  last: { seq: number; hash: string } | null;
  firstTampered?: { seq: number; id: string; reason: string };
}

/**
 * Append-only audit log, chained by HMAC under the audit key (its own key, derived from the master).
 * `record` takes the caller's transaction manager so the entry commits with the change it describes;
 * without one it writes in its own transaction. The chain's head is anchored periodically in a signed
 * checkpoint file under DATA_DIR, so a database writer can neither rebuild the chain (no key) nor cut
 * its tail or replace it wholesale (the anchor no longer fits) unnoticed. All SQL is in AuditRepository.
 */
@Injectable()
export class AuditService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Audit');
  private readonly checkpoints: AuditCheckpointStore;
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<unknown>;

  constructor(
    private readonly repo: AuditRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.checkpoints = new AuditCheckpointStore(config.dataDir, databaseLabel(config));
  }

  /** Anchors the head at boot and every AUDIT_CHECKPOINT_SECONDS (0: only when asked). */
  onApplicationBootstrap(): void {
    const seconds = this.config.audit.checkpointSeconds;
    if (seconds <= 0) return;
    const tick = () => {
      this.inFlight ??= this.checkpoint()
        .then((r) => {
          if (!r.written && r.reason) this.logger.error(`audit checkpoint refused: ${r.reason}`);
        })
        .catch((err: Error) => this.logger.warn(`audit checkpoint failed: ${err.message}`))
        .finally(() => (this.inFlight = undefined));
    };
    tick();
    this.timer = setInterval(tick, seconds * 1000);
    this.timer.unref?.();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  /** Where this database's checkpoint lives (for operators and tests). */
  get checkpointFile(): string {
    return this.checkpoints.file;
  }

  async record(entry: AuditRecord, manager?: EntityManager): Promise<void> {
    if (manager) return this.append(manager, entry);
    await this.repo.transaction((m) => this.append(m, entry));
  }

  /** For denied requests: never lets an audit failure mask the original response. */
  recordQuietly(entry: AuditRecord): void {
    this.record(entry).catch((err: Error) => this.logger.error(`audit write failed: ${err.message}`));
  }

  private async append(m: EntityManager, entry: AuditRecord): Promise<void> {
    await this.repo.lockAppends(m);
    const last = await this.repo.head(m);
    const prevHash = last?.hash ?? GENESIS_HASH;
    const { kid, key } = this.config.keys.audit.current;
    const fields: ChainedFields = {
      seq: (last?.seq ?? 0) + 1,
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
      keyId: kid,
    };
    const hash = chainHash(prevHash, fields, key);
    await this.repo.insert(m, {
      seq: fields.seq, id: fields.id, at: fields.at, actorId: fields.actorId, actorName: entry.actor?.username ?? null, actorRole: fields.actorRole,
      action: fields.action, targetType: fields.targetType, targetId: fields.targetId, outcome: fields.outcome, beforeDigest: fields.beforeDigest,
      afterDigest: fields.afterDigest, details: fields.details, prevHash, hash, keyId: kid,
    });
  }

  /**
   * Recomputes the chain from `fromSeq` (with the hash before it; null: trust the first row's
   * prev_hash, used from an anchored entry on). Keyed entries verify under their key; unkeyed ones
   * only before the first keyed entry (no downgrade back to plain SHA-256).
   */
  private async walk(fromSeq: number, prevHashIn: string | null, chunk: number): Promise<Walk> {
    let prevHash = prevHashIn;
    let expectedSeq = fromSeq;
    let checked = 0;
    let keyedSeen = false;
    let last: Walk['last'] = null;
    for (;;) {
      const rows = await this.repo.entriesFrom(expectedSeq, chunk);
      if (rows.length === 0) return { ok: true, checked, last };
      for (const r of rows) {
        const seq = Number(r.seq);
        const fail = (reason: string): Walk => ({ ok: false, checked, last, firstTampered: { seq, id: r.id, reason } });
        if (seq !== expectedSeq) return fail(`missing entry before seq ${seq} (expected ${expectedSeq})`);
        prevHash ??= r.prev_hash;
        if (r.prev_hash !== prevHash) return fail('prev_hash does not match the previous entry');
        let key: Buffer | null = null;
        if (r.key_id !== null) {
          key = this.config.keys.audit.byKid.get(r.key_id) ?? null;
          if (!key) return fail(`keyed with an unknown audit key (${r.key_id})`);
          keyedSeen = true;
        } else if (keyedSeen) {
          return fail('unkeyed entry after keyed entries (the chain was rewritten without the audit key)');
        }
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
          ...(r.key_id !== null ? { keyId: r.key_id } : {}),
        };
        if (chainHash(prevHash, fields, key) !== r.hash) return fail('content does not match its hash');
        prevHash = r.hash;
        last = { seq, hash: r.hash };
        expectedSeq++;
        checked++;
      }
    }
  }

  private chainId(): Promise<string | null> {
    return this.repo.firstId();
  }

  /** Checks the signed anchor against the database: signature, same chain, its entry still there and unchanged. */
  private async checkAnchor(cp: SignedCheckpoint): Promise<{ ok: true } | { ok: false; reason: string }> {
    const { signature, ...body } = cp;
    const key = this.config.keys.audit.byKid.get(cp.keyId);
    if (!key || signature !== signCheckpoint(body, key)) return { ok: false, reason: 'checkpoint signature invalid (the anchor file was altered)' };
    if (cp.database !== this.checkpoints.database) return { ok: false, reason: 'checkpoint belongs to another database' };
    if ((await this.chainId()) !== cp.chainId) return { ok: false, reason: 'the chain was replaced (its first entry is not the anchored one)' };
    const hash = await this.repo.hashAt(cp.seq);
    if (hash === null) return { ok: false, reason: `entries up to seq ${cp.seq} were anchored but the chain now ends before it (truncated)` };
    if (hash !== cp.hash) return { ok: false, reason: `entry ${cp.seq} differs from the anchored head (the chain was rebuilt)` };
    return { ok: true };
  }

  /** Recomputes the whole chain, then compares it with the signed checkpoint; reports the first problem. */
  async verify(chunk = 5000): Promise<AuditVerification> {
    const walk = await this.walk(1, GENESIS_HASH, chunk);
    if (!walk.ok) return { ok: false, checked: walk.checked, firstTampered: walk.firstTampered };
    const cp = this.checkpoints.read();
    if (!cp) return { ok: true, checked: walk.checked, checkpoint: null };
    const anchor = await this.checkAnchor(cp);
    if (!anchor.ok) {
      return {
        ok: false,
        checked: walk.checked,
        firstTampered: { seq: cp.seq, id: cp.chainId, reason: anchor.reason },
        checkpoint: { seq: cp.seq, at: cp.at, ok: false, reason: anchor.reason },
      };
    }
    return { ok: true, checked: walk.checked, checkpoint: { seq: cp.seq, at: cp.at, ok: true } };
  }

  /**
   * Anchors the current head in the signed checkpoint file — only after checking that the previous
   * anchor still fits and that every entry since verifies: a tampered chain is never re-anchored.
   */
  async checkpoint(chunk = 5000): Promise<CheckpointOutcome> {
    const previous = this.checkpoints.read();
    let walk: Walk;
    if (previous) {
      const anchor = await this.checkAnchor(previous);
      if (!anchor.ok) return { written: false, seq: previous.seq, reason: anchor.reason };
      walk = await this.walk(previous.seq, null, chunk);
    } else {
      walk = await this.walk(1, GENESIS_HASH, chunk);
    }
    if (!walk.ok) return { written: false, seq: previous?.seq ?? 0, reason: `seq ${walk.firstTampered!.seq}: ${walk.firstTampered!.reason}` };
    const chainId = await this.chainId();
    if (!walk.last || !chainId) return { written: false, seq: 0 };
    if (previous && walk.last.seq <= previous.seq) return { written: false, seq: previous.seq };
    const { kid, key } = this.config.keys.audit.current;
    const body: CheckpointBody = {
      version: 1, database: this.checkpoints.database, chainId, seq: walk.last.seq, hash: walk.last.hash, at: new Date().toISOString(), keyId: kid,
    };
    this.checkpoints.write({ ...body, signature: signCheckpoint(body, key) });
    return { written: true, seq: body.seq };
  }

  list(filter: { targetType?: string; targetId?: string; actorId?: string; limit: number; offset: number }): Promise<{ total: number; items: AuditListItem[] }> {
    return this.repo.list(filter);
  }
}
