import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AnyNewEvent, DomainEvent, EventOf, NewEventOf, TypedEventName } from '@app/contracts';
import { uuid7 } from '../ids/uuid7';

export type NewEvent<N extends TypedEventName = TypedEventName> = NewEventOf<N>;

/** Writes domain events into the outbox in the caller's transaction, so they exist iff the change does. */
@Injectable()
export class OutboxService {
  async append<N extends TypedEventName>(manager: EntityManager, event: NewEventOf<N>): Promise<EventOf<N>> {
    const [stored] = await this.appendMany(manager, [event as AnyNewEvent]);
    return stored as EventOf<N>;
  }

  async appendMany(manager: EntityManager, events: readonly AnyNewEvent[]): Promise<DomainEvent<AnyNewEvent['payload']>[]> {
    if (events.length === 0) return [];
    const now = new Date().toISOString();
    const stored = events.map((e) => ({ ...e, id: uuid7(), occurredAt: now }));
    const params: unknown[] = [];
    const rows = stored.map((e, i) => {
      params.push(e.id, e.name, e.aggregateType, e.aggregateId, JSON.stringify(e.payload), e.occurredAt);
      const b = i * 6;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}::jsonb, $${b + 6})`;
    });
    await manager.query(
      `INSERT INTO core.outbox_events (id, name, aggregate_type, aggregate_id, payload, occurred_at) VALUES ${rows.join(', ')}`,
      params,
    );
    return stored;
  }
}
