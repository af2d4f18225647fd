import { Module } from '@nestjs/common';
import { CoreModule } from '@app/core';
import { ENTERPRISE_MIGRATIONS, EnterprisesModule } from '@app/enterprises';
import { POLICY_MIGRATIONS, PoliciesModule } from '@app/policies';

/** 政策中心 Policy center: enterprises (一企一档), facts, tags, policies, matching, push and the calculator. */
@Module({
  imports: [CoreModule.forRoot({ migrations: [...ENTERPRISE_MIGRATIONS, ...POLICY_MIGRATIONS] }), EnterprisesModule, PoliciesModule],
})
export class AppModule {}
