import { applyPatch, PatchOperation, PointerError, valueAt } from './json-pointer';

/**
 * The subset of RFC 6902 a scenario uses (add, replace, remove over RFC 6901 pointers), checked
 * against the RFC's own examples (Appendix A) and its error cases; `move`, `copy` and `test` are not
 * part of the subset.
 */
const codeOf = (doc: unknown, ops: PatchOperation[]) => {
  try {
    applyPatch(doc, ops);
  } catch (e) {
    return e instanceof PointerError ? e.code : 'other';
  }
  return null;
};

describe('JSON Patch subset (RFC 6902 add / replace / remove)', () => {
  it.each<[string, unknown, PatchOperation[], unknown]>([
    ['A.1 add an object member', { foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux' }], { baz: 'qux', foo: 'bar' }],
    ['A.2 add an array element', { foo: ['bar', 'baz'] }, [{ op: 'add', path: '/foo/1', value: 'qux' }], { foo: ['bar', 'qux', 'baz'] }],
    ['A.3 remove an object member', { baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }], { foo: 'bar' }],
    ['A.4 remove an array element', { foo: ['bar', 'qux', 'baz'] }, [{ op: 'remove', path: '/foo/1' }], { foo: ['bar', 'baz'] }],
    ['A.5 replace a value', { baz: 'qux', foo: 'bar' }, [{ op: 'replace', path: '/baz', value: 'boo' }], { baz: 'boo', foo: 'bar' }],
    ['A.10 add a nested member object', { foo: 'bar' }, [{ op: 'add', path: '/child', value: { grandchild: {} } }], { foo: 'bar', child: { grandchild: {} } }],
    ['A.16 add an array value', { foo: ['bar'] }, [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }], { foo: ['bar', ['abc', 'def']] }],
    ['escaped pointer tokens (~0 ~1)', { 'a/b': 1, 'm~n': 2 }, [{ op: 'replace', path: '/a~1b', value: 3 }, { op: 'replace', path: '/m~0n', value: 4 }], { 'a/b': 3, 'm~n': 4 }],
    ['the whole document', { all: [] }, [{ op: 'replace', path: '', value: { any: [] } }], { any: [] }],
    ['operations apply in order', { all: [1] }, [{ op: 'add', path: '/all/-', value: 2 }, { op: 'replace', path: '/all/1', value: 3 }], { all: [1, 3] }],
  ])('%s', (_name, doc, ops, expected) => {
    const before = JSON.stringify(doc);
    expect(applyPatch(doc, ops)).toEqual(expected);
    expect(JSON.stringify(doc)).toBe(before); // applied to a copy
  });

  it.each<[string, unknown, PatchOperation[], string]>([
    ['A.12 add to a nonexistent target', { foo: 'bar' }, [{ op: 'add', path: '/baz/bat', value: 'qux' }], 'SANDBOX.POINTER_NOT_FOUND'],
    ['replace past the end of an array', { all: [1] }, [{ op: 'replace', path: '/all/1', value: 2 }], 'SANDBOX.POINTER_NOT_FOUND'],
    ['a non-numeric array index', { all: [1] }, [{ op: 'replace', path: '/all/x', value: 2 }], 'SANDBOX.POINTER_NOT_FOUND'],
    ['a leading zero index', { all: [1, 2] }, [{ op: 'remove', path: '/all/01' }], 'SANDBOX.POINTER_NOT_FOUND'],
    ['a pointer without the leading slash', { a: 1 }, [{ op: 'replace', path: 'a', value: 2 }], 'SANDBOX.INVALID_POINTER'],
    ['removing the whole document', { a: 1 }, [{ op: 'remove', path: '' }], 'SANDBOX.INVALID_POINTER'],
    ['prototype pollution', {}, [{ op: 'add', path: '/__proto__/polluted', value: true }], 'SANDBOX.INVALID_POINTER'],
  ])('refuses %s with a coded error', (_name, doc, ops, code) => {
    expect(codeOf(doc, ops)).toBe(code);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads the value at a pointer, undefined where the path does not exist', () => {
    const doc = { all: [{ fact: 'revenue', value: 5 }], 'a/b': { '': 7 } };
    expect(valueAt(doc, '/all/0/value')).toBe(5);
    expect(valueAt(doc, '/a~1b/')).toBe(7);
    expect(valueAt(doc, '/all/1/value')).toBeUndefined();
    expect(valueAt(doc, '/all/length')).toBeUndefined();
    expect(valueAt(doc, '/constructor')).toBeUndefined();
  });
});
