import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { DomainEvent } from '@app/contracts';
import { QUEUE_PORT, QueueNames, QueuePort } from '../queue/queue.port';

const RELISTEN_FIRST_MS = 1_000;
const RELISTEN_MAX_MS = 30_000;

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
 *
 * On PostgreSQL the relay also LISTENs on `outbox_events` (notified by a trigger when an append
 * commits) and runs at once; polling stays as the fallback (and is all there is on PGlite). A lost
 * listening connection (the database restarted) is opened again, with back-off.
 */
@Injectable()
export class OutboxRelay implements OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private stopped = true;
  private listener?: Client;
  /** Settles when the LISTEN connection is up (or has failed, leaving polling only). */
  private listening: Promise<void> = Promise.resolve();
  /** Set when a notification arrives while a run is in progress: run again right after it. */
  private kicked = false;
  private tick?: () => Promise<void>;
  private relistenTimer?: NodeJS.Timeout;
  private relistenDelayMs = RELISTEN_FIRST_MS;
  /** Test hook: called after each event is queued, before the batch is marked relayed. */
  afterEnqueue?: (event: DomainEvent, index: number) => void;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(QUEUE_PORT) private readonly queue: QueuePort,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  start(intervalMs = 250): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = async () => {
      this.timer = undefined;
      if (this.stopped) return;
      do {
        this.kicked = false;
        try {
          while ((await this.relayOnce()) > 0 && !this.stopped);
        } catch (err) {
          this.logger.warn(`relay failed, will retry: ${(err as Error).message}`);
          break;
        }
      } while (this.kicked && !this.stopped);
      if (!this.stopped && !this.timer) this.timer = setTimeout(tick, intervalMs);
    };
    this.tick = tick;
    this.timer = setTimeout(tick, 0);
    if (this.config.database.mode === 'postgres') this.listening = this.listen(this.config.database.url);
  }

  /** Resolves when notifications are being listened for (PostgreSQL) — for tests and health. */
  whenListening(): Promise<boolean> {
    return this.listening.then(() => this.listener !== undefined);
  }

  /** Runs now: from a notification (or a test). A run in progress runs once more instead. */
  kick(): void {
    if (this.stopped || !this.tick) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = setTimeout(this.tick, 0);
    } else this.kicked = true;
  }

  private async listen(url: string): Promise<void> {
    const client = new Client({ connectionString: url });
    // The connection is gone (the database restarted, a network cut): poll meanwhile, and listen again.
    const lost = (reason: string) => {
      if (this.listener !== client) return;
      this.listener = undefined;
      this.logger.warn(`outbox listener lost (${reason}); polling until it is back`);
      void client.end().catch(() => undefined);
      this.relisten(url);
    };
    client.on('error', (err) => lost(err.message));
    client.on('end', () => lost('connection ended'));
    client.on('notification', () => this.kick());
    try {
      await client.connect();
      await client.query('LISTEN outbox_events');
      if (this.stopped) {
        await client.end();
        return;
      }
      this.listener = client;
      this.relistenDelayMs = RELISTEN_FIRST_MS;
    } catch (err) {
      await client.end().catch(() => undefined);
      if (this.stopped) return;
      this.logger.warn(`outbox listener not started (${(err as Error).message}); polling, and trying again`);
      this.relisten(url);
    }
  }

  /** Listens again after a back-off (1 s doubling to 30 s); appends committed meanwhile are picked up by a run at once. */
  private relisten(url: string): void {
    if (this.stopped || this.relistenTimer) return;
    const delay = this.relistenDelayMs;
    this.relistenDelayMs = Math.min(RELISTEN_MAX_MS, delay * 2);
    this.relistenTimer = setTimeout(() => {
      this.relistenTimer = undefined;
      if (this.stopped) return;
      this.listening = this.listen(url).then(() => {
        if (this.listener) this.kick();
      });
    }, delay);
    this.relistenTimer.unref?.();
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
    this.timer = undefined;
    if (this.relistenTimer) clearTimeout(this.relistenTimer);
    this.relistenTimer = undefined;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    await this.running?.catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }
}
