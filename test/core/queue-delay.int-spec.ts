import { randomBytes } from 'node:crypto';
import { BullQueue, InProcessQueue, QueueNames, QueuePort } from '@app/core';
import { describeVariants, needs, Requirement } from '../support/requires';

/** `delayMs`: a job is not handed to a worker before its delay, and `whenIdle` waits for it. */
const adapters: Array<{ name: string; requires?: Requirement; value: () => QueuePort }> = [
  { name: 'in-process', value: () => new InProcessQueue() },
  { name: 'Bull', requires: needs.redis, value: () => new BullQueue(process.env.TEST_REDIS_URL as string, `tq${randomBytes(4).toString('hex')}`) },
];

describeVariants('queue delay (%s)', adapters, (make) => {
  let queue: QueuePort;
  beforeAll(() => {
    queue = make();
  });
  afterAll(async () => queue.close());

  it('runs a delayed job after its delay and an undelayed one at once; whenIdle covers both', async () => {
    const ran = new Map<string, number>();
    queue.process<{ tag: string }>(QueueNames.Matching, async (job) => {
      ran.set(job.data.tag, Date.now());
    });
    const start = Date.now();
    await queue.add(QueueNames.Matching, 'j', { tag: 'later' }, { jobId: 'later', delayMs: 400 });
    await queue.add(QueueNames.Matching, 'j', { tag: 'now' }, { jobId: 'now' });
    await queue.whenIdle(QueueNames.Matching, 10_000);
    expect([...ran.keys()].sort()).toEqual(['later', 'now']);
    expect(ran.get('later')! - start).toBeGreaterThanOrEqual(390);
    expect(ran.get('now')!).toBeLessThan(ran.get('later')!);
  });
});
