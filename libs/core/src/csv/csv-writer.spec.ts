import { parse } from 'csv-parse/sync';
import { neutralizeCsvCell, writeCsv } from './csv-writer';

describe('CSV writer', () => {
  it.each([
    ['-1+cmd|\' /C calc\'!A0', "'-1+cmd|' /C calc'!A0"],
    ['=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'],
    ['+86 138', "'+86 138"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['-0x1F', "'-0x1F"],
    ['-Infinity', "'-Infinity"],
  ])('neutralizes a formula-like cell %j', (input, expected) => {
    expect(neutralizeCsvCell(input)).toBe(expected);
  });

  it.each(['-12', '-1234.56', '+5', '3.5e3', '-.5', '0', '郑州甲科技有限公司', 'a=b', ''])('keeps %j as it is', (input) => {
    expect(neutralizeCsvCell(input)).toBe(input);
  });

  it('numbers, null and undefined become plain text', () => {
    expect([-3, 0, null, undefined].map(neutralizeCsvCell)).toEqual(['-3', '0', '', '']);
  });

  it('quotes what needs quoting and round-trips through a CSV reader', () => {
    const rows = [['名称', 'x,y', 'say "hi"', 'two\nlines', '-1+cmd|x'], [], ['-5', '=1']];
    const text = writeCsv(rows);
    expect(text.startsWith('\uFEFF')).toBe(true);
    const back = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
    expect(back[0]).toEqual(['名称', 'x,y', 'say "hi"', 'two\nlines', "'-1+cmd|x"]);
    expect(back[2]).toEqual(['-5', "'=1"]);
  });
});
