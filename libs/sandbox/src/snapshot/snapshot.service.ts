import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventNames } from '@app/contracts';
import { DomainError, EventBus } from '@app/core';
import { EnterpriseFactsReader } from '@app/enterprises';
import { FactRegistry } from '@app/rules';
import { SandboxErrors } from '../sandbox.errors';
import { SANDBOX_OPTIONS, SandboxOptions } from '../sandbox.options';
import { EnterpriseSnapshot, SnapshotStats } from './enterprise-snapshot';
import { SANDBOX_FACT_REGISTRY } from './snapshot.tokens';

export interface SnapshotStatus extends SnapshotStats {
  ready: boolean;
  building: boolean;
  residentBytes: number;
  heapUsedBytes: number;
}

/**
 * Owns this process's snapshot: builds it at start, then keeps it current. A refresh reads the
 * firms new since the highest seq applied or changed since the watermark (minus an overlap for
 * transactions that committed late) and appends/updates them in place.
 *
 * Refreshes are triggered by profile events and by a timer. With Bull, a domain event reaches one
 * process only (and EventBus claims each event once per handler name), so the event handler only
 * *schedules* a refresh here; the timer is what brings every other process's snapshot up to date.
 */
@Injectable()
export class SnapshotService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SandboxSnapshot');
  private snapshot?: EnterpriseSnapshot;
  private building?: Promise<EnterpriseSnapshot>;
  private running?: Promise<number>;
  private pending?: Promise<number>;
  private timer?: NodeJS.Timeout;
  private stats: Omit<SnapshotStats, 'rows' | 'asOf' | 'typedArrayBytes'> = {
    builtAt: null,
    buildMs: null,
    lastRefreshAt: null,
    lastRefreshMs: null,
    lastRefreshRows: 0,
    refreshes: 0,
  };

  constructor(
    private readonly source: EnterpriseFactsReader,
    private readonly events: EventBus,
    @Inject(SANDBOX_FACT_REGISTRY) private readonly registry: FactRegistry,
    @Inject(SANDBOX_OPTIONS) private readonly options: SandboxOptions,
  ) {}

  onApplicationBootstrap(): void {
    const schedule = async () => {
      this.schedule();
    };
    this.events.on(EventNames.EnterpriseProfileChanged, 'sandbox.snapshot-refresh', schedule);
    this.events.on(EventNames.EnterprisesCreated, 'sandbox.snapshot-refresh', schedule);
    this.events.on(EventNames.EnterprisesChanged, 'sandbox.snapshot-refresh', schedule);
    if (this.options.buildOnStart) {
      this.build().catch((err: Error) => this.logger.error(`snapshot build failed: ${err.message}`));
    }
    if (this.options.refreshIntervalMs > 0) {
      this.timer = setInterval(() => {
        if (this.snapshot) this.schedule();
      }, this.options.refreshIntervalMs);
      this.timer.unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([this.building, this.running, this.pending]);
  }

  /** Builds the snapshot from scratch (concurrent callers share one build). */
  build(): Promise<EnterpriseSnapshot> {
    this.building ??= this.doBuild().finally(() => (this.building = undefined));
    return this.building;
  }

  private async doBuild(): Promise<EnterpriseSnapshot> {
    const started = performance.now();
    const next = new EnterpriseSnapshot(this.registry, this.options.capacityHint);
    const readAt = await this.source.now();
    for (;;) {
      const page = await this.source.page(this.registry, next.maxSeq, this.options.pageSize);
      if (page.length === 0) break;
      next.apply(page);
    }
    next.markRead(readAt);
    this.snapshot = next;
    this.stats.buildMs = Math.round(performance.now() - started);
    this.stats.builtAt = new Date().toISOString();
    this.logger.log(`snapshot built: ${next.rowCount} firms in ${this.stats.buildMs} ms`);
    return next;
  }

  /** Resolves once a snapshot exists (building one if nobody has). */
  async ready(): Promise<EnterpriseSnapshot> {
    return this.snapshot ?? this.building ?? this.build();
  }

  /** The current snapshot; refuses with SANDBOX.SNAPSHOT_NOT_READY (503) while the first build runs. */
  current(): EnterpriseSnapshot {
    if (!this.snapshot) throw new DomainError(SandboxErrors.SnapshotNotReady, '数据沙盘快照正在构建，请稍后再试', { building: !!this.building });
    return this.snapshot;
  }

  /** Asks for a refresh without waiting for it (event handler, timer). */
  schedule(): void {
    this.refresh().catch((err: Error) => this.logger.warn(`snapshot refresh failed, will retry: ${err.message}`));
  }

  /**
   * Applies the changes since the last refresh; resolves with the number of rows read. At most one
   * refresh runs and one waits: callers arriving meanwhile share the waiting one, which starts
   * after the running one and so sees every change committed before the call.
   */
  refresh(): Promise<number> {
    if (!this.running) {
      this.running = this.doRefresh().finally(() => (this.running = undefined));
      return this.running;
    }
    this.pending ??= this.running
      .catch(() => 0)
      .then(() => {
        this.pending = undefined;
        return this.refresh();
      });
    return this.pending;
  }

  private async doRefresh(): Promise<number> {
    const snapshot = await this.ready();
    const started = performance.now();
    const maxSeq = snapshot.maxSeq;
    // From the database time of the previous read, minus an overlap for transactions that started
    // before it (their updated_at is their start time) but committed after it. Using the database
    // clock rather than the newest updated_at seen keeps a bulk import (one timestamp for many rows)
    // from being re-read on every refresh.
    const readAt = await this.source.now();
    const previous = snapshot.readUpTo;
    const since = new Date(previous ? previous.getTime() - this.options.overlapMs : 0);
    let cursor = 0;
    let read = 0;
    for (;;) {
      const page = await this.source.changes(this.registry, maxSeq, since, cursor, this.options.pageSize);
      if (page.length === 0) break;
      snapshot.apply(page);
      read += page.length;
      cursor = page[page.length - 1].seq;
    }
    snapshot.markRead(readAt);
    this.stats.refreshes += 1;
    this.stats.lastRefreshAt = new Date().toISOString();
    this.stats.lastRefreshMs = Math.round(performance.now() - started);
    this.stats.lastRefreshRows = read;
    return read;
  }

  status(): SnapshotStatus {
    const s = this.snapshot;
    const mem = process.memoryUsage();
    return {
      ready: !!s,
      building: !!this.building,
      rows: s?.rowCount ?? 0,
      asOf: s?.readUpTo ? s.readUpTo.toISOString() : null,
      typedArrayBytes: s?.store.typedArrayBytes() ?? 0,
      ...this.stats,
      residentBytes: mem.rss,
      heapUsedBytes: mem.heapUsed,
    };
  }
}
