import { randomBytes } from 'node:crypto';
import { FieldCipher } from './field-cipher';
import { maskAccount } from './masking';

describe('FieldCipher', () => {
  const cipher = new FieldCipher(randomBytes(32));

  it('round-trips and never stores the plain text', () => {
    const stored = cipher.encrypt('6222021234567890123');
    expect(stored).not.toContain('6222021234567890123');
    expect(cipher.decrypt(stored)).toBe('6222021234567890123');
    expect(cipher.encrypt('x')).not.toBe(cipher.encrypt('x'));
  });

  it('detects tampering', () => {
    const stored = cipher.encrypt('6222021234567890123');
    const parts = stored.split(':');
    parts[3] = Buffer.from('6222021234567890124').toString('base64url');
    expect(() => cipher.decrypt(parts.join(':'))).toThrow();
  });

  it('masks first 6 / last 4', () => {
    expect(maskAccount('6222021234567890123')).toBe('622202*********0123');
    expect(maskAccount('12345')).toBe('*****');
    expect(maskAccount(null)).toBeNull();
  });
});
