import { DomainError } from '@app/core';
import { highlightWords, MAX_QUERY_LENGTH, parseSearchText, quoteTsLexeme, toExactTsQuery, toTsQuery } from './search-query';
import { synonymsOf } from './search-synonyms';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof DomainError ? { code: e.code, details: e.details } : String(e);
  }
  return null;
};

describe('parseSearchText', () => {
  it('splits Chinese into words and adds synonyms to each word (AND of ORs)', () => {
    const terms = parseSearchText('研发 补贴');
    expect(terms.map((t) => t.word)).toEqual(['研发', '补贴']);
    expect(terms[0].alternatives).toEqual([
      { surface: '研发', tokens: ['研发'] },
      { surface: '研究开发', tokens: ['研究', '开发'] },
    ]);
    expect(terms[1].alternatives.map((a) => a.surface)).toEqual(['补贴', '补助', '资助', '奖补', '奖励']);
    // 奖补 is not one jieba word: it matches when both characters do
    expect(terms[1].alternatives.find((a) => a.surface === '奖补')?.tokens).toEqual(['奖', '补']);
  });

  it('segments unspaced text the same way as the index', () => {
    expect(parseSearchText('研发费用补助').map((t) => t.word)).toEqual(['研发', '费用', '补助']);
  });

  it('keeps one- and two-character queries (single characters are indexed)', () => {
    expect(parseSearchText('研')).toEqual([{ word: '研', alternatives: [{ surface: '研', tokens: ['研'] }] }]);
    expect(parseSearchText('外贸')[0].alternatives.map((a) => a.surface)).toEqual(['外贸', '进出口']);
    expect(parseSearchText('研补').map((t) => t.word)).toEqual(['研', '补']);
  });

  it('control characters separate words instead of reaching the database', () => {
    expect(parseSearchText('研发\u0000补贴\u0007').map((t) => t.word)).toEqual(['研发', '补贴']);
  });

  it('lower-cases, drops punctuation and repeated words', () => {
    expect(parseSearchText('AI，AI！ 补贴').map((t) => t.word)).toEqual(['ai', '补贴']);
    expect(parseSearchText('&&& ||| !!!')).toEqual([]);
  });

  it('refuses over-long text with a coded error', () => {
    expect(codeOf(() => parseSearchText('研'.repeat(MAX_QUERY_LENGTH + 1)))).toEqual({ code: 'SEARCH.INVALID_QUERY', details: { reason: 'too_long', max: MAX_QUERY_LENGTH } });
    const manyWords = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('').join(' ');
    expect(codeOf(() => parseSearchText(manyWords))).toMatchObject({ code: 'SEARCH.INVALID_QUERY', details: { reason: 'too_many_words' } });
  });
});

describe('synonymsOf', () => {
  it('puts the word first, then its group', () => {
    expect(synonymsOf('免征')).toEqual(['免征', '减免', '减征']);
    expect(synonymsOf('人才')).toEqual(['人才', '人员']);
    expect(synonymsOf('研究')).toEqual(['研究']);
  });
});

describe('toTsQuery', () => {
  it('builds AND of synonym ORs with every token quoted', () => {
    expect(toTsQuery(parseSearchText('研发 补贴'))).toBe(
      `('研发' | ('研究' & '开发')) & ('补贴' | '补助' | '资助' | ('奖' & '补') | '奖励')`,
    );
    expect(toTsQuery(parseSearchText('研'))).toBe(`'研'`);
  });

  it('the exact query keeps only the words as typed, when any has synonyms', () => {
    expect(toExactTsQuery(parseSearchText('研发 补贴'))).toBe(`'研发' & '补贴'`);
    expect(toExactTsQuery(parseSearchText('费用'))).toBeNull();
  });

  it('quotes tsquery syntax as text: quotes doubled, backslashes escaped', () => {
    expect(quoteTsLexeme(`it's`)).toBe(`'it''s'`);
    expect(quoteTsLexeme(`a\\b`)).toBe(`'a\\\\b'`);
    expect(quoteTsLexeme(`x:*`)).toBe(`'x:*'`);
    expect(quoteTsLexeme(`') | ! ('`)).toBe(`''') | ! ('''`);
  });

  it('hostile input reaches tsquery only as quoted operands', () => {
    const terms = parseSearchText(`a & | ! ( ' :*`);
    expect(toTsQuery(terms)).toBe(`'a'`);
    // A term built by hand with syntax inside: still one quoted operand per token.
    const q = toTsQuery([{ word: `x'&y`, alternatives: [{ surface: `x'&y`, tokens: [`x'&y`, `z:*`] }] }]);
    expect(q).toBe(`('x''&y' & 'z:*')`);
    // Outside quotes only our own operators remain.
    expect(q.replace(/'(?:[^'\\]|''|\\.)*'/g, 'L')).toBe('(L & L)');
  });
});

describe('highlightWords', () => {
  it('lists each surface form once, longest first', () => {
    const words = highlightWords(parseSearchText('研发 补贴'));
    expect(words[0]).toBe('研究开发');
    expect([...words].sort()).toEqual(['奖励', '奖补', '研发', '研究开发', '补助', '补贴', '资助'].sort());
  });
});
