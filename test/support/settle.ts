import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxRelay, QUEUE_PORT, QueueNames, QueuePort } from '@app/core';

/** Relays the outbox and waits until every queue is idle and nothing is pending: events fully handled. */
export async function settle(app: INestApplication, rounds = 20): Promise<void> {
  const relay = app.get(OutboxRelay);
  const queue = app.get<QueuePort>(QUEUE_PORT);
  const ds = app.get(DataSource);
  for (let i = 0; i < rounds; i++) {
    await relay.drain();
    for (const q of Object.values(QueueNames)) await queue.whenIdle(q, 60_000);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM core.outbox_events WHERE relayed_at IS NULL`);
    if (n === 0) {
      for (const q of Object.values(QueueNames)) await queue.whenIdle(q, 60_000);
      const [{ n: again }] = await ds.query(`SELECT count(*)::int AS n FROM core.outbox_events WHERE relayed_at IS NULL`);
      if (again === 0) return;
    }
  }
  throw new Error('events did not settle');
}
