import { excelSerialToDate } from '../import/record-sources';
import { checkPatchTypes, parseEnterpriseRecord } from './enterprise.validation';
import { makeCreditCode } from '../credit-code/credit-code';

const row = (overrides: Record<string, unknown> = {}) => ({ creditCode: makeCreditCode('410105', 1), name: '郑州测试科技有限公司', ...overrides });
const codesOf = (r: ReturnType<typeof parseEnterpriseRecord>) => (r.ok ? [] : r.errors.map((e) => `${e.column}:${e.code}`));

describe('enterprise records at the boundary', () => {
  it('refuses negative money, revenue included', () => {
    expect(codesOf(parseEnterpriseRecord(row({ revenue: '-100' })))).toEqual(['revenue:ENTERPRISE.NEGATIVE_AMOUNT']);
    expect(codesOf(parseEnterpriseRecord(row({ taxPaid: '-1' })))).toEqual(['taxPaid:ENTERPRISE.NEGATIVE_AMOUNT']);
  });

  it('refuses days that do not exist and days outside the accepted range, with their own codes', () => {
    expect(codesOf(parseEnterpriseRecord(row({ establishedOn: '2021-02-29' })))).toEqual(['establishedOn:ENTERPRISE.INVALID_DATE']);
    expect(codesOf(parseEnterpriseRecord(row({ establishedOn: '2026-13-45' })))).toEqual(['establishedOn:ENTERPRISE.INVALID_DATE']);
    expect(codesOf(parseEnterpriseRecord(row({ establishedOn: '0099-12-31' })))).toEqual(['establishedOn:DATE.OUT_OF_RANGE']);
    expect(codesOf(parseEnterpriseRecord(row({ creditSince: '0000-02-29' })))).toEqual(['creditSince:DATE.OUT_OF_RANGE']);
    expect(parseEnterpriseRecord(row({ establishedOn: '1900-01-01' })).ok).toBe(true);
  });

  it('refuses NUL and other control characters in text', () => {
    expect(codesOf(parseEnterpriseRecord(row({ name: '郑州\u0000公司' })))).toEqual(['name:ENTERPRISE.INVALID_TEXT']);
  });

  it('a patch is typed JSON: strings for numbers, empty strings and unknown fields are refused', () => {
    const codes = (p: Record<string, unknown>) => checkPatchTypes(p).map((e) => `${e.column}:${e.code}`);
    expect(codes({ revenue: '100' })).toEqual(['revenue:FACT.WRONG_TYPE']);
    expect(codes({ isListed: 'true', employees: 1.5 })).toEqual(['isListed:FACT.WRONG_TYPE', 'employees:FACT.WRONG_TYPE']);
    expect(codes({ scale: '' })).toEqual(['scale:FACT.EMPTY']);
    expect(codes({ revenu: 1 })).toEqual(['revenu:ENTERPRISE.UNKNOWN_FIELD']);
    expect(codes({ tags: 'hitech' })).toEqual(['tags:FACT.WRONG_TYPE']);
    expect(codes({ revenue: 52000000.5, employees: 10, tags: ['hitech'], isListed: false, scale: 'small', rdIntensity: null, 营业收入: 1 })).toEqual([]);
  });

  it('reads an Excel day serial (1900 date system) as a date', () => {
    expect(excelSerialToDate(42185)).toBe('2015-06-30');
    expect(excelSerialToDate(25569)).toBe('1970-01-01');
    expect(excelSerialToDate(1)).toBe('1900-01-01');
    expect(excelSerialToDate(61)).toBe('1900-03-01');
    expect(excelSerialToDate(45351.75)).toBe('2024-02-29');
    expect(excelSerialToDate(60)).toBe(60); // Excel's 1900-02-29, which never was
  });
});
