import { highlightParts } from '../lib/highlight';

/** Text from the search API with its hits marked (rendered as text, never as HTML). */
export function Highlighted({ html }: { html: string }) {
  return (
    <>
      {highlightParts(html).map((p, i) => (p.hit ? <mark key={i} className="hit">{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </>
  );
}
