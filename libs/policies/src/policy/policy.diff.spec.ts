import { diffJson } from './policy.diff';

describe('diffJson', () => {
  it('addresses changed leaves by JSON pointer', () => {
    const a = { all: [{ fact: 'revenue', operator: 'greaterThanInclusive', value: 5_000_000_000 }, { fact: 'tags', operator: 'hasTag', value: 'hitech' }] };
    const b = { all: [{ fact: 'revenue', operator: 'greaterThanInclusive', value: 3_000_000_000 }, { fact: 'tags', operator: 'hasTag', value: 'hitech' }] };
    expect(diffJson(a, b, '/rule')).toEqual([{ path: '/rule/all/0/value', before: 5_000_000_000, after: 3_000_000_000 }]);
  });

  it('reports added and removed conditions', () => {
    expect(diffJson({ all: [1] }, { all: [1, 2] })).toEqual([{ path: '/all/1', before: null, after: 2 }]);
    expect(diffJson({ a: 1, b: 2 }, { a: 1 })).toEqual([{ path: '/b', before: 2, after: null }]);
  });

  it('finds nothing between equal values', () => {
    expect(diffJson({ x: [1, { y: 'z' }] }, { x: [1, { y: 'z' }] })).toEqual([]);
  });
});
