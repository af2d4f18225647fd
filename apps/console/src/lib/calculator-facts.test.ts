import { describe, expect, it } from 'vitest';
import type { FactDefinition } from '../api/types';
import { calculatorFields, describeFacts, fieldKind, toCalculatorFacts } from './calculator-facts';

const facts: FactDefinition[] = [
  { key: 'name', label: '企业名称', type: 'string' },
  { key: 'districtCode', label: '所在区域', type: 'string', format: 'region' },
  { key: 'scale', label: '企业规模', type: 'enum', allowedValues: [{ value: 'small', label: '小型' }] },
  { key: 'establishedOn', label: '成立日期', type: 'date' },
  { key: 'employees', label: '从业人数', type: 'integer', unit: '人' },
  { key: 'revenue', label: '营业收入', type: 'money', unit: '元' },
  { key: 'rdIntensity', label: '研发投入强度', type: 'number', unit: '%' },
  { key: 'tags', label: '企业标签', type: 'tags' },
  { key: 'isListed', label: '上市企业', type: 'boolean' },
];

describe('calculator form ↔ API facts', () => {
  it('builds one field per fact except the name, with a widget per type', () => {
    expect(calculatorFields(facts).map((f) => [f.key, fieldKind(f)])).toEqual([
      ['districtCode', 'region'], ['scale', 'enum'], ['establishedOn', 'date'], ['employees', 'integer'], ['revenue', 'money'],
      ['rdIntensity', 'number'], ['tags', 'tags'], ['isListed', 'boolean'],
    ]);
  });

  it('sends money in fen, numbers as numbers, and leaves empty fields out', () => {
    const out = toCalculatorFacts(
      { districtCode: '410105', revenue: '30000000.5', employees: '40', rdIntensity: 3.5, tags: ['hitech'], isListed: 'false', scale: undefined, establishedOn: { format: () => '2020-05-01' }, name: 'x' },
      calculatorFields(facts),
    );
    expect(out).toEqual({ districtCode: '410105', revenue: 3_000_000_050, employees: 40, rdIntensity: 3.5, tags: ['hitech'], isListed: false, establishedOn: '2020-05-01' });
  });

  it('refuses a fractional head count and a malformed amount with Chinese messages', () => {
    expect(() => toCalculatorFacts({ employees: '3.5' }, facts)).toThrow('“从业人数”须为整数');
    expect(() => toCalculatorFacts({ revenue: '1.234' }, facts)).toThrow('最多两位小数');
  });

  it('describes the input back in words for the report', () => {
    expect(describeFacts({ revenue: 3_000_000_000, tags: ['hitech'], districtCode: '410105', isListed: false }, facts, {
      tags: new Map([['hitech', '高新技术企业']]), codes: new Map([['410105', '金水区']]),
    })).toEqual([['所在区域', '金水区'], ['营业收入', '3,000万元'], ['企业标签', '高新技术企业'], ['上市企业', '否']]);
  });
});
