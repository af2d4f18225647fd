/**
 * Event names only the outbox and event-bus tests write: declared into the typed event map by
 * declaration merging, so the tests use the same typed API as production code.
 */
declare module '@app/contracts' {
  interface DomainEventPayloads {
    'test.happened': { n: number };
    'test.flaky': Record<string, never>;
    'test.rolled_back': Record<string, never>;
    'test.notified': { n: number };
  }
}

export {};
