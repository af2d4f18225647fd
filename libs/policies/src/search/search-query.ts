import { DomainError } from '@app/core';
import { segmentQuery } from '../catalog/segment';
import { synonymsOf } from './search-synonyms';
import type { SearchTerm } from './search.types';

export const MAX_QUERY_LENGTH = 100;
export const MAX_QUERY_WORDS = 32;

/**
 * Query text → terms. Every word the segmenter finds must match (AND); a word matches through
 * itself or any synonym (OR). A synonym the segmenter splits (奖补 → 奖, 补) matches when all its
 * pieces do. Single characters are words too: the index holds every Chinese character, so a
 * one- or two-character query still finds documents.
 */
export function parseSearchText(q: string): SearchTerm[] {
  if (q.length > MAX_QUERY_LENGTH) {
    throw new DomainError('SEARCH.INVALID_QUERY', `搜索词不能超过 ${MAX_QUERY_LENGTH} 个字符`, { reason: 'too_long', max: MAX_QUERY_LENGTH });
  }
  // Control characters (NUL above all) cannot reach PostgreSQL text; they separate words instead.
  const words = [...new Set(segmentQuery(q.replace(/[\p{Cc}\p{Cs}]/gu, ' ')))];
  if (words.length > MAX_QUERY_WORDS) {
    throw new DomainError('SEARCH.INVALID_QUERY', `搜索词过多（最多 ${MAX_QUERY_WORDS} 个词）`, { reason: 'too_many_words', max: MAX_QUERY_WORDS });
  }
  return words.map((word) => {
    const alternatives: SearchTerm['alternatives'] = [];
    const seen = new Set<string>();
    for (const surface of synonymsOf(word)) {
      const tokens = surface === word ? [word] : [...new Set(segmentQuery(surface))];
      const key = tokens.join(' ');
      if (tokens.length === 0 || seen.has(key)) continue;
      seen.add(key);
      alternatives.push({ surface, tokens });
    }
    return { word, alternatives };
  });
}

/**
 * One token as a quoted tsquery operand. Inside quotes tsquery syntax (& | ! ( ) : * <->) is
 * plain text; a quote is doubled and a backslash escaped, so user text never becomes an operator.
 */
export function quoteTsLexeme(token: string): string {
  return `'${token.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** Terms → the text for `to_tsquery('simple', $1)`: `('研发' | ('研究' & '开发')) & ('补贴' | …)`. */
export function toTsQuery(terms: readonly SearchTerm[]): string {
  return terms
    .map((t) => {
      const alts = t.alternatives.map((a) => (a.tokens.length === 1 ? quoteTsLexeme(a.tokens[0]) : `(${a.tokens.map(quoteTsLexeme).join(' & ')})`));
      return alts.length === 1 ? alts[0] : `(${alts.join(' | ')})`;
    })
    .join(' & ');
}

/**
 * Only the words as typed (no synonyms), or null when no word has a synonym: ranked on top of the
 * full query so an exact hit comes before a synonym hit.
 */
export function toExactTsQuery(terms: readonly SearchTerm[]): string | null {
  if (!terms.some((t) => t.alternatives.length > 1)) return null;
  return toTsQuery(terms.map((t) => ({ word: t.word, alternatives: t.alternatives.slice(0, 1) })));
}

/** What a highlighter marks: each word and each synonym as written, longest first. */
export function highlightWords(terms: readonly SearchTerm[]): string[] {
  const words = new Set<string>();
  for (const t of terms) for (const a of t.alternatives) words.add(a.surface);
  return [...words].sort((a, b) => b.length - a.length || a.localeCompare(b));
}
