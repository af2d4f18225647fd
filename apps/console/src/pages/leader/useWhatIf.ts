import { useEffect, useMemo, useRef, useState } from 'react';
import { api, call } from '../../api/client';
import type { ScenarioDefinition, WhatIfAnswer } from '../../api/types';
import { debounce, latestOnly } from '../../lib/latest-only';
import { markAnswer } from '../../lib/sandbox-perf';

/**
 * Quiet time after the last slider move before asking the API again. A move after a quiet spell
 * (a click, a key press) is asked at once (leading edge); the moves of a drag that follow within
 * this time collapse into one request for where the slider stopped. It is part of what the leader
 * waits for (bench:console-speed measures input → charts drawn, target p95 ≤ 300 ms); stale
 * answers are dropped anyway (latestOnly).
 */
export const WHAT_IF_DEBOUNCE_MS = 80;

/**
 * 情景推演 for the definition as it changes: debounced, and an answer is applied only while it is
 * the newest request's (a slow answer to an older position never overwrites a newer one). The
 * previous answer stays on screen while the next is on its way.
 */
export function useWhatIf(definition: ScenarioDefinition | null) {
  const [answer, setAnswer] = useState<WhatIfAnswer | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const generations = useRef(latestOnly());
  const key = definition ? JSON.stringify(definition) : null;

  const run = useMemo(
    () =>
      debounce((json: string) => {
        const gen = generations.current.next();
        call(api.POST('/api/v1/sandbox/what-if', { body: JSON.parse(json) as ScenarioDefinition })).then(
          (a) => {
            if (!generations.current.isCurrent(gen)) return;
            markAnswer();
            setAnswer(a);
            setError(null);
            setPending(false);
          },
          (e: unknown) => {
            if (!generations.current.isCurrent(gen)) return;
            setError(e);
            setPending(false);
          },
        );
      }, WHAT_IF_DEBOUNCE_MS, { leading: true }),
    [],
  );

  useEffect(() => {
    if (key === null) {
      generations.current.next(); // anything in flight is now stale
      setAnswer(null);
      setPending(false);
      return;
    }
    setPending(true);
    run(key);
  }, [key, run]);

  useEffect(() => () => run.cancel(), [run]);

  return { answer, error, pending };
}
