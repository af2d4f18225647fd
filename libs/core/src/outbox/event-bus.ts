import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { DomainEvent, EventOf, TypedEventName } from '@app/contracts';
import { QUEUE_PORT, QueueJob, QueueNames, QueuePort } from '../queue/queue.port';

export type EventHandlerFn<N extends TypedEventName = TypedEventName> = (event: EventOf<N>, manager: EntityManager) => Promise<void>;

/**
 * Delivers relayed events to the handlers registered for their name. Each handler runs in a
 * transaction that first claims (event id, handler) in `core.processed_events`: a redelivered event
 * finds its claim and is skipped, so effects happen exactly once. When all have run the event is
 * marked handled in the outbox.
 */
@Injectable()
export class EventBus {
  private readonly logger = new Logger('EventBus');
  private readonly handlers = new Map<string, Array<{ name: string; fn: (event: DomainEvent, manager: EntityManager) => Promise<void> }>>();
  private consuming = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(QUEUE_PORT) private readonly queue: QueuePort,
  ) {}

  /** Registers a handler for one event name; it receives that name's payload type. */
  on<N extends TypedEventName>(eventName: N, handlerName: string, fn: EventHandlerFn<N>): void {
    const list = this.handlers.get(eventName) ?? [];
    if (list.some((h) => h.name === handlerName)) throw new Error(`handler ${handlerName} registered twice`);
    // the relay delivers only events written under this name, so the payload has this name's shape
    list.push({ name: handlerName, fn: (event, m) => fn(event as EventOf<N>, m) });
    this.handlers.set(eventName, list);
  }

  /** Starts consuming the domain-events queue (worker and embedded platform). */
  consume(concurrency = 4): void {
    if (this.consuming) return;
    this.consuming = true;
    this.queue.process<DomainEvent>(QueueNames.DomainEvents, (job) => this.dispatch(job), concurrency);
  }

  async dispatch(job: QueueJob<DomainEvent>): Promise<void> {
    const event = job.data;
    for (const h of this.handlers.get(event.name) ?? []) {
      await this.dataSource.transaction(async (m) => {
        const claimed: unknown[] = await m.query(
          `INSERT INTO core.processed_events (event_id, handler) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
          [event.id, h.name],
        );
        if (claimed.length === 0) return;
        await h.fn(event, m);
      });
    }
    // Handled: the relay stops watching it (an event relayed and never handled is relayed again).
    await this.dataSource.query(`UPDATE core.outbox_events SET handled_at = now() WHERE id = $1 AND handled_at IS NULL`, [event.id]);
  }
}
