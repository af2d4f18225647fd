import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { FactDefinition } from '../api/types';
import { OUTSIDE_RULE, pointerToPath, problemsByPath, queryToRule, ruleToQuery, type BuilderGroup, type JsonRule } from './rule-json';

const FACTS: FactDefinition[] = [
  { key: 'districtCode', label: '所在区域', type: 'string', format: 'region' },
  { key: 'scale', label: '企业规模', type: 'enum', allowedValues: [{ value: 'small', label: '小型' }, { value: 'micro', label: '微型' }] },
  { key: 'revenue', label: '营业收入', type: 'money', unit: '元' },
  { key: 'rdExpense', label: '研发费用', type: 'money', unit: '元' },
  { key: 'employees', label: '从业人数', type: 'integer' },
  { key: 'establishedOn', label: '成立日期', type: 'date' },
  { key: 'tags', label: '企业标签', type: 'tags' },
  { key: 'isListed', label: '上市企业', type: 'boolean' },
];

const roundTrip = (rule: JsonRule) => queryToRule(ruleToQuery(rule, FACTS), FACTS);

describe('ruleToQuery', () => {
  it('opens all/any/not groups and shows money in 元', () => {
    const q = ruleToQuery(
      {
        all: [
          { fact: 'revenue', operator: 'greaterThanInclusive', value: 123456 },
          { any: [{ fact: 'tags', operator: 'hasTag', value: 'hitech' }, { not: { fact: 'isListed', operator: 'equal', value: true } }] },
          { not: { any: [{ fact: 'rdExpense', operator: 'between', value: [100, 250] }] } },
        ],
      },
      FACTS,
    );
    expect(q).toEqual({
      combinator: 'and',
      rules: [
        { field: 'revenue', operator: 'greaterThanInclusive', value: '1234.56' },
        {
          combinator: 'or',
          rules: [
            { field: 'tags', operator: 'hasTag', value: 'hitech' },
            { combinator: 'and', not: true, rules: [{ field: 'isListed', operator: 'equal', value: true }] },
          ],
        },
        { combinator: 'or', not: true, rules: [{ field: 'rdExpense', operator: 'between', value: ['1', '2.5'] }] },
      ],
    });
  });
});

describe('queryToRule', () => {
  it('stores 元 typed in the builder as integer fen, exactly', () => {
    const q: BuilderGroup = {
      combinator: 'or',
      rules: [
        { field: 'revenue', operator: 'greaterThan', value: '0.29' },
        { field: 'rdExpense', operator: 'in', value: ['1,000', '2.5'] },
        { combinator: 'and', not: true, rules: [{ field: 'employees', operator: 'lessThan', value: 10 }, { field: 'tags', operator: 'hasAnyTag', value: ['a', 'b'] }] },
      ],
    };
    expect(queryToRule(q, FACTS)).toEqual({
      any: [
        { fact: 'revenue', operator: 'greaterThan', value: 29 },
        { fact: 'rdExpense', operator: 'in', value: [100000, 250] },
        { not: { all: [{ fact: 'employees', operator: 'lessThan', value: 10 }, { fact: 'tags', operator: 'hasAnyTag', value: ['a', 'b'] }] } },
      ],
    });
  });

  it('keeps text that is not an amount as typed, so the API can point at it', () => {
    const q: BuilderGroup = { combinator: 'and', rules: [{ field: 'revenue', operator: 'equal', value: '12.345' }] };
    expect(queryToRule(q, FACTS)).toEqual({ all: [{ fact: 'revenue', operator: 'equal', value: '12.345' }] });
  });

  it('a not group with one condition is {not: condition}', () => {
    const q: BuilderGroup = { combinator: 'and', rules: [{ combinator: 'or', not: true, rules: [{ field: 'scale', operator: 'equal', value: 'micro' }] }] };
    expect(queryToRule(q, FACTS)).toEqual({ all: [{ not: { fact: 'scale', operator: 'equal', value: 'micro' } }] });
  });
});

