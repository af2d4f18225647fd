import { Module } from '@nestjs/common';
import { APPEAL_MIGRATIONS, AppealsModule } from '@app/appeals';
import { APPROVAL_MIGRATIONS, ApprovalsModule } from '@app/approvals';
import { CoreModule } from '@app/core';
import { ENTERPRISE_MIGRATIONS, EnterprisesModule } from '@app/enterprises';
import { POLICY_MIGRATIONS, PoliciesModule } from '@app/policies';

/** 审批中心 Approval center: applications, 免申即享 pipeline, review, 公示, fund pools, supervision; enterprise appeals (诉求). */
@Module({
  imports: [
    CoreModule.forRoot({ migrations: [...ENTERPRISE_MIGRATIONS, ...POLICY_MIGRATIONS, ...APPROVAL_MIGRATIONS, ...APPEAL_MIGRATIONS] }),
    EnterprisesModule,
    PoliciesModule,
    ApprovalsModule,
    AppealsModule,
  ],
})
export class AppModule {}
