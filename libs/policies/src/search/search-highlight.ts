import { escapeHtml } from '@app/core';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function matcher(words: readonly string[]): RegExp | null {
  const parts = [...new Set(words.filter((w) => w.length > 0))].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return parts.length ? new RegExp(parts.join('|'), 'giu') : null;
}

/**
 * The text, HTML-escaped, with every occurrence of the words wrapped in <em>…</em> (adjacent hits
 * merged). Done here rather than by the search engine because the engines see pre-segmented
 * tokens, not the text people read; one highlighter also keeps both backends' output identical.
 */
export function highlightText(text: string, words: readonly string[]): string {
  const re = matcher(words);
  if (!re || !text) return escapeHtml(text);
  const ranges: Array<[number, number]> = [];
  for (const m of text.matchAll(re)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    const last = ranges[ranges.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else ranges.push([start, end]);
  }
  let out = '';
  let at = 0;
  for (const [s, e] of ranges) {
    out += `${escapeHtml(text.slice(at, s))}<em>${escapeHtml(text.slice(s, e))}</em>`;
    at = e;
  }
  return out + escapeHtml(text.slice(at));
}

const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;
const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;

/** A window of about `width` characters of the text around the first hit, highlighted. */
export function highlightSnippet(text: string, words: readonly string[], width = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (!flat) return '';
  const re = matcher(words);
  const first = re ? (re.exec(flat)?.index ?? -1) : -1;
  let start = first < 0 ? 0 : Math.max(0, first - Math.floor(width / 4));
  let end = Math.min(flat.length, start + width);
  if (end - start < width) start = Math.max(0, end - width);
  if (start > 0 && isLowSurrogate(flat.charCodeAt(start))) start += 1;
  if (end < flat.length && isHighSurrogate(flat.charCodeAt(end - 1))) end -= 1;
  return `${start > 0 ? '…' : ''}${highlightText(flat.slice(start, end), words)}${end < flat.length ? '…' : ''}`;
}
