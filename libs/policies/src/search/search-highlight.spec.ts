import { highlightSnippet, highlightText } from './search-highlight';

describe('highlightText', () => {
  it('wraps every occurrence, longest word first', () => {
    expect(highlightText('研发费用补助（研发）', ['研发', '研发费用'])).toBe('<em>研发费用</em>补助（<em>研发</em>）');
  });

  it('merges adjacent hits and ignores case', () => {
    expect(highlightText('研发补助 AI', ['研发', '补助', 'ai'])).toBe('<em>研发补助</em> <em>AI</em>');
  });

  it('escapes HTML in the text and treats words literally', () => {
    expect(highlightText('<b>补贴</b> & a.b', ['补贴', '.'])).toBe('&lt;b&gt;<em>补贴</em>&lt;/b&gt; &amp; a<em>.</em>b');
    expect(highlightText('x(y', ['('])).toBe('x<em>(</em>y');
    expect(highlightText('无命中', [])).toBe('无命中');
  });
});

describe('highlightSnippet', () => {
  const text = `${'前言'.repeat(60)}对高新技术企业的研发费用给予补助。${'后记'.repeat(60)}`;

  it('shows a window around the first hit with ellipses', () => {
    const s = highlightSnippet(text, ['研发'], 40);
    expect(s.startsWith('…')).toBe(true);
    expect(s.endsWith('…')).toBe(true);
    expect(s).toContain('<em>研发</em>费用');
    expect(s.replace(/<\/?em>|…/g, '')).toHaveLength(40);
  });

  it('starts at the beginning when nothing matches, and flattens whitespace', () => {
    expect(highlightSnippet('第一条\n\n  第二条', ['无'], 40)).toBe('第一条 第二条');
    expect(highlightSnippet('', ['研发'])).toBe('');
  });

  it('never cuts a surrogate pair', () => {
    const s = highlightSnippet(`${'😀'.repeat(30)}研发`, ['研发'], 11);
    expect(s).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
  });
});
