import { EventBus, FieldCipher, OutboxService } from '@app/core';
import { BatchesService, BatchFilter, InProcessTreasuryAdapter, PAYOUT_MIGRATIONS, PayoutOptions, PayoutSender, PayoutsModule, SimulatedBank, TREASURY_PORT, TreasuryPort } from '@app/payouts';
import { createTestApp, TestApp } from '../../support/test-app';
import type { TestDatabase } from '../../support/test-database';
import { makePrincipal } from './payout-factories';

export interface PayoutTestApp extends TestApp {
  cipher: FieldCipher;
  outbox: OutboxService;
  sender: PayoutSender;
  treasury: TreasuryPort;
  /** The simulated bank, when the treasury is the in-process simulator. */
  bank: SimulatedBank;
  /** Starts the event consumer and the payout workers in this process. */
  startWorkers(): void;
}

/** `more.database`: a database made elsewhere (a private server); `more.migrations`: instead of the payout center's alone (e.g. the whole platform schema). */
export async function createPayoutTestApp(
  options: Partial<PayoutOptions> = {},
  env: Record<string, string> = {},
  more: { database?: TestDatabase; migrations?: Function[] } = {},
): Promise<PayoutTestApp> {
  const t = await createTestApp({ imports: [PayoutsModule.forRoot({ sweepIntervalMs: 300, ...options })], migrations: more.migrations ?? PAYOUT_MIGRATIONS, env, database: more.database });
  const treasury = t.app.get<TreasuryPort>(TREASURY_PORT);
  const sender = t.app.get(PayoutSender);
  return {
    ...t,
    cipher: new FieldCipher(t.config.keys),
    outbox: t.app.get(OutboxService),
    sender,
    treasury,
    bank: (treasury as InProcessTreasuryAdapter).bank,
    startWorkers() {
      t.app.get(EventBus).consume(4);
      sender.startWorkers();
    },
    async close() {
      sender.stop();
      await t.close();
    },
  };
}

/** Maker builds and submits, a different checker approves; returns the batch id (sending is up to the workers). */
export async function approveBatch(t: TestApp, filter: BatchFilter): Promise<string> {
  const svc = t.app.get(BatchesService);
  const maker = makePrincipal('finance_maker');
  const checker = makePrincipal('finance_checker');
  const b = await svc.create(maker, { filter });
  await svc.submit(maker, b.id);
  await svc.approve(checker, b.id);
  return b.id;
}
