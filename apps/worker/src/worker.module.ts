import { Module } from '@nestjs/common';
import { APPEAL_MIGRATIONS, AppealsModule } from '@app/appeals';
import { APPROVAL_MIGRATIONS, ApprovalsModule } from '@app/approvals';
import { CoreModule } from '@app/core';
import { ENTERPRISE_MIGRATIONS, EnterprisesModule } from '@app/enterprises';
import { PAYOUT_MIGRATIONS, PayoutsModule } from '@app/payouts';
import { POLICY_MIGRATIONS, PoliciesModule } from '@app/policies';

/** Queue consumers for all modules; run several to scale out against one Redis. */
@Module({
  imports: [CoreModule.forRoot({ migrations: [...ENTERPRISE_MIGRATIONS, ...POLICY_MIGRATIONS, ...APPROVAL_MIGRATIONS, ...PAYOUT_MIGRATIONS, ...APPEAL_MIGRATIONS] }), EnterprisesModule, PoliciesModule, ApprovalsModule, PayoutsModule, AppealsModule],
})
export class WorkerModule {}
