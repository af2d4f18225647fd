import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { FieldCipher } from './field-cipher';
import { maskAccount } from './masking';
import { buildKeyRing, keyRingOf } from './key-ring';

/** A value as the platform wrote it before keys were derived: `v1`, the raw master as the AES key. */
function legacyV1(master: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', master, iv);
  const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), body.toString('base64url')].join(':');
}

describe('FieldCipher', () => {
  const master = randomBytes(32);
  const cipher = new FieldCipher(keyRingOf(master, 'k1'));

  it('round-trips, names its key id, and never stores the plain text', () => {
    const stored = cipher.encrypt('6222021234567890123');
    expect(stored).not.toContain('6222021234567890123');
    expect(stored.startsWith('v2:k1:')).toBe(true);
    expect(cipher.keyIdOf(stored)).toBe('k1');
    expect(cipher.decrypt(stored)).toBe('6222021234567890123');
    expect(cipher.encrypt('x')).not.toBe(cipher.encrypt('x'));
  });

  it('detects tampering', () => {
    const stored = cipher.encrypt('6222021234567890123');
    const parts = stored.split(':');
    parts[4] = Buffer.from('6222021234567890124').toString('base64url');
    expect(() => cipher.decrypt(parts.join(':'))).toThrow();
  });

  it('does not encrypt fields with the master key itself (a derived key per purpose)', () => {
    const [, , iv, tag, body] = cipher.encrypt('6222021234567890123').split(':');
    const asIfMaster = () => {
      const d = createDecipheriv('aes-256-gcm', master, Buffer.from(iv, 'base64url'));
      d.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([d.update(Buffer.from(body, 'base64url')), d.final()]).toString('utf8');
    };
    expect(asIfMaster).toThrow();
  });

  it('still reads legacy v1 values written with the raw master key', () => {
    expect(cipher.decrypt(legacyV1(master, '13800138000'))).toBe('13800138000');
    expect(cipher.isStale(legacyV1(master, '13800138000'))).toBe(true);
  });

  it('rotation: decrypts with the retired key, encrypts with the new one, and re-encrypts on request', () => {
    const oldMaster = randomBytes(32);
    const before = new FieldCipher(keyRingOf(oldMaster, 'k1'));
    const v1 = legacyV1(oldMaster, '6222020000000000001');
    const v2old = before.encrypt('6222020000000000002');

    const newMaster = randomBytes(32);
    const rotated = new FieldCipher(buildKeyRing([{ kid: 'k2', key: newMaster }, { kid: 'k1', key: oldMaster }]));
    expect(rotated.decrypt(v1)).toBe('6222020000000000001');
    expect(rotated.decrypt(v2old)).toBe('6222020000000000002');
    expect(rotated.encrypt('x').startsWith('v2:k2:')).toBe(true);

    const moved = rotated.reencrypt(v2old);
    expect(rotated.keyIdOf(moved)).toBe('k2');
    expect(rotated.decrypt(moved)).toBe('6222020000000000002');
    expect(rotated.reencrypt(moved)).toBe(moved); // already current: unchanged
    expect(rotated.keyIdOf(rotated.reencrypt(v1))).toBe('k2');

    // once the old master is dropped, only re-encrypted values still open
    const newOnly = new FieldCipher(keyRingOf(newMaster, 'k2'));
    expect(newOnly.decrypt(moved)).toBe('6222020000000000002');
    expect(() => newOnly.decrypt(v2old)).toThrow(/unknown key id k1/);
  });

  it('blind index: a keyed HMAC under its own key, not sha256(key‖value)', () => {
    const b = cipher.blindIndex('6222021234567890123');
    expect(b).toBe(cipher.blindIndex('6222021234567890123'));
    expect(b).not.toBe(createHash('sha256').update(master).update('6222021234567890123').digest('hex'));
    expect(new FieldCipher(keyRingOf(randomBytes(32))).blindIndex('6222021234567890123')).not.toBe(b);
    expect(cipher.blindIndexKeyId).toBe('k1');
  });

  it('masks first 6 / last 4', () => {
    expect(maskAccount('6222021234567890123')).toBe('622202*********0123');
    expect(maskAccount('12345')).toBe('*****');
    expect(maskAccount(null)).toBeNull();
  });
});
