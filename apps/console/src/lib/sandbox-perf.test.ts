import { beforeEach, describe, expect, it } from 'vitest';
import { markAnswer, markDrawn, markInput, SANDBOX_PERF } from './sandbox-perf';

describe('sandbox performance marks', () => {
  beforeEach(() => {
    performance.clearMarks();
    performance.clearMeasures();
  });

  it('measures input → answer → charts drawn once per input', () => {
    markInput();
    expect(markAnswer()).toBe(true);
    markDrawn();
    markDrawn(); // a second chart finishing does not measure again
    expect(performance.getEntriesByName(SANDBOX_PERF.request, 'measure')).toHaveLength(1);
    expect(performance.getEntriesByName(SANDBOX_PERF.measure, 'measure')).toHaveLength(1);
  });

  it('does not measure a draw that no input started', () => {
    expect(markAnswer()).toBe(false);
    markDrawn();
    expect(performance.getEntriesByName(SANDBOX_PERF.measure, 'measure')).toHaveLength(0);
  });
});
