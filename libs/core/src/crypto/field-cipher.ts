import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { KeyRing } from './key-ring';

/**
 * AES-256-GCM for sensitive fields at rest (bank accounts, phone numbers), with key rotation.
 *
 *   v2:<kid>:<iv>:<tag>:<ciphertext>   (base64url) under the field key derived from master `kid`
 *   v1:<iv>:<tag>:<ciphertext>         written before keys were derived: the raw master was the AES key
 *
 * New values are always v2 under the current key; v1 and older kids still decrypt as long as their
 * master is configured (ENCRYPTION_KEYS_RETIRED). `reencrypt` moves a value to the current key.
 */
export class FieldCipher {
  constructor(private readonly keys: KeyRing) {}

  /** Id of the key new ciphertexts are written under. */
  get currentKeyId(): string {
    return this.keys.field.current.kid;
  }

  encrypt(plain: string): string {
    const { kid, key } = this.keys.field.current;
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return ['v2', kid, iv.toString('base64url'), c.getAuthTag().toString('base64url'), body.toString('base64url')].join(':');
  }

  decrypt(stored: string): string {
    const parts = stored.split(':');
    if (parts[0] === 'v2' && parts.length === 5) {
      const key = this.keys.field.byKid.get(parts[1]);
      if (!key) throw new RangeError(`encrypted field: unknown key id ${parts[1]} (is its master in ENCRYPTION_KEYS_RETIRED?)`);
      return open(key, parts[2], parts[3], parts[4]);
    }
    if (parts[0] === 'v1' && parts.length === 4) {
      // The legacy form names no key: the GCM tag tells which master it was written under.
      for (const key of this.keys.field.legacy) {
        try {
          return open(key, parts[1], parts[2], parts[3]);
        } catch {
          // not this one
        }
      }
      throw new RangeError('encrypted field (v1): no configured master key opens it');
    }
    throw new RangeError('not an encrypted field');
  }

  /** The key id a stored value is encrypted under (`null` for legacy v1 values). */
  keyIdOf(stored: string): string | null {
    const parts = stored.split(':');
    return parts[0] === 'v2' ? parts[1] : null;
  }

  /** Whether a stored value is under an older key (or the legacy format) and should be re-encrypted. */
  isStale(stored: string): boolean {
    return this.keyIdOf(stored) !== this.currentKeyId;
  }

  /** Decrypt with whatever key wrote it, encrypt under the current key; current values are returned as they are. */
  reencrypt(stored: string): string {
    return this.isStale(stored) ? this.encrypt(this.decrypt(stored)) : stored;
  }

  /**
   * Deterministic keyed digest (HMAC-SHA256 under the blind-index key), for equality lookups on an
   * encrypted field without decrypting. A new blind-index key changes every digest: re-index then.
   */
  blindIndex(plain: string): string {
    return createHmac('sha256', this.keys.blindIndex.key).update(plain, 'utf8').digest('hex');
  }

  /** Id of the key blind indexes are computed under. */
  get blindIndexKeyId(): string {
    return this.keys.blindIndex.kid;
  }
}

function open(key: Buffer, iv: string, tag: string, body: string): string {
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  d.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([d.update(Buffer.from(body, 'base64url')), d.final()]).toString('utf8');
}
