import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';

let jieba: Jieba | undefined;

function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

const CJK = /[\u4e00-\u9fff]/;

/**
 * Text → space-separated search tokens: jieba's search-mode words plus every single Chinese
 * character, so a one- or two-character query still finds something. Lower-cased, deduplicated.
 */
export function segmentForSearch(parts: string[]): string {
  const tokens = new Set<string>();
  for (const text of parts) {
    if (!text) continue;
    for (const w of segmenter().cutForSearch(text, true)) {
      const t = w.trim().toLowerCase();
      if (!t || /^[\p{P}\p{S}]+$/u.test(t)) continue;
      tokens.add(t);
    }
    for (const ch of text) if (CJK.test(ch)) tokens.add(ch);
  }
  return [...tokens].join(' ');
}

/** Query text → words (jieba, no HMM guesses), dropping punctuation. */
export function segmentQuery(q: string): string[] {
  return segmenter()
    .cut(q, false)
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w && !/^[\p{P}\p{S}]+$/u.test(w));
}
