import { Module } from '@nestjs/common';
import { CoreModule } from '@app/core';
import { PAYOUT_MIGRATIONS, PayoutsModule } from '@app/payouts';

/** 兑付中心 Payout center: instructions, maker-checker batches, treasury, reconciliation, ledger, reports. */
@Module({ imports: [CoreModule.forRoot({ migrations: [...PAYOUT_MIGRATIONS] }), PayoutsModule] })
export class AppModule {}
