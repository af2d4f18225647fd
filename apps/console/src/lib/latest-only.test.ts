import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLatestOnly, debounce, latestOnly } from './latest-only';

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

  it('leading: a call after a quiet spell runs at once; the burst that follows collapses into one trailing call', () => {
    vi.useFakeTimers();
    const seen: number[] = [];
    const d = debounce((n: number) => seen.push(n), 80, { leading: true });
    d(1);
    expect(seen).toEqual([1]); // a single key press is answered without waiting
    d(2);
    d(3);
    vi.advanceTimersByTime(79);
    expect(seen).toEqual([1]);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual([1, 3]);
    vi.advanceTimersByTime(200);
    expect(seen).toEqual([1, 3]); // no trailing call repeats the last one
    d(4);
    vi.advanceTimersByTime(100);
    expect(seen).toEqual([1, 3, 4]); // a lone call after the quiet spell: leading only, no trailing twin
    d(5);
    d(6);
    d.cancel();
    vi.advanceTimersByTime(200);
    expect(seen).toEqual([1, 3, 4, 5]);
    vi.useRealTimers();
  });
});


/** A promise resolved from the test, to finish requests in any order. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('createLatestOnly', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('waits for a pause in editing: three quick changes make one request, with the last input', () => {
    const run = vi.fn(() => new Promise<number>(() => {}));
    const live = createLatestOnly({ delayMs: 300, run, onResult: vi.fn() });
    live.request('a');
    vi.advanceTimersByTime(200);
    live.request('b');
    vi.advanceTimersByTime(200);
    live.request('c');
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(300);
    expect(run).toHaveBeenCalledTimes(1);
    expect(run).toHaveBeenCalledWith('c');
  });

  it('a slow older answer arriving after a newer one is never shown', async () => {
    const answers = { old: deferred<number>(), new: deferred<number>() };
    const run = vi.fn((input: 'old' | 'new') => answers[input].promise);
    const onResult = vi.fn();
    const live = createLatestOnly({ delayMs: 300, run, onResult });
    live.request('old');
    vi.advanceTimersByTime(300);
    live.request('new');
    vi.advanceTimersByTime(300);
    expect(run).toHaveBeenCalledTimes(2);

    answers.new.resolve(20);
    await vi.runAllTimersAsync();
    answers.old.resolve(10);
    await vi.runAllTimersAsync();

    expect(onResult).toHaveBeenCalledTimes(1);
    expect(onResult).toHaveBeenCalledWith(20, 'new');
  });

  it('an older answer arriving before the newer one is dropped too (the newer is on its way)', async () => {
    const answers = { old: deferred<number>(), new: deferred<number>() };
    const onResult = vi.fn();
    const onPending = vi.fn();
    const live = createLatestOnly({ delayMs: 300, run: (i: 'old' | 'new') => answers[i].promise, onResult, onPending });
    live.request('old');
    vi.advanceTimersByTime(300);
    live.request('new');
    vi.advanceTimersByTime(300);
    answers.old.resolve(10);
    await vi.runAllTimersAsync();
    expect(onResult).not.toHaveBeenCalled();
    expect(onPending).not.toHaveBeenLastCalledWith(false);
    answers.new.resolve(20);
    await vi.runAllTimersAsync();
    expect(onResult).toHaveBeenCalledWith(20, 'new');
    expect(onPending).toHaveBeenLastCalledWith(false);
  });

  it('errors of stale requests are dropped; the latest error is reported', async () => {
    const answers = { old: deferred<number>(), new: deferred<number>() };
    const onError = vi.fn();
    const live = createLatestOnly({ delayMs: 300, run: (i: 'old' | 'new') => answers[i].promise, onResult: vi.fn(), onError });
    live.request('old');
    vi.advanceTimersByTime(300);
    live.request('new');
    vi.advanceTimersByTime(300);
    answers.old.reject(new Error('old'));
    answers.new.reject(new Error('new'));
    await vi.runAllTimersAsync();
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0][1]).toBe('new');
  });

  it('after cancel (the page closed) nothing runs and nothing is shown', async () => {
    const answer = deferred<number>();
    const run = vi.fn(() => answer.promise);
    const onResult = vi.fn();
    const live = createLatestOnly({ delayMs: 300, run, onResult });
    live.request('x');
    vi.advanceTimersByTime(300);
    live.request('y');
    live.cancel();
    vi.advanceTimersByTime(1000);
    answer.resolve(1);
    await vi.runAllTimersAsync();
    expect(run).toHaveBeenCalledTimes(1);
    expect(onResult).not.toHaveBeenCalled();
  });
});
