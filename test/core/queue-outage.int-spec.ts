import { randomBytes } from 'node:crypto';
import { BullQueue, InProcessQueue, QueueNames, QueuePort } from '@app/core';
import { describeVariants, needs, Requirement } from '../support/requires';

/**
 * A job whose handler cannot reach the database is not failed for good when the outage outlasts its
 * attempts: the queue waits the outage out and the job runs once the database is back. Any other
 * failure still uses up the attempts. (Before: 8 attempts, about 25 s of back-off, then the job was
 * dropped — a publication never matched, an event never handled.)
 */
const adapters: Array<{ name: string; requires?: Requirement; value: () => QueuePort }> = [
  { name: 'in-process', value: () => new InProcessQueue(20, 5) },
  {
    name: 'Bull',
    requires: needs.redis,
    value: () => new BullQueue(process.env.TEST_REDIS_URL as string, `tq${randomBytes(4).toString('hex')}`, 5),
  },
];

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describeVariants('queue through a database outage (%s)', adapters, (make) => {
  let queue: QueuePort;
  beforeAll(() => {
    queue = make();
  });
  afterAll(async () => queue.close());

  it('runs a job through an outage longer than its attempts; a real failure still gives up after them', async () => {
    const calls = new Map<string, number>();
    const done = new Set<string>();
    queue.process<{ kind: 'outage' | 'broken' }>(
      QueueNames.Approvals,
      async (job) => {
        const n = (calls.get(job.data.kind) ?? 0) + 1;
        calls.set(job.data.kind, n);
        if (job.data.kind === 'broken') throw new Error('a bug, not an outage');
        if (n <= 15) throw refused(); // the database is away for 15 tries: more than the 3 attempts below
        done.add(job.data.kind);
      },
      2,
    );
    await queue.add(QueueNames.Approvals, 'j', { kind: 'outage' }, { jobId: 'outage', attempts: 3 });
    await queue.add(QueueNames.Approvals, 'j', { kind: 'broken' }, { jobId: 'broken', attempts: 3 });
    await queue.whenIdle(QueueNames.Approvals, 30_000);
    expect([...done]).toEqual(['outage']);
    expect(calls.get('outage')).toBe(16);
    expect(calls.get('broken')).toBe(3);
  });
});
