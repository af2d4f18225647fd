import { ENTERPRISE_FACTS } from '@app/contracts';
import { FactRegistry } from '../facts/fact-registry';
import { parseRule, validateRule } from './rule.validator';

const registry = new FactRegistry(ENTERPRISE_FACTS);
const errorsOf = (rule: unknown) => {
  const r = validateRule(rule, registry);
  return r.ok ? [] : r.errors.map(({ pointer, code }) => ({ pointer, code }));
};
const leaf = (fact: string, operator: string, value: unknown) => ({ fact, operator, value });
const ok = leaf('revenue', 'greaterThanInclusive', 5_000_000_000);

describe('validateRule', () => {
  it('accepts a well-formed rule and returns a clean copy', () => {
    const rule = { all: [ok, { any: [leaf('tags', 'hasTag', 'HNTE'), { not: leaf('scale', 'equal', 'large') }] }] };
    const r = validateRule(rule, registry);
    expect(r.ok && r.rule).toEqual(rule);
  });

  it.each<[string, unknown, { pointer: string; code: string }]>([
    ['unknown fact', { all: [ok, ok, leaf('foo', 'equal', 1)] }, { pointer: '/all/2/fact', code: 'RULE.UNKNOWN_FACT' }],
    ['unknown operator', { all: [leaf('revenue', 'approximately', 1)] }, { pointer: '/all/0/operator', code: 'RULE.UNKNOWN_OPERATOR' }],
    ['operator not valid for the type', { all: [leaf('revenue', 'hasTag', 'x')] }, { pointer: '/all/0/operator', code: 'RULE.OPERATOR_NOT_ALLOWED' }],
    ['inRegion on a plain string fact', { all: [leaf('name', 'inRegion', '41')] }, { pointer: '/all/0/operator', code: 'RULE.OPERATOR_NOT_ALLOWED' }],
    ['string for money', { all: [leaf('revenue', 'greaterThan', '5000万')] }, { pointer: '/all/0/value', code: 'RULE.INVALID_VALUE' }],
    ['non-integer money', { all: [leaf('revenue', 'greaterThan', 10.5)] }, { pointer: '/all/0/value', code: 'RULE.INVALID_VALUE' }],
    ['non-integer integer', { any: [leaf('employees', 'lessThan', 2.5)] }, { pointer: '/any/0/value', code: 'RULE.INVALID_VALUE' }],
    ['NaN-like number', { all: [leaf('rdIntensity', 'greaterThan', null)] }, { pointer: '/all/0/value', code: 'RULE.INVALID_VALUE' }],
    ['enum value not allowed', { all: [leaf('scale', 'equal', 'huge')] }, { pointer: '/all/0/value', code: 'RULE.VALUE_NOT_ALLOWED' }],
    ['a day that does not exist', { all: [leaf('establishedOn', 'dateAfter', '2026-02-30')] }, { pointer: '/all/0/value', code: 'RULE.INVALID_VALUE' }],
    ['a date before 1900', { all: [leaf('establishedOn', 'dateAfter', '0060-01-01')] }, { pointer: '/all/0/value', code: 'DATE.OUT_OF_RANGE' }],
    ['year 0000', { all: [leaf('establishedOn', 'equal', '0000-02-29')] }, { pointer: '/all/0/value', code: 'DATE.OUT_OF_RANGE' }],
    ['enum list item not allowed', { all: [leaf('scale', 'in', ['small', 'huge'])] }, { pointer: '/all/0/value/1', code: 'RULE.VALUE_NOT_ALLOWED' }],
    ['invalid date', { all: [leaf('establishedOn', 'dateBefore', '2021-02-29')] }, { pointer: '/all/0/value', code: 'RULE.INVALID_VALUE' }],
    ['boolean as string', { all: [leaf('isListed', 'equal', 'true')] }, { pointer: '/all/0/value', code: 'RULE.INVALID_VALUE' }],
    ['between reversed', { all: [leaf('revenue', 'between', [10, 1])] }, { pointer: '/all/0/value', code: 'RULE.INVALID_RANGE' }],
    ['between not a pair', { all: [leaf('revenue', 'between', [1])] }, { pointer: '/all/0/value', code: 'RULE.INVALID_VALUE' }],
    ['empty in list', { all: [leaf('scale', 'in', [])] }, { pointer: '/all/0/value', code: 'RULE.INVALID_VALUE' }],
    ['negative years', { all: [leaf('establishedOn', 'yearsSinceAtLeast', -1)] }, { pointer: '/all/0/value', code: 'RULE.INVALID_VALUE' }],
    ['bad region code', { all: [leaf('districtCode', 'inRegion', '41%')] }, { pointer: '/all/0/value', code: 'RULE.INVALID_VALUE' }],
    ['object value (json-rules-engine fact reference)', { all: [leaf('revenue', 'equal', { fact: 'taxPaid' })] }, { pointer: '/all/0/value', code: 'RULE.INVALID_VALUE' }],
    ['empty all', { all: [] }, { pointer: '/all', code: 'RULE.EMPTY_GROUP' }],
    ['empty any (nested)', { all: [ok, { any: [] }] }, { pointer: '/all/1/any', code: 'RULE.EMPTY_GROUP' }],
    ['all not an array', { all: ok }, { pointer: '/all', code: 'RULE.MALFORMED' }],
    ['two group keys', { all: [ok], any: [ok] }, { pointer: '', code: 'RULE.MALFORMED' }],
    ['not an object', { all: [42] }, { pointer: '/all/0', code: 'RULE.MALFORMED' }],
    ['no fact or group', { all: [{ operator: 'equal', value: 1 }] }, { pointer: '/all/0', code: 'RULE.MALFORMED' }],
    ['missing value', { all: [{ fact: 'revenue', operator: 'equal' }] }, { pointer: '/all/0/value', code: 'RULE.MALFORMED' }],
    ['extra leaf key', { all: [{ ...ok, priority: 1 }] }, { pointer: '/all/0/priority', code: 'RULE.MALFORMED' }],
    ['path refused', { all: [{ ...ok, path: '$.a' }] }, { pointer: '/all/0/path', code: 'RULE.PATH_NOT_ALLOWED' }],
    ['params refused', { all: [{ ...ok, params: {} }] }, { pointer: '/all/0/params', code: 'RULE.PARAMS_NOT_ALLOWED' }],
    ['__proto__ key', JSON.parse('{"all":[{"__proto__":{"x":1},"fact":"revenue","operator":"equal","value":1}]}'), { pointer: '/all/0/__proto__', code: 'RULE.FORBIDDEN_KEY' }],
    ['constructor as fact', { all: [leaf('constructor', 'equal', 1)] }, { pointer: '/all/0/fact', code: 'RULE.UNKNOWN_FACT' }],
  ])('%s', (_name, rule, expected) => {
    expect(errorsOf(rule)).toContainEqual(expected);
  });

  it('reports errors with Chinese messages naming the problem', () => {
    const r = validateRule({ all: [ok, ok, leaf('foo', 'equal', 1), leaf('revenue', 'greaterThan', '100')] }, registry);
    expect(r.ok).toBe(false);
    const messages = r.ok ? [] : r.errors.map((e) => e.message);
    expect(messages[0]).toBe('未知的条件项“foo”');
    expect(messages[1]).toContain('营业收入');
    expect(messages[1]).toContain('以分为单位的整数金额');
  });

  it('refuses too deep a rule (depth 13)', () => {
    let rule: unknown = ok;
    for (let i = 0; i < 12; i += 1) rule = { all: [rule] };
    expect(errorsOf(rule)).toEqual([{ pointer: '/all/0'.repeat(12), code: 'RULE.TOO_DEEP' }]);
    let shallow: unknown = ok;
    for (let i = 0; i < 11; i += 1) shallow = { not: shallow };
    expect(errorsOf(shallow)).toEqual([]);
  });

  // How fast the refusal is, is measured by `npm run bench:rules` (row "validation"), not here.
  it('refuses a rule 10,000 levels deep without a stack overflow', () => {
    let rule: unknown = ok;
    for (let i = 0; i < 10_000; i += 1) rule = { not: rule };
    expect(errorsOf(rule).map((e) => e.code)).toEqual(['RULE.TOO_DEEP']);
    // The same rule as JSON text is refused by size before being parsed.
    const text = '{"not":'.repeat(10_000) + JSON.stringify(ok) + '}'.repeat(10_000);
    const parsed = parseRule(text, registry);
    expect(parsed.ok ? [] : parsed.errors.map((e) => e.code)).toEqual(['RULE.TOO_LARGE']);
  });

  it('refuses more than 200 conditions', () => {
    const rule = { any: Array.from({ length: 250 }, () => ok) };
    expect(errorsOf(rule)).toContainEqual({ pointer: expect.stringMatching(/^\/any\/\d+$/), code: 'RULE.TOO_MANY_CONDITIONS' });
  });

  it('refuses oversized JSON and invalid JSON text', () => {
    const big = JSON.stringify({ all: [leaf('scale', 'in', ['small'])] }).padEnd(70_000, ' ');
    expect(parseRule(big, registry)).toMatchObject({ ok: false, errors: [{ code: 'RULE.TOO_LARGE' }] });
    expect(parseRule('{"all": [', registry)).toMatchObject({ ok: false, errors: [{ code: 'RULE.INVALID_JSON' }] });
    expect(parseRule(JSON.stringify({ all: [ok] }), registry).ok).toBe(true);
  });
});
