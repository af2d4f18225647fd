import '../support/test-events';
import { EventBus, OutboxRelay, OutboxService, QUEUE_PORT, QueueNames, QueuePort } from '@app/core';
import { createTestApp, TestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { describeVariants, needs, Requirement } from '../support/requires';
import { waitFor } from '../support/wait-for';

/**
 * Events relayed and then lost with their queue jobs — the process holding the in-process queue
 * died, or Redis was emptied (here: a fresh queue prefix), or the database came back from a backup
 * taken between relay and handling — are relayed again once they have gone unhandled for a while,
 * and take effect once. (Before: marked relayed, they were never delivered again.)
 */
const queues: Array<{ name: string; requires?: Requirement; value: Record<string, string> }> = [
  { name: 'in-process queue: the process died', value: { REDIS_URL: '' } },
  { name: 'Bull: Redis emptied', requires: needs.redis, value: {} },
];

describeVariants('outbox: events lost with their queue jobs are relayed again (%s)', queues, (env) => {
  let db: TestDatabase;
  let lost: TestApp | undefined;
  let next: TestApp;
  const N = 40;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await lost?.close().catch(() => undefined);
    await next?.app.close();
    await db?.drop();
  });

  it('relays again what was relayed and never handled; each event takes effect once', async () => {
    // 1. a process relays N events into its queue and dies before any is handled
    lost = await createTestApp({ env, database: { ...db, drop: async () => undefined } });
    await lost.dataSource.query(`CREATE TABLE core.test_effects (event_id uuid NOT NULL, handler text NOT NULL, n int NOT NULL)`);
    const outbox = lost.app.get(OutboxService);
    await lost.dataSource.transaction((m) =>
      outbox.appendMany(
        m,
        Array.from({ length: N }, (_, n) => ({ name: 'test.happened', aggregateType: 'test', aggregateId: String(n), payload: { n } })),
      ),
    );
    await lost.app.get(OutboxRelay).drain();
    const [{ relayed }] = await lost.dataSource.query(
      `SELECT count(*)::int AS relayed FROM core.outbox_events WHERE relayed_at IS NOT NULL`,
    );
    expect(relayed).toBe(N);
    await lost.app.close(); // its queue goes with it (in-process), or is never looked at again (another Bull prefix)
    lost = undefined;

    // 2. the next process: consumes and relays, with a short redelivery delay
    next = await createTestApp({ env, database: { ...db, drop: async () => undefined } });
    next.app.get(EventBus).on('test.happened', 'effect', async (event, m) => {
      await m.query(`INSERT INTO core.test_effects (event_id, handler, n) VALUES ($1, 'effect', $2)`, [event.id, event.payload.n]);
    });
    next.app.get(EventBus).consume(4);
    next.app.get(OutboxRelay).start(50, { redeliverAfterMs: 300 });
    const handled = () =>
      next.dataSource
        .query(`SELECT count(*)::int AS n FROM core.outbox_events WHERE handled_at IS NOT NULL`)
        .then((r: Array<{ n: number }>) => r[0].n);
    expect(await waitFor(handled, (n) => n === N, 20_000, 50)).toBe(N);
    await next.app.get<QueuePort>(QUEUE_PORT).whenIdle(QueueNames.DomainEvents);
    const [effects] = await next.dataSource.query(
      `SELECT count(*)::int AS effects, count(DISTINCT n)::int AS distinct_n FROM core.test_effects`,
    );
    expect(effects).toEqual({ effects: N, distinct_n: N });
    // handled events are left alone from now on
    expect(await next.app.get(OutboxRelay).redeliver(0)).toBe(0);
    await next.app.get(OutboxRelay).stop();
  });
});
