import { INestApplicationContext, Logger } from '@nestjs/common';
import { EventBus, OutboxRelay } from '@app/core';
import { chinaDate, PrequalificationService, SupervisionService } from '@app/approvals';
import { PayoutSender } from '@app/payouts';
import { MatchingService, PolicyLifecycleScheduler, PushService } from '@app/policies';

/** Once at start, then every 24 hours (督办 reminders, 公示/确认 deadlines). */
function scheduleDaily(run: () => Promise<unknown>): void {
  const go = () => void run().catch((e: Error) => new Logger('Schedule').warn(`daily job failed: ${e.message}`));
  go();
  setInterval(go, 24 * 3600_000).unref();
}

/**
 * Everything a worker does besides answering HTTP: consume domain events, run the matching,
 * pre-qualification and payout jobs, send push deliveries, the daily jobs, the outbox relay and the policy expiry
 * scheduler. The worker app runs only this; the all-in-one platform runs it next to the API.
 */
export function startBackgroundWork(app: INestApplicationContext): void {
  app.get(EventBus).consume();
  app.get(MatchingService).startWorkers();
  app.get(PushService).startSender();
  app.get(PrequalificationService).startWorkers(2);
  app.get(PayoutSender).startWorkers();
  scheduleDaily(() => app.get(SupervisionService).sendReminders());
  scheduleDaily(() => app.get(PrequalificationService).expireOverdue(chinaDate(new Date())));
  app.get(OutboxRelay).start();
  app.get(PolicyLifecycleScheduler).start();
}
