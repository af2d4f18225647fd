/**
 * Polls `probe` until `accept` holds for its value (or the deadline passes), instead of sleeping a
 * fixed time before an assertion: the test waits exactly as long as the condition needs, and fails
 * with the last value seen when it never comes.
 */
export async function waitFor<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 5_000, stepMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!accept(value)) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, stepMs));
    value = await probe();
  }
  return value;
}
