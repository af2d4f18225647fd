/**
 * Where a data-source page's time goes (milliseconds per stage), for the benchmark and for finding
 * the next bottleneck: handed to `DataSourceSyncService.onPageTimed` when it is set.
 */
export interface SyncPageTimings {
  source: string;
  page: number;
  records: number;
  /** Waiting for the page's pull after the previous page was written (0 when the prefetch was ready). */
  pullWaitMs: number;
  stages: Record<string, number>;
  /** The page's transaction, from BEGIN to COMMIT. */
  totalMs: number;
}

/** Splits elapsed time into named stages: each `lap` charges the time since the previous one. */
export class StageClock {
  readonly stages: Record<string, number> = {};
  private last = performance.now();

  lap(stage: string): void {
    const now = performance.now();
    this.stages[stage] = (this.stages[stage] ?? 0) + (now - this.last);
    this.last = now;
  }
}
