import { Logger } from '@nestjs/common';
import Bull from 'bull';
import { runThroughOutages } from './outage';
import { AddJobOptions, JobHandler, QueueName, QueueNames, QueuePort } from './queue.port';

/**
 * Bull on Redis. Redis holds nothing that PostgreSQL cannot rebuild: jobs come from the outbox,
 * which re-sends anything not marked relayed.
 */
export class BullQueue implements QueuePort {
  readonly mode = 'bull' as const;
  private readonly queues = new Map<QueueName, Bull.Queue>();
  private readonly logger = new Logger('BullQueue');
  private closing = false;

  constructor(
    private readonly redisUrl: string,
    private readonly prefix = 'qinqing',
    /** First wait while a job's service is unreachable (doubling up to 10×); see runThroughOutages. */
    private readonly outageDelayMs = 200,
  ) {}

  private queue(name: QueueName): Bull.Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Bull(name, this.redisUrl, { prefix: this.prefix });
      this.queues.set(name, q);
    }
    return q;
  }

  async add<T>(queue: QueueName, name: string, data: T, options: AddJobOptions = {}): Promise<void> {
    await this.queue(queue).add(name, data, {
      jobId: options.jobId,
      ...(options.delayMs ? { delay: options.delayMs } : {}),
      attempts: options.attempts ?? 8,
      backoff: { type: 'exponential', delay: 200 },
      removeOnComplete: true,
      removeOnFail: 1000,
    });
  }

  process<T>(queue: QueueName, handler: JobHandler<T>, concurrency = 1): void {
    // Bull's processing loop settles when the queue closes; a connection closed under it then is
    // expected, not an unhandled rejection.
    const loop = this.queue(queue).process('*', concurrency, async (job: Bull.Job<T>) => {
      // An outage (database unreachable) is waited out while the job stays active (Bull keeps renewing
      // its lock): it does not use up the job's attempts.
      await runThroughOutages(() => handler({ id: String(job.id), name: job.name, data: job.data, attempt: job.attemptsMade + 1 }), {
        stopped: () => this.closing,
        delayMs: this.outageDelayMs,
        maxDelayMs: this.outageDelayMs * 10,
        logger: this.logger,
        jobLabel: `job ${job.name}#${String(job.id)}`,
      });
    });
    loop.catch((err: Error) => {
      if (!this.closing) this.logger.error(`queue ${queue} stopped processing: ${err.message}`);
    });
  }

  async whenIdle(queue: QueueName, timeoutMs = 30_000): Promise<void> {
    const q = this.queue(queue);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const c = await q.getJobCounts();
      if (c.waiting + c.active + c.delayed === 0) return;
      if (Date.now() > deadline) throw new Error(`queue ${queue} not idle after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async ping(): Promise<boolean> {
    try {
      const client = await this.queue(QueueNames.DomainEvents).client;
      return (await client.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
  }
}
