/**
 * Words a query treats as the same (applied at query time, so the table can change without
 * re-indexing). Keep groups small and about one meaning: a group is OR'ed into every query word
 * that equals one of its members.
 */
export const SEARCH_SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['补贴', '补助', '资助', '奖补', '奖励'], // 奖补 — subsidies and awards
  ['减免', '减征', '免征'], // tax and fee reductions
  ['人才', '人员'],
  ['外贸', '进出口'],
  ['研发', '研究开发'],
  ['贷款', '信贷'],
  ['贴息', '利息补贴'],
  ['小微企业', '中小企业'],
  ['高新技术企业', '高企'],
];

const byWord = new Map<string, readonly string[]>();
for (const group of SEARCH_SYNONYM_GROUPS) for (const w of group) byWord.set(w, group);

/** The word's synonyms, itself first; just the word when it has none. */
export function synonymsOf(word: string): string[] {
  const group = byWord.get(word);
  return group ? [word, ...group.filter((w) => w !== word)] : [word];
}
