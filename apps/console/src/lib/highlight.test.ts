import { describe, expect, it } from 'vitest';
import { highlightParts } from './highlight';

describe('search highlights', () => {
  it('splits the API’s <em> marks into text parts and decodes entities, never producing markup', () => {
    expect(highlightParts('企业<em>研发</em>费用 &lt;script&gt; &amp; <em>补贴</em>')).toEqual([
      { text: '企业', hit: false },
      { text: '研发', hit: true },
      { text: '费用 <script> & ', hit: false },
      { text: '补贴', hit: true },
    ]);
    expect(highlightParts('')).toEqual([]);
  });
});
