import { bodyLimitFor, containsNul, DEFAULT_BODY_LIMIT_BYTES, jsonDepthExceeds, registerBodyLimit } from './request-body';
import { isAcceptedTimestamp } from './date-validators';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('request guards', () => {
  it('measures JSON depth on the bytes, ignoring brackets inside strings', () => {
    expect(jsonDepthExceeds(Buffer.from(nested(64)), 64)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from(nested(65)), 64)).toBe(true);
    expect(jsonDepthExceeds(Buffer.from(JSON.stringify({ a: '[[[[[[[[[[', b: '\\"[[[[' })), 2)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from(`{"a":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`), 64)).toBe(true);
  });

  it('finds NUL in any string or key of a parsed body', () => {
    expect(containsNul({ a: [{ b: 'x\u0000y' }] })).toBe(true);
    expect(containsNul({ ['k\u0000']: 1 })).toBe(true);
    expect(containsNul({ a: ['fine', 1, null, { b: true }] })).toBe(false);
  });

  it('picks a registered per-route limit, else the default', () => {
    registerBodyLimit('POST', '/things/:id/import', 1234);
    expect(bodyLimitFor('POST', '/api/v1/things/abc/import')).toBe(1234);
    expect(bodyLimitFor('PUT', '/api/v1/things/abc/import')).toBe(DEFAULT_BODY_LIMIT_BYTES);
    expect(bodyLimitFor('POST', '/api/v1/things/abc/import/x')).toBe(DEFAULT_BODY_LIMIT_BYTES);
  });

  it('accepts timestamps only for days that exist and times that do', () => {
    expect(isAcceptedTimestamp('2026-01-01')).toBe(true);
    expect(isAcceptedTimestamp('2026-01-01T08:30:00+08:00')).toBe(true);
    expect(isAcceptedTimestamp('2026-01-01T23:59:59.123Z')).toBe(true);
    expect(isAcceptedTimestamp('2026-13-45')).toBe(false);
    expect(isAcceptedTimestamp('2026-02-30T00:00:00Z')).toBe(false);
    expect(isAcceptedTimestamp('2026-01-01T25:00:00Z')).toBe(false);
    expect(isAcceptedTimestamp('0099-01-01')).toBe(false);
  });
});
