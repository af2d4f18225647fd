import '../support/test-events';
import { EventBus, OutboxRelay, OutboxService, QUEUE_PORT, QueueNames, QueuePort } from '@app/core';
import { createTestApp, TestApp } from '../support/test-app';
import { describeVariants, needs } from '../support/requires';

/**
 * The relay crashes after queueing part of a batch (before marking it relayed), is restarted, and
 * re-sends the whole batch. Handlers still apply every event exactly once.
 */
// 'default' is Bull when Redis answers (in-process otherwise); the explicit in-process run only adds something next to Bull.
const queueModes = [
  { name: 'default', value: 'default' as const },
  { name: 'in-process', requires: needs.redis, value: 'in-process' as const },
];

describeVariants('outbox → queue (%s) → handlers: exactly once across a relay crash', queueModes, (mode) => {
  let t: TestApp;
  const N = 300;

  beforeAll(async () => {
    t = await createTestApp(mode === 'in-process' ? { env: { REDIS_URL: '' } } : {});
    await t.dataSource.query(`CREATE TABLE core.test_effects (event_id uuid NOT NULL, handler text NOT NULL, n int NOT NULL)`);
  });
  afterAll(async () => t?.close());

  it('applies each of N events once per handler after a crash mid-relay', async () => {
    const outbox = t.app.get(OutboxService);
    const bus = t.app.get(EventBus);
    const relay = t.app.get(OutboxRelay);
    const queue = t.app.get<QueuePort>(QUEUE_PORT);
    let calls = 0;
    for (const handler of ['count-a', 'count-b']) {
      bus.on('test.happened', handler, async (event, m) => {
        calls++;
        await m.query(`INSERT INTO core.test_effects (event_id, handler, n) VALUES ($1, $2, $3)`, [
          event.id,
          handler,
          event.payload.n,
        ]);
      });
    }
    // the change and its events commit together
    await t.dataSource.transaction(async (m) => {
      await outbox.appendMany(
        m,
        Array.from({ length: N }, (_, n) => ({ name: 'test.happened', aggregateType: 'test', aggregateId: String(n), payload: { n } })),
      );
    });

    bus.consume(4);
    relay.afterEnqueue = (_e, i) => {
      if (i === Math.floor(N / 2)) throw new Error('relay killed mid-batch');
    };
    await expect(relay.relayOnce(N)).rejects.toThrow('relay killed');
    const [{ pending }] = await t.dataSource.query(`SELECT count(*)::int AS pending FROM core.outbox_events WHERE relayed_at IS NULL`);
    expect(pending).toBe(N); // the crashed batch was rolled back: nothing marked relayed

    relay.afterEnqueue = undefined; // restart
    await relay.drain();
    await queue.whenIdle(QueueNames.DomainEvents);
    // give redelivered duplicates (Bull may have completed the first copies already) a chance to run
    await relay.drain();
    await queue.whenIdle(QueueNames.DomainEvents);

    const rows: Array<{ handler: string; events: number; total: number; distinct_n: number }> = await t.dataSource.query(
      `SELECT handler, count(*)::int AS events, count(DISTINCT event_id)::int AS total, count(DISTINCT n)::int AS distinct_n
       FROM core.test_effects GROUP BY handler ORDER BY handler`,
    );
    expect(rows).toEqual([
      { handler: 'count-a', events: N, total: N, distinct_n: N },
      { handler: 'count-b', events: N, total: N, distinct_n: N },
    ]);
    const [{ left }] = await t.dataSource.query(`SELECT count(*)::int AS left FROM core.outbox_events WHERE relayed_at IS NULL`);
    expect(left).toBe(0);
    expect(calls).toBeGreaterThanOrEqual(2 * N);
  });

  it('a failing handler is retried and its partial work rolled back', async () => {
    const outbox = t.app.get(OutboxService);
    const bus = t.app.get(EventBus);
    const relay = t.app.get(OutboxRelay);
    const queue = t.app.get<QueuePort>(QUEUE_PORT);
    let attempts = 0;
    bus.on('test.flaky', 'flaky', async (event, m) => {
      await m.query(`INSERT INTO core.test_effects (event_id, handler, n) VALUES ($1, 'flaky', 1)`, [event.id]);
      if (++attempts < 3) throw new Error('transient');
    });
    await t.dataSource.transaction((m) => outbox.append(m, { name: 'test.flaky', aggregateType: 'test', aggregateId: 'x', payload: {} }));
    await relay.drain();
    for (let i = 0; i < 50 && attempts < 3; i++) await new Promise((r) => setTimeout(r, 100));
    await queue.whenIdle(QueueNames.DomainEvents);
    expect(attempts).toBe(3);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM core.test_effects WHERE handler = 'flaky'`);
    expect(n).toBe(1);
  });
});
