import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DomainEvent } from '@app/contracts';
import { QUEUE_PORT, QueueNames, QueuePort } from '../queue/queue.port';

interface OutboxRow {
  seq: string | number;
  id: string;
  name: string;
  aggregate_type: string;
  aggregate_id: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
}

/**
 * Moves outbox rows to the queue. A row is marked relayed only after the queue accepted it, in the
 * same transaction that locked it (SKIP LOCKED lets several relays run). A crash between the two
 * re-sends the event; handlers dedupe by event id.
 */
@Injectable()
export class OutboxRelay implements OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private stopped = true;
  /** Test hook: called after each event is queued, before the batch is marked relayed. */
  afterEnqueue?: (event: DomainEvent, index: number) => void;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(QUEUE_PORT) private readonly queue: QueuePort,
  ) {}

  start(intervalMs = 250): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = async () => {
      if (this.stopped) return;
      try {
        while ((await this.relayOnce()) > 0 && !this.stopped);
      } catch (err) {
        this.logger.warn(`relay failed, will retry: ${(err as Error).message}`);
      }
      if (!this.stopped) this.timer = setTimeout(tick, intervalMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Relays one batch; returns how many events were sent. Concurrent calls share the run. */
  relayOnce(batchSize = 500): Promise<number> {
    if (!this.running) {
      this.running = this.doRelay(batchSize).finally(() => (this.running = undefined));
    }
    return this.running;
  }

  /** Relays until the outbox is empty. */
  async drain(): Promise<void> {
    while ((await this.relayOnce()) > 0);
  }

  private async doRelay(batchSize: number): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const rows: OutboxRow[] = await m.query(
        `SELECT seq, id, name, aggregate_type, aggregate_id, payload, occurred_at FROM core.outbox_events
         WHERE relayed_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batchSize],
      );
      let i = 0;
      for (const r of rows) {
        const event: DomainEvent = {
          id: r.id,
          name: r.name,
          aggregateType: r.aggregate_type,
          aggregateId: r.aggregate_id,
          payload: r.payload,
          occurredAt: new Date(r.occurred_at).toISOString(),
        };
        await this.queue.add(QueueNames.DomainEvents, event.name, event, { jobId: event.id });
        this.afterEnqueue?.(event, i++);
      }
      if (rows.length > 0) {
        await m.query(`UPDATE core.outbox_events SET relayed_at = now(), attempts = attempts + 1 WHERE id = ANY($1::uuid[])`, [
          rows.map((r) => r.id),
        ]);
      }
      return rows.length;
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }
}
