import { beforeEach, describe, expect, it } from 'vitest';
import { SEARCH_PERF, markSearchInput, markSearchRendered } from './search-perf';

const measures = () => performance.getEntriesByName(SEARCH_PERF.measure, 'measure');

describe('search performance marks', () => {
  beforeEach(() => {
    performance.clearMarks();
    performance.clearMeasures();
  });

  it('measures query → rendered once per query', () => {
    markSearchInput('研发');
    expect(markSearchRendered('研发')).toBe(true);
    expect(markSearchRendered('研发')).toBe(false);
    expect(measures()).toHaveLength(1);
  });

  it('ignores results of another (older) query', () => {
    markSearchInput('稳岗');
    expect(markSearchRendered('研发')).toBe(false);
    expect(measures()).toHaveLength(0);
    expect(markSearchRendered('稳岗')).toBe(true);
    expect(measures()).toHaveLength(1);
  });

  it('does nothing without a pending query', () => {
    expect(markSearchRendered('研发')).toBe(false);
    expect(measures()).toHaveLength(0);
  });
});
