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

/** Calls `fn` once `ms` after the last call (the arguments of the last call win). */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): { (...args: A): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const d = (...args: A) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fn(...args);
    }, ms);
  };
  d.cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return d;
}
