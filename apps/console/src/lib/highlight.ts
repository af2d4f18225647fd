/**
 * Search highlights arrive as HTML from the API: the text escaped, hits wrapped in <em>. Rather than
 * inject HTML, split it into plain text parts (entities decoded) that React renders as text.
 */
export interface HighlightPart {
  text: string;
  hit: boolean;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]);

export function highlightParts(html: string): HighlightPart[] {
  const parts: HighlightPart[] = [];
  const re = /<em>([\s\S]*?)<\/em>/g;
  let at = 0;
  for (const m of html.matchAll(re)) {
    const start = m.index ?? 0;
    if (start > at) parts.push({ text: decode(html.slice(at, start)), hit: false });
    parts.push({ text: decode(m[1]), hit: true });
    at = start + m[0].length;
  }
  if (at < html.length) parts.push({ text: decode(html.slice(at)), hit: false });
  return parts;
}
