import { describe, expect, it, vi } from 'vitest';
import { debounce, latestOnly } from './latest-only';

describe('latestOnly', () => {
  it('keeps only the answer of the newest request', () => {
    const l = latestOnly();
    const first = l.next();
    const second = l.next();
    expect(l.isCurrent(first)).toBe(false);
    expect(l.isCurrent(second)).toBe(true);
  });
});

describe('debounce', () => {
  it('runs once with the last arguments after the quiet period', () => {
    vi.useFakeTimers();
    const seen: number[] = [];
    const d = debounce((n: number) => seen.push(n), 200);
    d(1);
    d(2);
    vi.advanceTimersByTime(199);
    expect(seen).toEqual([]);
    d(3);
    vi.advanceTimersByTime(200);
    expect(seen).toEqual([3]);
    d(4);
    d.cancel();
    vi.advanceTimersByTime(500);
    expect(seen).toEqual([3]);
    vi.useRealTimers();
  });
});
