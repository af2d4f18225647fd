import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, BackgroundWork, BackgroundWorker, scheduleEvery } from '@app/core';
import { BatchesService } from './batches.service';

/** How often the auto-batcher looks: often enough to cut at the size promptly, never less often than the window. */
export const autoBatchTickMs = (everyMs: number) => Math.max(1000, Math.min(everyMs, 60_000));

/** 自动组批: per payer on a schedule (AUTO_BATCH_EVERY_MS) or at a size (AUTO_BATCH_MAX); off when the window is 0. */
@Injectable()
@BackgroundWorker('payouts: auto-batching')
export class AutoBatchBackgroundWork implements BackgroundWork {
  constructor(
    private readonly batches: BatchesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  start(): void {
    const everyMs = this.config.payouts.autoBatchEveryMs;
    if (everyMs <= 0) return;
    scheduleEvery('auto-batching', () => this.batches.autoBatch(), autoBatchTickMs(everyMs), 30_000);
  }
}
