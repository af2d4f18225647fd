import { maskAccount, maskPhone, maskSensitiveText } from './masking';

describe('masking', () => {
  it('masks a mobile number as first 3 / last 4', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskPhone('139 1234 5678')).toBe('139****5678');
    expect(maskPhone('0371-12345678')).toBe('0371-****5678');
    expect(maskPhone(null)).toBeNull();
  });

  it('masks accounts and ID numbers as first 6 / last 4', () => {
    expect(maskAccount('6222021234567890123')).toBe('622202*********0123');
    expect(maskAccount('41010519900307123X')).toBe('410105********123X');
  });

  it('masks every personal number in free text, and leaves ids, amounts and times alone', () => {
    const line = 'call 13800138000, id 41010519900307123X, account 6222021234567890123; amount 3000000000.00 at 2026-01-01T00:00:00Z id 0190a3b4-1c2d-7e8f-9a0b-1c2d3e4f5a6b';
    expect(maskSensitiveText(line)).toBe(
      'call 138****8000, id 410105********123X, account 622202*********0123; amount 3000000000.00 at 2026-01-01T00:00:00Z id 0190a3b4-1c2d-7e8f-9a0b-1c2d3e4f5a6b',
    );
  });
});
