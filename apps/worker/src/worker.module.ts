import { Module } from '@nestjs/common';
import { APPROVAL_MIGRATIONS, ApprovalsModule } from '@app/approvals';
import { CoreModule } from '@app/core';
import { ENTERPRISE_MIGRATIONS, EnterprisesModule } from '@app/enterprises';
import { PAYOUT_MIGRATIONS, PayoutsModule } from '@app/payouts';
import { POLICY_MIGRATIONS, PoliciesModule } from '@app/policies';

/** Queue consumers for all modules; run several to scale out against one Redis. */
@Module({
  imports: [CoreModule.forRoot({ migrations: [...ENTERPRISE_MIGRATIONS, ...POLICY_MIGRATIONS, ...APPROVAL_MIGRATIONS, ...PAYOUT_MIGRATIONS] }), EnterprisesModule, PoliciesModule, ApprovalsModule, PayoutsModule],
})
export class WorkerModule {}
