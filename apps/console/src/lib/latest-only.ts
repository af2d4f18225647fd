/**
 * Drops stale answers: each `next()` starts a request generation; `isCurrent(gen)` says whether
 * the answer of that generation is still the one wanted (no newer request started since). Used by
 * the sandbox, where a slider fires requests faster than the API answers and an old answer must
 * never overwrite a newer one.
 */
export function latestOnly() {
  let current = 0;
  return {
    next: () => ++current,
    isCurrent: (gen: number) => gen === current,
  };
}

/**
 * Calls `fn` once `ms` after the last call (the arguments of the last call win). With `leading`, a
 * call after a quiet spell of `ms` runs at once (a single click or key press is answered without
 * waiting), and the calls that follow within the window collapse into one trailing call as usual.
 */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number, opts: { leading?: boolean } = {}): { (...args: A): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: A | undefined;
  const d = (...args: A) => {
    if (opts.leading && timer === undefined) {
      pending = undefined;
      fn(...args);
    } else {
      pending = args;
    }
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      const last = pending;
      pending = undefined;
      if (last) fn(...last);
    }, ms);
  };
  d.cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    pending = undefined;
  };
  return d;
}

/**
 * Live answers while someone edits (the rule builder's count of matching firms): each change waits
 * `delayMs` for the next one (debounce), and an answer is shown only if no newer request was made
 * after it started — a slow old answer never overwrites a newer one.
 *
 *   const live = createLatestOnly({ delayMs: 300, run: (rule) => whatIf(rule), onResult, onError });
 *   live.request(rule);   // on every edit
 *   live.cancel();        // on unmount
 */
export interface LatestOnlyOptions<I, O> {
  delayMs: number;
  run: (input: I) => Promise<O>;
  onResult: (output: O, input: I) => void;
  onError?: (error: unknown, input: I) => void;
  /** Called when a request starts waiting or running (for a spinner), and when its answer is in. */
  onPending?: (pending: boolean) => void;
}

export interface LatestOnly<I> {
  request(input: I): void;
  cancel(): void;
}

export function createLatestOnly<I, O>(opts: LatestOnlyOptions<I, O>): LatestOnly<I> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;
  const clear = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return {
    request(input) {
      clear();
      const mine = ++generation;
      opts.onPending?.(true);
      timer = setTimeout(() => {
        timer = undefined;
        opts.run(input).then(
          (out) => {
            if (mine !== generation) return;
            opts.onResult(out, input);
            opts.onPending?.(false);
          },
          (err: unknown) => {
            if (mine !== generation) return;
            opts.onError?.(err, input);
            opts.onPending?.(false);
          },
        );
      }, opts.delayMs);
    },
    cancel() {
      clear();
      generation += 1;
    },
  };
}
