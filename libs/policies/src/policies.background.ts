import { Injectable } from '@nestjs/common';
import { BackgroundWork, BackgroundWorker } from '@app/core';
import { MatchingService } from './matching/matching.service';
import { PolicyLifecycleScheduler } from './policy/policy-lifecycle.scheduler';
import { PushService } from './push/push.service';

/** Matching jobs, the push delivery sender and the policy expiry scheduler. */
@Injectable()
@BackgroundWorker('policies: matching, push sender, expiry')
export class PoliciesBackgroundWork implements BackgroundWork {
  constructor(
    private readonly matching: MatchingService,
    private readonly push: PushService,
    private readonly lifecycle: PolicyLifecycleScheduler,
  ) {}

  start(): void {
    this.matching.startWorkers();
    this.push.startSender();
    this.lifecycle.start();
  }
}