describe('round trip', () => {
  it.each<[string, JsonRule]>([
    ['a root leaf', { fact: 'districtCode', operator: 'inRegion', value: '410105' }],
    ['not at the root', { not: { all: [{ fact: 'scale', operator: 'in', value: ['small', 'micro'] }, { fact: 'employees', operator: 'greaterThan', value: 3 }] } }],
    ['double negation', { all: [{ not: { not: { fact: 'isListed', operator: 'equal', value: false } } }] }],
    ['nested groups', { any: [{ all: [{ any: [{ fact: 'establishedOn', operator: 'dateOnOrAfter', value: '2021-01-01' }] }] }, { fact: 'revenue', operator: 'between', value: [1, 9007199254740991] }] }],
    ['region lists and strings', { all: [{ fact: 'districtCode', operator: 'inRegion', value: ['4101', '410105'] }, { fact: 'districtCode', operator: 'inRegion', value: '4101' }] }],
  ])('%s opens and saves unchanged', (_name, rule) => {
    expect(roundTrip(rule)).toEqual(rule);
  });

  it('every rule of the YAML import examples opens and saves unchanged', () => {
    const file = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../config/policies/demo-policies.yaml');
    const doc = load(readFileSync(file, 'utf8')) as { policies: Array<{ items: Array<{ code: string; rule: JsonRule }> }> };
    const rules = doc.policies.flatMap((p) => p.items);
    expect(rules.length).toBeGreaterThan(10);
    // the whole registry of the examples: every fact the YAML uses, money ones as money
    const money = new Set(['revenue', 'rdExpense', 'registeredCapital', 'taxPaid', 'exports']);
    const facts: FactDefinition[] = [...new Set(JSON.stringify(doc).match(/"fact":"\w+"/g)!.map((m) => m.slice(8, -1)))].map((key) => ({
      key,
      label: key,
      type: money.has(key) ? 'money' : 'string',
    }));
    for (const it of rules) {
      const q = ruleToQuery(it.rule, facts);
      expect(JSON.stringify(q)).not.toContain('"value":1000000'); // money is shown in 元, not fen
      expect(queryToRule(q, facts), it.code).toEqual(it.rule);
    }
  });
});

describe('API problems at the condition they point to', () => {
  const rule: JsonRule = {
    all: [
      { fact: 'revenue', operator: 'greaterThan', value: 1 },
      { any: [{ fact: 'tags', operator: 'hasTag', value: '' }, { not: { fact: 'scale', operator: 'equal', value: 'x' } }] },
      { not: { all: [{ fact: 'employees', operator: 'lessThan', value: 'ten' }] } },
    ],
  };

  it('maps JSON pointers to builder paths', () => {
    expect(pointerToPath(rule, '/all/0/value')).toEqual([0]);
    expect(pointerToPath(rule, '/all/1/any/0/value')).toEqual([1, 0]);
    expect(pointerToPath(rule, '/all/1/any/1/not/value')).toEqual([1, 1, 0]);
    expect(pointerToPath(rule, '/all/2/not/all/0/value')).toEqual([2, 0]);
    expect(pointerToPath(rule, '/all/1/any')).toEqual([1]);
    expect(pointerToPath(rule, '')).toEqual([]);
    expect(pointerToPath(rule, '/all/9/value')).toEqual([]);
    expect(pointerToPath({ fact: 'revenue', operator: 'equal', value: 'x' }, '/value')).toEqual([0]);
  });

  it('the builder path of each pointer is where ruleToQuery put that condition', () => {
    const q = ruleToQuery(rule, FACTS);
    const at = (path: number[]) => path.reduce<unknown>((node, i) => (node as BuilderGroup).rules[i], q);
    expect(at(pointerToPath(rule, '/all/1/any/1/not/value'))).toEqual({ field: 'scale', operator: 'equal', value: 'x' });
    expect(at(pointerToPath(rule, '/all/2/not/all/0/value'))).toEqual({ field: 'employees', operator: 'lessThan', value: 'ten' });
  });

  it('groups the messages of an error response by path', () => {
    const details = {
      errors: [
        { pointer: '/rule/all/1/any/0/value', code: 'RULE.INVALID_VALUE', message: '“企业标签”的比较值应为非空文本' },
        { pointer: '/rule/all/1/any/0/value', code: 'X', message: '第二条' },
        { pointer: '/rule', code: 'RULE.UNSATISFIABLE', message: '申报条件相互矛盾' },
        { pointer: '/formula/rate', code: 'FORMULA.INVALID_RATE', message: '比例不对' },
      ],
    };
    const m = problemsByPath(rule, details);
    expect(m.get('1.0')).toEqual(['“企业标签”的比较值应为非空文本', '第二条']);
    expect(m.get('')).toEqual(['申报条件相互矛盾']);
    expect(m.get(OUTSIDE_RULE)).toEqual(['比例不对']);
    expect(problemsByPath(rule, { at: '/base/rule', errors: [{ pointer: '/all/0/value', message: 'x' }] }, '').get('0')).toEqual(['x']);
    expect(problemsByPath(rule, null).size).toBe(0);
  });
});
