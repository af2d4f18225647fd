import { Module } from '@nestjs/common';
import { CoreModule } from '@app/core';
import { ENTERPRISE_MIGRATIONS, EnterprisesModule } from '@app/enterprises';
import { PAYOUT_MIGRATIONS, PayoutsModule } from '@app/payouts';
import { POLICY_MIGRATIONS, PoliciesModule } from '@app/policies';

/** Queue consumers for all modules; run several to scale out against one Redis. */
@Module({
  imports: [CoreModule.forRoot({ migrations: [...ENTERPRISE_MIGRATIONS, ...POLICY_MIGRATIONS, ...PAYOUT_MIGRATIONS] }), EnterprisesModule, PoliciesModule, PayoutsModule],
})
export class WorkerModule {}
