import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, BackgroundWork, BackgroundWorker, scheduleEvery } from '@app/core';
import { BatchesService } from './batch/batches.service';
import { PayoutSender } from './sending/payout-sender';

/** How often the auto-batcher looks: often enough to cut at the size promptly, never less often than the window. */
export const autoBatchTickMs = (everyMs: number) => Math.max(1000, Math.min(everyMs, 60_000));

/**
 * The payout send workers (chunks with leases, recovery sweep) and 自动组批: per payer on a schedule
 * (AUTO_BATCH_EVERY_MS) or at a size (AUTO_BATCH_MAX); no auto-batching when the window is 0.
 */
@Injectable()
@BackgroundWorker('payouts: sender, auto-batching')
export class PayoutsBackgroundWork implements BackgroundWork {
  constructor(
    private readonly sender: PayoutSender,
    private readonly batches: BatchesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  start(): void {
    this.sender.startWorkers();
    const everyMs = this.config.payouts.autoBatchEveryMs;
    if (everyMs > 0) scheduleEvery('auto-batching', () => this.batches.autoBatch(), autoBatchTickMs(everyMs), 30_000);
  }
}
