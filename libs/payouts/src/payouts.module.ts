import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PAYOUT_PROGRESS_SOURCE } from '@app/contracts';
import { APP_CONFIG, AppConfig } from '@app/core';
import { BatchesController } from './batch/batches.controller';
import { BatchesRepository } from './batch/batches.repository';
import { BatchesService } from './batch/batches.service';
import { InstructionsController } from './instruction/instructions.controller';
import { InstructionsRepository } from './instruction/instructions.repository';
import { InstructionsService } from './instruction/instructions.service';
import { ReadyForPayoutSubscriber } from './instruction/ready-for-payout.subscriber';
import { LedgerController } from './ledger/ledger.controller';
import { LedgerRepository } from './ledger/ledger.repository';
import { LedgerService } from './ledger/ledger.service';
import { PayoutInit1732000006000 } from './migrations/1732000006000-payout-init';
import { PayoutCallbackHardening1732000011300 } from './migrations/1732000011300-payout-callback-hardening';
import { PayoutRealtime1733140301000 } from './migrations/1733140301000-payout-realtime';
import { PayoutClock } from './payout.clock';
import { PoolsController } from './pool/pools.controller';
import { PoolsRepository } from './pool/pools.repository';
import { PoolsService } from './pool/pools.service';
import { DEFAULT_PAYOUT_OPTIONS, PAYOUT_OPTIONS, PayoutOptions } from './payout.options';
import { ReconciliationController } from './reconciliation/reconciliation.controller';
import { ReconciliationRepository } from './reconciliation/reconciliation.repository';
import { ReconciliationService } from './reconciliation/reconciliation.service';
import { PayoutReportController } from './report/payout-report.controller';
import { PayoutReportRepository } from './report/payout-report.repository';
import { PayoutReportService } from './report/payout-report.service';
import { PayoutProgressQuery } from './report/payout-progress.query';
import { BatchApprovedSubscriber } from './sending/batch-approved.subscriber';
import { PayoutSender } from './sending/payout-sender';
import { ResultRecorder } from './sending/result-recorder';
import { SendingRepository } from './sending/sending.repository';
import { TreasuryCallbackController } from './treasury/treasury-callback.controller';
import { CallbackNoncesRepository } from './treasury/callback-nonces.repository';
import { TreasuryCallbackReceiver } from './treasury/treasury-callback.receiver';
import { createTreasury } from './treasury/treasury.factory';
import { TREASURY_PORT } from './treasury/treasury.port';
import { PayoutsBackgroundWork } from './payouts.background';

export const PAYOUT_MIGRATIONS = [PayoutInit1732000006000, PayoutCallbackHardening1732000011300, PayoutRealtime1733140301000];

const providers = [
  PayoutsBackgroundWork,
  PayoutClock,
  BatchesRepository,
  PoolsRepository,
  InstructionsRepository,
  PoolsService,
  LedgerRepository,
  LedgerService,
  ResultRecorder,
  InstructionsService,
  BatchesService,
  SendingRepository,
  PayoutSender,
  ReconciliationRepository,
  ReconciliationService,
  PayoutReportRepository,
  PayoutReportService,
  ReadyForPayoutSubscriber,
  BatchApprovedSubscriber,
  CallbackNoncesRepository,
  TreasuryCallbackReceiver,
  { provide: PAYOUT_PROGRESS_SOURCE, useClass: PayoutProgressQuery },
  {
    provide: TREASURY_PORT,
    inject: [PAYOUT_OPTIONS, APP_CONFIG, DataSource],
    useFactory: (o: PayoutOptions, c: AppConfig, ds: DataSource) => createTreasury(o, c, ds),
  },
];
const controllers = [InstructionsController, BatchesController, LedgerController, ReconciliationController, PayoutReportController, TreasuryCallbackController, PoolsController];
const exported = [TreasuryCallbackReceiver, PAYOUT_PROGRESS_SOURCE, InstructionsService, BatchesService, PayoutSender, LedgerService, ReconciliationService, PayoutReportService, PoolsService, PayoutClock, TREASURY_PORT, PAYOUT_OPTIONS];

/**
 * 兑付中心: instructions, maker-checker batches, treasury adapters, exactly-once sending,
 * reconciliation, the double-entry ledger and reports, auto-batching per payer, fund pools with
 * top-ups and transfers. The treasury adapter is the one TREASURY_MODE chooses;
 * `PayoutsModule.forRoot({...})` may name another (tests) or tune sending.
 */
@Module({
  controllers,
  providers: [...providers, { provide: PAYOUT_OPTIONS, useValue: DEFAULT_PAYOUT_OPTIONS }],
  exports: exported,
})
export class PayoutsModule {
  static forRoot(options: Partial<PayoutOptions> = {}): DynamicModule {
    // Merged with the static metadata; this PAYOUT_OPTIONS replaces the default one.
    return { module: PayoutsModule, providers: [{ provide: PAYOUT_OPTIONS, useValue: { ...DEFAULT_PAYOUT_OPTIONS, ...options } }] };
  }
}
