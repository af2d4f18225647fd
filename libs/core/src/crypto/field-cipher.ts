import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for sensitive fields at rest (bank accounts, phone numbers). The stored form is
 * `v1:<iv>:<tag>:<ciphertext>` in base64url, so a key rotation can add `v2` later.
 */
export class FieldCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new RangeError('FieldCipher needs a 32-byte key');
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), body.toString('base64url')].join(':');
  }

  decrypt(stored: string): string {
    const [v, iv, tag, body] = stored.split(':');
    if (v !== 'v1' || !iv || !tag || body === undefined) throw new RangeError('not an encrypted field');
    const d = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(body, 'base64url')), d.final()]).toString('utf8');
  }

  /** Deterministic keyed digest, for equality lookups on an encrypted field without decrypting. */
  blindIndex(plain: string): string {
    return createHash('sha256').update(this.key).update(plain).digest('hex');
  }
}
