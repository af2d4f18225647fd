import { INestApplicationContext, Logger } from '@nestjs/common';
import { EventBus, OutboxRelay } from '@app/core';
import { chinaDate, ConfirmationDeadlines, PrequalificationService, StaffAlertsService, SupervisionService } from '@app/approvals';
import { PayoutSender } from '@app/payouts';
import { MatchingService, PolicyLifecycleScheduler, PushService } from '@app/policies';

/** Once at start, then every `hours` hours (application windows daily; 确认期 deadlines and 督办 hourly). */
function schedule(hours: number, run: () => Promise<unknown>): void {
  const go = () => void run().catch((e: Error) => new Logger('Schedule').warn(`scheduled job failed: ${e.message}`));
  go();
  setInterval(go, hours * 3600_000).unref();
}

/**
 * Everything a worker does besides answering HTTP: consume domain events, run the matching,
 * pre-qualification and payout jobs, send push deliveries and staff alerts, the scheduled jobs, the outbox relay and the policy expiry
 * scheduler. The worker app runs only this; the all-in-one platform runs it next to the API.
 */
export function startBackgroundWork(app: INestApplicationContext): void {
  app.get(EventBus).consume();
  app.get(MatchingService).startWorkers();
  app.get(PushService).startSender();
  app.get(PrequalificationService).startWorkers(2);
  app.get(PayoutSender).startWorkers();
  app.get(StaffAlertsService).startSender();
  // Deadlines first (a lapsed application is no longer overdue), then 督办 reminders and escalations.
  schedule(1, async () => {
    await app.get(ConfirmationDeadlines).run();
    await app.get(SupervisionService).sendReminders();
  });
  schedule(24, () => app.get(PrequalificationService).expireOverdue(chinaDate(new Date())));
  app.get(OutboxRelay).start();
  app.get(PolicyLifecycleScheduler).start();
}
