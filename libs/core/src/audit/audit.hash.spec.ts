import fc from 'fast-check';
import { canonicalJson } from './audit.hash';

/** The straightforward definition the loop version must equal byte for byte (audit hashes depend on it). */
function reference(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
}

describe('canonicalJson', () => {
  it('equals the reference definition on arbitrary JSON-like values (with undefined, dates, non-ASCII keys)', () => {
    const leaf = fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.date({ noInvalidDate: true }));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node')), fc.dictionary(fc.string({ unit: 'binary' }), tie('node'))),
    })).node;
    fc.assert(fc.property(value, (v) => canonicalJson(v) === reference(v)), { numRuns: 500 });
  });

  it('does not depend on property order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined, 企业: '甲' }] })).toBe(canonicalJson({ a: [{ 企业: '甲', d: 2 }], b: 1 }));
    expect(canonicalJson({ b: 1, a: [{ d: 2, 企业: '甲' }] })).toBe('{"a":[{"d":2,"企业":"甲"}],"b":1}');
  });
});
