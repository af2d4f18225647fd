import { Injectable, INestApplicationContext, Logger, SetMetadata } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { EventBus } from '../outbox/event-bus';
import { OutboxRelay } from '../outbox/outbox.relay';

const BACKGROUND_WORK = 'qinqing:background-work';

/** A lib's work besides answering HTTP (queue workers, senders, schedules), started once per worker process. */
export interface BackgroundWork {
  start(): void;
}

/**
 * Marks a provider implementing {@link BackgroundWork}. The worker app (and the all-in-one platform)
 * starts every marked provider of the modules it loaded; the HTTP-only apps never do. A lib adds its
 * background work here, in its own module, instead of in an app.
 */
export const BackgroundWorker = (name: string): ClassDecorator => SetMetadata(BACKGROUND_WORK, name);

/** Runs `job` now (or `firstAfterMs` later) and then every `everyMs` (default 24 hours); failures are logged, not thrown. */
export function scheduleEvery(name: string, job: () => Promise<unknown>, everyMs = 24 * 3600_000, firstAfterMs = 0): void {
  const run = () => void job().catch((e: Error) => new Logger('Schedule').warn(`${name} failed: ${e.message}`));
  if (firstAfterMs > 0) setTimeout(run, firstAfterMs).unref();
  else run();
  setInterval(run, everyMs).unref();
}

@Injectable()
export class BackgroundWorkRunner {
  private readonly logger = new Logger('BackgroundWork');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly bus: EventBus,
    private readonly relay: OutboxRelay,
  ) {}

  /** Consumes domain events, starts every marked provider, then the outbox relay; returns their names. */
  start(): string[] {
    this.bus.consume();
    const started: string[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const { metatype, instance } = wrapper;
      if (!metatype || !instance) continue;
      const name = this.reflector.get<string | undefined>(BACKGROUND_WORK, metatype as Function);
      if (!name) continue;
      (instance as BackgroundWork).start();
      started.push(name);
    }
    this.relay.start();
    this.logger.log(`started: events, ${started.join(', ')}, outbox relay`);
    return started;
  }
}

/** Starts the background work of every module the application loaded. */
export function startBackgroundWork(app: INestApplicationContext): string[] {
  return app.get(BackgroundWorkRunner).start();
}
