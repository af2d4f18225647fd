import { INestApplicationContext, Logger } from '@nestjs/common';
import { EventBus, OutboxRelay } from '@app/core';
import { NoticeService, SupervisionService as AppealSupervision } from '@app/appeals';
import { chinaDate, PrequalificationService, SupervisionService } from '@app/approvals';
import { PayoutSender } from '@app/payouts';
import { MatchingService, PolicyLifecycleScheduler, PushService } from '@app/policies';

/** Once at start (or `firstAfterMs` later), then every 24 hours (督办 reminders, 公示/确认 deadlines, 诉求 escalation). */
function scheduleDaily(run: () => Promise<unknown>, firstAfterMs = 0): void {
  const go = () => void run().catch((e: Error) => new Logger('Schedule').warn(`daily job failed: ${e.message}`));
  if (firstAfterMs > 0) setTimeout(go, firstAfterMs).unref();
  else go();
  setInterval(go, 24 * 3600_000).unref();
}

/**
 * Everything a worker does besides answering HTTP: consume domain events, run the matching,
 * pre-qualification and payout jobs, send push deliveries and appeal notices, the daily jobs (督办, 诉求 escalation and
 * weekly reminders), the outbox relay and the policy expiry
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
  // 诉求: escalation when a deadline passes, and the weekly reminder (checked daily, one per appeal per week); first
  // run a minute after start, clear of the demo seed (which sets the appeals' clock back while it writes its history)
  app.get(NoticeService).startSender();
  scheduleDaily(() => app.get(AppealSupervision).escalateOverdue(), 60_000);
  scheduleDaily(() => app.get(AppealSupervision).weeklyReminders(), 60_000);
  app.get(OutboxRelay).start();
  app.get(PolicyLifecycleScheduler).start();
}
