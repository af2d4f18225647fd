import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { DomainEvent } from '@app/contracts';
import { QUEUE_PORT, QueueNames, QueuePort } from '../queue/queue.port';

const RELISTEN_FIRST_MS = 1_000;
const RELISTEN_MAX_MS = 30_000;
/** An event relayed this long ago and still not handled is taken as lost with its queue job. */
const REDELIVER_AFTER_MS = 60_000;
/** How often the relay looks for such events (at most). */
const REDELIVERY_CHECK_MS = 10_000;
/** Relays of one event (the first included) after which it is left alone: its handler keeps failing. */
const MAX_RELAYS = 20;

interface OutboxRow {
  seq: string | number;
  id: string;
  name: string;
  aggregate_type: string;
  aggregate_id: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
  attempts: number;
}

/**
 * Moves outbox rows to the queue. A row is marked relayed only after the queue accepted it, in the
 * same transaction that locked it (SKIP LOCKED lets several relays run). A crash between the two
 * re-sends the event; handlers dedupe by event id. The queue is not durable (in-process, or Redis
 * that may be emptied, or left behind by a restore from backup): a relayed event that is not
 * marked handled in time is relayed again.
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

  /**
   * Relays new events every `intervalMs` (and at once on a notification); events relayed more than
   * `redeliverAfterMs` ago and still not handled are relayed again (see `redeliver`).
   */
  start(intervalMs = 250, options: { redeliverAfterMs?: number } = {}): void {
    if (!this.stopped) return;
    this.stopped = false;
    const redeliverAfterMs = options.redeliverAfterMs ?? REDELIVER_AFTER_MS;
    let nextRedelivery = Date.now() + Math.min(redeliverAfterMs, REDELIVERY_CHECK_MS);
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
      if (!this.stopped && Date.now() >= nextRedelivery) {
        nextRedelivery = Date.now() + Math.min(redeliverAfterMs, REDELIVERY_CHECK_MS);
        await this.redeliver(redeliverAfterMs).catch((err: Error) => this.logger.warn(`redelivery failed, will retry: ${err.message}`));
      }
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

  /**
   * Relays again the events relayed at least `olderThanMs` ago and still not handled: their queue job
   * was lost — with an in-process queue when its process died, with Redis emptied, or with a database
   * restored from a backup taken between relay and handling. A job still waiting in the queue is not
   * added twice (same job id), and handlers dedupe by event id. An event relayed MAX_RELAYS times is
   * left alone (and reported once): its handler keeps failing. Returns how many were relayed again.
   */
  async redeliver(olderThanMs: number, batchSize = 500): Promise<number> {
    const n = await this.doRelay(batchSize, olderThanMs);
    if (n > 0) this.logger.warn(`relayed again ${n} event(s) relayed over ${olderThanMs} ms ago and never handled`);
    return n;
  }

  private async doRelay(batchSize: number, unhandledForMs?: number): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const rows: OutboxRow[] = await m.query(
        unhandledForMs === undefined
          ? `SELECT seq, id, name, aggregate_type, aggregate_id, payload, occurred_at, attempts FROM core.outbox_events
             WHERE relayed_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`
          : `SELECT seq, id, name, aggregate_type, aggregate_id, payload, occurred_at, attempts FROM core.outbox_events
             WHERE relayed_at IS NOT NULL AND handled_at IS NULL AND relayed_at < now() - ($2::int * interval '1 millisecond') AND attempts < $3
             ORDER BY relayed_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        unhandledForMs === undefined ? [batchSize] : [batchSize, Math.round(unhandledForMs), MAX_RELAYS],
      );
      for (const r of rows) {
        if (r.attempts + 1 === MAX_RELAYS) this.logger.error(`event ${r.name}#${r.id} relayed ${MAX_RELAYS} times and never handled; no longer relayed`);
      }
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
