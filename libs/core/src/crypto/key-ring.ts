import { createHash, hkdfSync } from 'node:crypto';

/**
 * What each key is for. One master key never serves two purposes: every purpose gets its own key,
 * derived with HKDF-SHA256 from the master (`info` names the purpose), so a key that leaks through
 * one use (a treasury that verifies callbacks, an auditor who checks the chain) opens nothing else.
 */
export type KeyPurpose =
  | 'field-encryption'
  | 'blind-index'
  | 'treasury-callback'
  | 'audit-chain'
  | 'verification-code'
  | 'refresh-token'
  | 'source-digest';

export const KEY_PURPOSES: readonly KeyPurpose[] = [
  'field-encryption', 'blind-index', 'treasury-callback', 'audit-chain', 'verification-code', 'refresh-token', 'source-digest',
];

/** A master key and its id (`k1`, `2026a` …): the id travels with every ciphertext and audit entry it keyed. */
export interface MasterKey {
  kid: string;
  key: Buffer;
}

export interface VersionedKey {
  kid: string;
  key: Buffer;
}

/**
 * The platform's keys, built once from the configuration. The first master is current (new
 * ciphertexts, audit entries and blind indexes use it); retired masters only read what was written
 * under them until it has been re-encrypted.
 */
export interface KeyRing {
  /** Id of the current master key. */
  kid: string;
  /** The master keys themselves (current first): only for legacy decryption and key-id bookkeeping. */
  masters: readonly MasterKey[];
  field: {
    current: VersionedKey;
    /** kid → field key, current and retired. */
    byKid: ReadonlyMap<string, Buffer>;
    /** Raw master keys, for `v1` ciphertexts written before keys were derived (AES key = the master itself). */
    legacy: readonly Buffer[];
  };
  /** Blind indexes (keyed digests for equality lookups) use the current key only: a new key means a re-index. */
  blindIndex: VersionedKey;
  /** HMAC key of treasury callbacks; `accepted` also holds the keys of retired masters (a treasury switching over). */
  treasuryCallback: { current: Buffer; accepted: readonly Buffer[] };
  audit: { current: VersionedKey; byKid: ReadonlyMap<string, Buffer> };
  /**
   * HMAC key of one-time codes sent by SMS (account changes, objection contacts): only a keyed digest
   * of a code is stored, so a database reader cannot try the million six-digit codes offline.
   */
  verificationCode: { current: VersionedKey; byKid: ReadonlyMap<string, Buffer> };
  /** HMAC key of refresh tokens at rest (the token itself is never stored). */
  refreshToken: { current: VersionedKey; byKid: ReadonlyMap<string, Buffer> };
  /**
   * HMAC key of request sources (client addresses, objectors' phone numbers) kept for rate limits:
   * equality without storing the address or number itself. Current key only (the windows are short).
   */
  sourceDigest: VersionedKey;
}

const SALT = Buffer.from('qinqing-platform/keys');

/** HKDF-SHA256(master, salt, "qinqing/<purpose>/v1") → 32 bytes. */
export function deriveKey(master: Buffer, purpose: KeyPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', master, SALT, Buffer.from(`qinqing/${purpose}/v1`), 32));
}

export const KEY_ID_PATTERN = /^[a-z0-9]{1,16}$/;

/**
 * Builds the ring from the masters (current first). `treasuryCallback`, when given, replaces the
 * derived callback key: that key is shared with the treasury, so it may be issued separately.
 */
export function buildKeyRing(masters: readonly MasterKey[], options: { treasuryCallback?: Buffer } = {}): KeyRing {
  if (masters.length === 0) throw new RangeError('at least one master key is required');
  const ids = new Set<string>();
  for (const m of masters) {
    if (m.key.length !== 32) throw new RangeError(`master key ${m.kid} must be 32 bytes`);
    if (!KEY_ID_PATTERN.test(m.kid)) throw new RangeError(`key id ${m.kid} must be 1-16 lowercase letters or digits`);
    if (ids.has(m.kid)) throw new RangeError(`key id ${m.kid} appears twice`);
    ids.add(m.kid);
  }
  const [current] = masters;
  const per = (purpose: KeyPurpose) => new Map(masters.map((m) => [m.kid, deriveKey(m.key, purpose)]));
  const field = per('field-encryption');
  const audit = per('audit-chain');
  const callbacks = masters.map((m) => deriveKey(m.key, 'treasury-callback'));
  const codes = per('verification-code');
  const refresh = per('refresh-token');
  return {
    kid: current.kid,
    masters: [...masters],
    field: { current: { kid: current.kid, key: field.get(current.kid)! }, byKid: field, legacy: masters.map((m) => m.key) },
    blindIndex: { kid: current.kid, key: deriveKey(current.key, 'blind-index') },
    treasuryCallback: options.treasuryCallback
      ? { current: options.treasuryCallback, accepted: [options.treasuryCallback] }
      : { current: callbacks[0], accepted: callbacks },
    audit: { current: { kid: current.kid, key: audit.get(current.kid)! }, byKid: audit },
    verificationCode: { current: { kid: current.kid, key: codes.get(current.kid)! }, byKid: codes },
    refreshToken: { current: { kid: current.kid, key: refresh.get(current.kid)! }, byKid: refresh },
    sourceDigest: { kid: current.kid, key: deriveKey(current.key, 'source-digest') },
  };
}

/** A ring with one master: tests, benches and tools that make up their own key. */
export function keyRingOf(master: Buffer, kid = 'k1'): KeyRing {
  return buildKeyRing([{ kid, key: master }]);
}

/**
 * Weak key material: all bytes alike, a repeating pattern, or few distinct bytes. A random 32-byte
 * key has about 30 distinct byte values; 16 or fewer means it was typed, not generated.
 */
export function isWeakKey(key: Buffer): boolean {
  if (key.length < 32) return true;
  const distinct = new Set(key).size;
  if (distinct <= 16) return true;
  const half = key.length / 2;
  return key.subarray(0, half).equals(key.subarray(half));
}

/** A short, non-secret fingerprint of a key (for logs and docs: which key is in use). */
export function keyFingerprint(key: Buffer): string {
  return createHash('sha256').update('qinqing/fingerprint').update(key).digest('hex').slice(0, 12);
}
