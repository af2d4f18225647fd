import { createHash, createHmac } from 'node:crypto';

/**
 * JSON with sorted keys, so a digest does not depend on property order. Written as loops (no entry
 * arrays, no comparator): matching digests every firm's facts, and audit hashes every entry.
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  // Array.prototype.sort without a comparator orders by UTF-16 code units, as `<` on strings does.
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = record[k];
    if (v === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(k)}:${canonicalJson(v)}`;
    first = false;
  }
  return `${out}}`;
}

export function digest(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedFields {
  seq: number;
  id: string;
  at: string;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: string;
  beforeDigest: string | null;
  afterDigest: string | null;
  details: unknown;
  /** Id of the audit key the entry is keyed with; absent on legacy (unkeyed) entries, so their hashes stay as written. */
  keyId?: string;
}

/**
 * hash_n = HMAC-SHA256(auditKey, hash_{n-1} ‖ canonical(entry_n)). Without the audit key nobody can
 * produce a chain that verifies — a database writer who rewrites an entry cannot recompute the rest.
 * `key = null` is the legacy form (sha256, unkeyed), accepted only for entries written before keying.
 */
export function chainHash(prevHash: string, entry: ChainedFields, key: Buffer | null): string {
  const h = key ? createHmac('sha256', key) : createHash('sha256');
  return h.update(prevHash).update(canonicalJson(entry)).digest('hex');
}

/** What an audit checkpoint anchors: the chain (by its first entry) and its head at a moment. */
export interface CheckpointBody {
  version: 1;
  /** Which database the chain lives in (host/port/name or the PGlite directory; never credentials). */
  database: string;
  /** Id of the chain's first entry: a rebuilt chain has another. */
  chainId: string;
  seq: number;
  hash: string;
  at: string;
  keyId: string;
}

export interface SignedCheckpoint extends CheckpointBody {
  signature: string;
}

/** The checkpoint's signature: HMAC under the audit key, domain-separated from chain hashes. */
export function signCheckpoint(body: CheckpointBody, key: Buffer): string {
  return createHmac('sha256', key).update('qinqing/audit-checkpoint\n').update(canonicalJson(body)).digest('hex');
}
