import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { todayInChina } from '../matching/item-matcher';
import { PoliciesService } from './policies.service';

/** Expires item versions past their effective end: at start and every hour. */
@Injectable()
export class PolicyLifecycleScheduler implements OnApplicationShutdown {
  private readonly logger = new Logger('PolicyLifecycle');
  private timer?: NodeJS.Timeout;

  constructor(private readonly policies: PoliciesService) {}

  start(intervalMs = 3600_000): void {
    const run = () =>
      this.policies
        .expireDue(todayInChina())
        .then((n) => n && this.logger.log(`expired ${n} item versions`))
        .catch((e: Error) => this.logger.warn(`expiry run failed: ${e.message}`));
    void run();
    this.timer = setInterval(run, intervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
