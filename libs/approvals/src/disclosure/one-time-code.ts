import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { KeyRing } from '@app/core';

/** A six-digit code sent by SMS, and what is stored of it: a keyed digest and the key's id. */
export interface IssuedCode {
  code: string;
  digest: string;
  keyId: string;
}

/**
 * One-time codes (account change, an objector's phone). Only HMAC(code key, id ‖ code) is stored:
 * somebody who reads the table cannot try the million codes offline without the key (derived from
 * the master with HKDF, purpose `verification-code`).
 */
export class OneTimeCodes {
  constructor(private readonly keys: KeyRing) {}

  private digestWith(key: Buffer, verificationId: string, code: string): string {
    return createHmac('sha256', key).update(`${verificationId}:${code}`).digest('hex');
  }

  issue(verificationId: string): IssuedCode {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const { kid, key } = this.keys.verificationCode.current;
    return { code, digest: this.digestWith(key, verificationId, code), keyId: kid };
  }

  /** Whether `code` is the one issued; a digest without a key id (written before keys were derived) never matches. */
  matches(verificationId: string, code: string, stored: { digest: string; keyId: string | null }): boolean {
    const key = stored.keyId ? this.keys.verificationCode.byKid.get(stored.keyId) : undefined;
    if (!key || !/^\d{6}$/.test(code)) return false;
    const expected = Buffer.from(stored.digest.trim(), 'hex');
    const actual = Buffer.from(this.digestWith(key, verificationId, code), 'hex');
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
}

/** A keyed digest of a request source (address) or a contact (phone) for rate limits: equality without the value. */
export function sourceDigest(keys: KeyRing, kind: 'ip' | 'phone', value: string): string {
  return createHmac('sha256', keys.sourceDigest.key).update(`${kind}:${value}`).digest('hex').slice(0, 40);
}
