import '../support/test-events';
import { OutboxRelay, OutboxService } from '@app/core';
import { createTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { startPrivatePostgres, PrivatePostgres } from '../support/private-postgres';
import { describeWhen, needs } from '../support/requires';

/** A committed append wakes a listening relay at once; polling is only the fallback (PostgreSQL). */

describeWhen(needs.postgres, 'outbox: NOTIFY on commit wakes the relay', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({});
  });
  afterAll(async () => t?.close());

  const relayedAt = async (id: string) => (await t.dataSource.query(`SELECT relayed_at FROM core.outbox_events WHERE id = $1`, [id]))[0]?.relayed_at ?? null;

  it('relays a committed event without waiting for the (here one-minute) poll; a rolled-back one never exists', async () => {
    const relay = t.app.get(OutboxRelay);
    relay.start(60_000);
    expect(await relay.whenListening()).toBe(true);
    await relay.drain(); // the first run is done: what follows can only be relayed by a notification
    const outbox = t.app.get(OutboxService);
    let rolledBack = '';
    await t.dataSource
      .transaction(async (m) => {
        rolledBack = (await outbox.append(m, { name: 'test.rolled_back', aggregateType: 'test', aggregateId: 'x', payload: {} })).id;
        throw new Error('rollback');
      })
      .catch(() => undefined);
    const event = await t.dataSource.transaction((m) => outbox.append(m, { name: 'test.notified', aggregateType: 'test', aggregateId: 'y', payload: { n: 1 } }));
    expect(await waitFor(() => relayedAt(event.id), (at) => at !== null)).not.toBeNull();
    expect((await t.dataSource.query(`SELECT 1 FROM core.outbox_events WHERE id = $1`, [rolledBack])).length).toBe(0);
    await relay.stop();
  });
});

describeWhen(needs.postgresServer, 'outbox: the relay listens again after PostgreSQL restarts', () => {
  let pg: PrivatePostgres;
  let t: TestApp;
  beforeAll(async () => {
    pg = await startPrivatePostgres();
    t = await createTestApp({ database: await pg.testDatabase('outbox_relisten') });
  });
  afterAll(async () => {
    await t?.close();
    await pg?.destroy();
  });

  it('a restart cuts the listening connection; the relay opens it again and is woken by the next commit', async () => {
    const relay = t.app.get(OutboxRelay);
    relay.start(60_000);
    expect(await relay.whenListening()).toBe(true);
    await relay.drain();
    await pg.restart({ mode: 'fast' });
    // Before: "listener lost; polling only" — the next event waited for the (here one-minute) poll.
    expect(await waitFor(() => relay.whenListening(), (listening) => listening, 20_000, 100)).toBe(true);
    const outbox = t.app.get(OutboxService);
    const event = await t.dataSource.transaction((m) => outbox.append(m, { name: 'test.notified', aggregateType: 'test', aggregateId: 'z', payload: { n: 2 } }));
    const relayedAt = async () => (await t.dataSource.query(`SELECT relayed_at FROM core.outbox_events WHERE id = $1`, [event.id]))[0]?.relayed_at ?? null;
    expect(await waitFor(relayedAt, (at) => at !== null, 10_000)).not.toBeNull();
    await relay.stop();
  });
});
