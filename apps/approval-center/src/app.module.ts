import { Module } from '@nestjs/common';
import { APPROVAL_MIGRATIONS, ApprovalsModule } from '@app/approvals';
import { CoreModule } from '@app/core';
import { ENTERPRISE_MIGRATIONS, EnterprisesModule } from '@app/enterprises';
import { POLICY_MIGRATIONS, PoliciesModule } from '@app/policies';

/** 审批中心 Approval center: applications, 免申即享 pipeline, review, 公示, fund pools, supervision. */
@Module({
  imports: [
    CoreModule.forRoot({ migrations: [...ENTERPRISE_MIGRATIONS, ...POLICY_MIGRATIONS, ...APPROVAL_MIGRATIONS] }),
    EnterprisesModule,
    PoliciesModule,
    ApprovalsModule,
  ],
})
export class AppModule {}
