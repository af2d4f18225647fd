import { Module } from '@nestjs/common';
import { APPEAL_MIGRATIONS, AppealsModule } from '@app/appeals';
import { APPROVAL_MIGRATIONS, ApprovalsModule } from '@app/approvals';
import { ConsoleStaticModule, CoreModule } from '@app/core';
import { ENTERPRISE_MIGRATIONS, EnterprisesModule } from '@app/enterprises';
import { PAYOUT_MIGRATIONS, PayoutsModule } from '@app/payouts';
import { POLICY_MIGRATIONS, PoliciesModule } from '@app/policies';
import { SANDBOX_MIGRATIONS, SandboxModule } from '@app/sandbox';
import { DemoAccountsController } from './seed/demo-accounts.controller';
import { DemoClockController } from './seed/demo-clock.controller';
import { DemoSmsController } from './seed/demo-sms.controller';
import { DemoAppealsSeed } from './seed/demo-appeals.seed';
import { DemoJourneysSeed } from './seed/demo-journeys.seed';
import { DemoSeedService } from './seed/demo-seed.service';

/** Every module in one process, and the web console at `/`: the embedded default for a laptop and the demo. */
@Module({
  imports: [CoreModule.forRoot({ migrations: [...ENTERPRISE_MIGRATIONS, ...POLICY_MIGRATIONS, ...APPROVAL_MIGRATIONS, ...SANDBOX_MIGRATIONS, ...PAYOUT_MIGRATIONS, ...APPEAL_MIGRATIONS] }), EnterprisesModule, PoliciesModule, ApprovalsModule, SandboxModule, PayoutsModule, AppealsModule, ConsoleStaticModule.forRoot()],
  controllers: [DemoAccountsController, DemoSmsController, DemoClockController],
  providers: [DemoSeedService, DemoAppealsSeed, DemoJourneysSeed],
})
export class PlatformModule {}
