import { Module } from '@nestjs/common';
import { APPEAL_MIGRATIONS, AppealsModule } from '@app/appeals';
import { APPROVAL_MIGRATIONS, ApprovalsModule } from '@app/approvals';
import { CoreModule } from '@app/core';
import { ENTERPRISE_MIGRATIONS, EnterprisesModule } from '@app/enterprises';
import { PAYOUT_MIGRATIONS, PayoutsModule } from '@app/payouts';
import { POLICY_MIGRATIONS, PoliciesModule } from '@app/policies';
import { SANDBOX_MIGRATIONS, SandboxModule } from '@app/sandbox';
import { DemoAppealsSeed } from './seed/demo-appeals.seed';
import { DemoSeedService } from './seed/demo-seed.service';

/** Every module in one process: the embedded default for a laptop and the demo. */
@Module({
  imports: [CoreModule.forRoot({ migrations: [...ENTERPRISE_MIGRATIONS, ...POLICY_MIGRATIONS, ...APPROVAL_MIGRATIONS, ...SANDBOX_MIGRATIONS, ...PAYOUT_MIGRATIONS, ...APPEAL_MIGRATIONS] }), EnterprisesModule, PoliciesModule, ApprovalsModule, SandboxModule, PayoutsModule, AppealsModule],
  providers: [DemoSeedService, DemoAppealsSeed],
})
export class PlatformModule {}
