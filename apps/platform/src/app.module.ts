import { Module } from '@nestjs/common';
import { CoreModule } from '@app/core';
import { ENTERPRISE_MIGRATIONS, EnterprisesModule } from '@app/enterprises';
import { POLICY_MIGRATIONS, PoliciesModule } from '@app/policies';
import { DemoSeedService } from './seed/demo-seed.service';

/** Every module in one process: the embedded default for a laptop and the demo. */
@Module({
  imports: [CoreModule.forRoot({ migrations: [...ENTERPRISE_MIGRATIONS, ...POLICY_MIGRATIONS] }), EnterprisesModule, PoliciesModule],
  providers: [DemoSeedService],
})
export class PlatformModule {}
