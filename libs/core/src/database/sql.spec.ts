import { copyText } from './sql';

describe('copyText (a value in COPY text format)', () => {
  it('writes null as \\N and escapes what COPY would read as a separator or an escape', () => {
    expect(copyText(null)).toBe('\\N');
    expect(copyText(undefined)).toBe('\\N');
    expect(copyText('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyText(JSON.stringify({ note: '引号"与\\反斜杠' }))).toBe('{"note":"引号\\\\"与\\\\\\\\反斜杠"}');
  });

  it('leaves plain values as they are', () => {
    expect(copyText('数据共享：税务部门共享数据')).toBe('数据共享：税务部门共享数据');
    expect(copyText(42)).toBe('42');
    expect(copyText(false)).toBe('false');
  });
});
