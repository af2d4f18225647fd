/**
 * A payout worker in its own process, for the crash test: consumes domain events, relays the
 * outbox, sends chunks to the in-process simulated treasury whose state lives in PostgreSQL
 * (schema treasury_sim), so it survives this process being killed.
 *
 *   PAYOUT_WORKER_DATABASE_URL   the test database (required)
 *   PAYOUT_WORKER_REDIS_URL      Bull on this Redis; in-process queue when empty
 *   PAYOUT_WORKER_CRASH_AFTER_CALL=k  SIGKILL itself right after the k-th treasury answer, before recording it
 *   PAYOUT_WORKER_LATENCY_MS     simulated treasury latency per call
 *
 * Prints READY once consuming. (A test support script: it reads its own environment.)
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CoreModule, EventBus, loadConfig, OutboxRelay } from '@app/core';
import { PAYOUT_MIGRATIONS, PayoutSender, PayoutsModule } from '@app/payouts';

const env = process.env;
const config = loadConfig({
  NODE_ENV: 'test',
  DATABASE_URL: env.PAYOUT_WORKER_DATABASE_URL,
  REDIS_URL: env.PAYOUT_WORKER_REDIS_URL ?? '',
  QUEUE_PREFIX: env.PAYOUT_WORKER_QUEUE_PREFIX ?? 'qinqing',
  JWT_SECRET: 'test-secret-test-secret-0123456789',
});

@Module({
  imports: [
    CoreModule.forRoot({ config, migrations: PAYOUT_MIGRATIONS }),
    PayoutsModule.forRoot({
      chunkSize: 25,
      leaseMs: Number(env.PAYOUT_WORKER_LEASE_MS ?? 1000),
      sweepIntervalMs: 250,
      treasury: { kind: 'simulated', faults: { latencyMs: Number(env.PAYOUT_WORKER_LATENCY_MS ?? 10), closedAccountSuffix: '' } },
    }),
  ],
})
class CrashTestWorkerModule {}

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(CrashTestWorkerModule, { logger: ['error'] });
  const sender = app.get(PayoutSender);
  const crashAfter = Number(env.PAYOUT_WORKER_CRASH_AFTER_CALL ?? 0);
  let calls = 0;
  if (crashAfter > 0) {
    sender.afterTreasuryCall = () => {
      if (++calls === crashAfter) process.kill(process.pid, 'SIGKILL');
    };
  }
  app.get(EventBus).consume(2);
  app.get(OutboxRelay).start(100);
  sender.startWorkers({ concurrency: 2 });
  process.stdout.write('READY\n');
  process.on('SIGTERM', () => {
    void app.close().finally(() => process.exit(0));
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
