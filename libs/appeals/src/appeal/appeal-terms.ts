import { Jieba, TfIdf } from '@node-rs/jieba';
import { dict, idf } from '@node-rs/jieba/dict';

let jieba: Jieba | undefined;
let tfidf: TfIdf | undefined;

/** Words every appeal says and that tell nothing about its theme. */
const STOP_WORDS = new Set([
  '企业', '公司', '问题', '希望', '我们', '需要', '协调', '解决', '反映', '情况', '相关', '部门', '政府', '有关', '帮助', '申请', '推进', '工作', '目前',
  '进行', '没有', '存在', '能够', '可以', '要求', '请求', '建议', '尽快', '办理', '支持', '提供', '导致', '影响', '一直', '已经', '今年', '去年', '我司',
  '涉及', '无法', '时间', '环节', '难题', '缓解', '急需', '较长', '缓慢',
]);

/** Parts of speech that carry a theme: nouns, verbs used as nouns, idioms and abbreviations. */
const THEME_POS = ['n', 'nr', 'ns', 'nt', 'nz', 'nw', 'vn', 'v', 'l', 'j', 'an', 'eng'];

/** How many keywords an appeal keeps. */
export const TERMS_PER_APPEAL = 8;

/**
 * An appeal's theme as jieba TF-IDF keywords of its title and text (title counted twice): what
 * similar-appeal detection and the appeals → policy themes compare. Lower-cased, stop words out.
 */
export function extractTerms(title: string, description: string, topK = TERMS_PER_APPEAL): string[] {
  jieba ??= Jieba.withDict(dict);
  tfidf ??= TfIdf.withDict(idf);
  const text = `${title}。${title}。${description}`.slice(0, 4000);
  const out: string[] = [];
  for (const k of tfidf.extractKeywords(jieba, text, topK * 2, THEME_POS)) {
    const w = k.keyword.trim().toLowerCase();
    if (w.length < 2 || STOP_WORDS.has(w) || /^[\d\p{P}\p{S}]+$/u.test(w) || out.includes(w)) continue;
    out.push(w);
    if (out.length === topK) break;
  }
  return out;
}

/** Jaccard similarity of two term sets (0 … 1). */
export function termSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const sa = new Set(a);
  let common = 0;
  for (const t of new Set(b)) if (sa.has(t)) common++;
  return common / (sa.size + new Set(b).size - common);
}
