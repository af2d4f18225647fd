import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventBus, OutboxRelay } from '@app/core';
import { PayoutSender } from '@app/payouts';
import { MatchingService, PolicyLifecycleScheduler } from '@app/policies';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule);
  app.enableShutdownHooks();
  app.get(EventBus).consume();
  app.get(MatchingService).startWorkers();
  app.get(PayoutSender).startWorkers();
  app.get(OutboxRelay).start();
  app.get(PolicyLifecycleScheduler).start();
  new Logger('Worker').log('worker consuming domain events and relaying the outbox');
}

bootstrap().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
