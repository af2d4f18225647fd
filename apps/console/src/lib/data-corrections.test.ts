import { describe, expect, it } from 'vitest';
import { disputable, enteredValueText, provenanceText, storedValueText, toFactValue, type FactProvenance } from './data-corrections';

const sourced: FactProvenance = { fact: 'employees', label: '从业人数', via: 'source', source: 'social', sourceName: '人社部门社保参保数据', recordId: 'S-1', fetchedAt: '2026-12-01T02:00:00Z', version: 2 };
const imported: FactProvenance = { fact: 'revenue', label: '营业收入', via: 'import', source: null, sourceName: '税务（文件导入）', recordId: null, fetchedAt: null, version: null };

describe('provenance on the profile', () => {
  it('lets a firm dispute only what a data source supplied', () => {
    expect(disputable(sourced)).toBe(true);
    expect(disputable({ ...sourced, via: 'correction' })).toBe(true);
    expect(disputable(imported)).toBe(false);
    expect(disputable({ ...sourced, via: 'person', source: null })).toBe(false);
    expect(disputable(undefined)).toBe(false);
  });
  it('says where the value came from', () => {
    expect(provenanceText(sourced)).toMatch(/^来源：人社部门社保参保数据（记录 S-1，2026\/12\/1）$/);
    expect(provenanceText(imported)).toBe('来源：税务（文件导入）');
    expect(provenanceText({ ...sourced, via: 'correction' })).toContain('数据异议更正');
  });
});

describe('values of a correction', () => {
  it('reads typed values as the import file does', () => {
    expect(toFactValue(' 86 ', { type: 'integer', label: '从业人数' })).toBe(86);
    expect(toFactValue('1,234.5', { type: 'money', label: '营业收入' })).toBe(1234.5);
    expect(toFactValue('', { type: 'integer', label: '从业人数' })).toBeUndefined();
    expect(() => toFactValue('很多', { type: 'integer', label: '从业人数' })).toThrow('“从业人数”须为数字');
    expect(() => toFactValue('8.5', { type: 'integer', label: '从业人数' })).toThrow('须为整数');
    expect(toFactValue('a、b', { type: 'tags', label: '标签' })).toEqual(['a', 'b']);
  });
  it('shows entered (元) and stored (分) values in words', () => {
    expect(enteredValueText(1234.5, { type: 'money' })).toBe('1234.5元');
    expect(enteredValueText(86, { type: 'integer', unit: '人' })).toBe('86人');
    expect(enteredValueText(null, undefined)).toBe('—');
    expect(storedValueText(86, { key: 'employees', label: '从业人数', type: 'integer', unit: '人' })).toBe('86人');
    expect(storedValueText(null, undefined)).toBe('—');
  });
});
