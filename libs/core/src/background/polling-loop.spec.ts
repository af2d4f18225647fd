import { PollingLoop } from './polling-loop';

describe('PollingLoop', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('never runs two passes at once, reports a failed pass and goes on, and stop waits for the pass under way', async () => {
    let release!: () => void;
    let passes = 0;
    const errors: string[] = [];
    const loop = new PollingLoop(
      () => {
        passes += 1;
        if (passes === 1) return Promise.reject(new Error('gateway down'));
        return new Promise<void>((r) => (release = r));
      },
      (e) => errors.push(e.message),
    );
    loop.start(1000);
    loop.start(1000); // a second start adds no second timer
    await jest.advanceTimersByTimeAsync(1000);
    expect(passes).toBe(1);
    expect(errors).toEqual(['gateway down']);
    await jest.advanceTimersByTimeAsync(1000);
    expect(passes).toBe(2);
    await jest.advanceTimersByTimeAsync(5000); // the second pass is still running: no third
    expect(passes).toBe(2);
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(stopped).toBe(true);
    await jest.advanceTimersByTimeAsync(5000);
    expect(passes).toBe(2);
  });
});
