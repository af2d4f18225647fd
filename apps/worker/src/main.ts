import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventBus, OutboxRelay } from '@app/core';
import { chinaDate, PrequalificationService, SupervisionService } from '@app/approvals';
import { PayoutSender } from '@app/payouts';
import { MatchingService, PolicyLifecycleScheduler } from '@app/policies';
import { WorkerModule } from './worker.module';

/** 督办 reminders: once at start, then every 24 hours. */
function scheduleDaily(run: () => Promise<unknown>): void {
  const go = () => void run().catch((e: Error) => new Logger('Schedule').warn(`daily job failed: ${e.message}`));
  go();
  setInterval(go, 24 * 3600_000).unref();
}

async function bootstrap(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule);
  app.enableShutdownHooks();
  app.get(EventBus).consume();
  app.get(MatchingService).startWorkers();
  app.get(PrequalificationService).startWorkers(2);
  app.get(PayoutSender).startWorkers();
  scheduleDaily(() => app.get(SupervisionService).sendReminders());
  scheduleDaily(() => app.get(PrequalificationService).expireOverdue(chinaDate(new Date())));
  app.get(OutboxRelay).start();
  app.get(PolicyLifecycleScheduler).start();
  new Logger('Worker').log('worker consuming domain events and relaying the outbox');
}

bootstrap().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
