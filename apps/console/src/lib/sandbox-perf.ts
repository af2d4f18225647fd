/**
 * Performance marks of the 数据沙盘, for the speed benchmark (read them with
 * `performance.getEntriesByName(SANDBOX_PERF.measure)` in the browser):
 *
 *   sandbox:input          a threshold slider (or the budget cap) moved — the leader's action
 *   sandbox:answer         the what-if answer for the newest input arrived (stale answers never mark)
 *   sandbox:drawn          every distribution chart finished drawing that answer
 *   sandbox:input→answer   measure: input → answer (debounce + network + engine)
 *   sandbox:input→drawn    measure: input → charts redrawn (what the leader waits for)
 *
 * Each input clears the previous marks, so one measure pair describes one slider move.
 */
export const SANDBOX_PERF = {
  input: 'sandbox:input',
  answer: 'sandbox:answer',
  drawn: 'sandbox:drawn',
  request: 'sandbox:input→answer',
  measure: 'sandbox:input→drawn',
} as const;

const perf = (): Performance | undefined => (typeof performance !== 'undefined' && typeof performance.mark === 'function' ? performance : undefined);

export function markInput(): void {
  const p = perf();
  if (!p) return;
  for (const name of [SANDBOX_PERF.input, SANDBOX_PERF.answer, SANDBOX_PERF.drawn]) p.clearMarks(name);
  p.mark(SANDBOX_PERF.input);
}

/** The answer arrived; true when an input mark is pending (so a measure was taken). */
export function markAnswer(): boolean {
  const p = perf();
  if (!p || p.getEntriesByName(SANDBOX_PERF.input, 'mark').length === 0) return false;
  p.mark(SANDBOX_PERF.answer);
  p.measure(SANDBOX_PERF.request, SANDBOX_PERF.input, SANDBOX_PERF.answer);
  return true;
}

/** The charts show the answer: ends the slider → charts measure (once per input). */
export function markDrawn(): void {
  const p = perf();
  if (!p || p.getEntriesByName(SANDBOX_PERF.answer, 'mark').length === 0 || p.getEntriesByName(SANDBOX_PERF.drawn, 'mark').length > 0) return;
  p.mark(SANDBOX_PERF.drawn);
  p.measure(SANDBOX_PERF.measure, SANDBOX_PERF.input, SANDBOX_PERF.drawn);
}
