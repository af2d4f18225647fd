import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { startBackgroundWork } from '@app/core';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule);
  app.enableShutdownHooks();
  startBackgroundWork(app);
  new Logger('Worker').log('worker consuming domain events and relaying the outbox');
}

bootstrap().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
