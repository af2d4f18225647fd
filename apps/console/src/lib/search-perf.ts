/**
 * Performance marks of the public policy search, for the speed benchmark (`npm run
 * bench:console-speed` reads `performance.getEntriesByName(SEARCH_PERF.measure)`):
 *
 *   search:input            the user submitted a query (search box / Enter)
 *   search:rendered         the results of that query are on the page (committed to the DOM)
 *   search:input→rendered   measure: query → results shown (what the visitor waits for)
 *
 * Each query clears the previous marks, so one measure describes one search; the results of an
 * older query (or the previous page kept as placeholder) never end the measure.
 */
export const SEARCH_PERF = {
  input: 'search:input',
  rendered: 'search:rendered',
  measure: 'search:input→rendered',
} as const;

const perf = (): Performance | undefined => (typeof performance !== 'undefined' && typeof performance.mark === 'function' ? performance : undefined);

let pendingQuery: string | null = null;

/** A query was submitted: starts a measure for it. */
export function markSearchInput(query: string): void {
  const p = perf();
  if (!p) return;
  p.clearMarks(SEARCH_PERF.input);
  p.clearMarks(SEARCH_PERF.rendered);
  pendingQuery = query;
  p.mark(SEARCH_PERF.input);
}

/** Results for `query` are rendered: ends the pending measure when it is for that query (once). True when measured. */
export function markSearchRendered(query: string): boolean {
  const p = perf();
  if (!p || pendingQuery === null || pendingQuery !== query) return false;
  pendingQuery = null;
  p.mark(SEARCH_PERF.rendered);
  p.measure(SEARCH_PERF.measure, SEARCH_PERF.input, SEARCH_PERF.rendered);
  return true;
}
