import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { BullQueue } from '../queue/bull.queue';
import { InProcessQueue } from '../queue/in-process.queue';
import { QUEUE_PORT, QueuePort } from '../queue/queue.port';
import { EventBus } from './event-bus';
import { OutboxRelay } from './outbox.relay';
import { OutboxService } from './outbox.service';

export function createQueue(config: Pick<AppConfig, 'queue'>): QueuePort {
  return config.queue.mode === 'bull' ? new BullQueue(config.queue.url, config.queue.prefix) : new InProcessQueue();
}

/** Queue port (Bull or in-process), outbox writer, relay and event bus. */
@Global()
@Module({
  providers: [
    { provide: QUEUE_PORT, inject: [APP_CONFIG], useFactory: (c: AppConfig) => createQueue(c) },
    OutboxService,
    OutboxRelay,
    EventBus,
  ],
  exports: [QUEUE_PORT, OutboxService, OutboxRelay, EventBus],
})
export class OutboxModule implements OnApplicationShutdown {
  constructor(@Inject(QUEUE_PORT) private readonly queue: QueuePort) {}

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
