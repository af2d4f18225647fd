import { DynamicModule, Module, Provider } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/core';
import { PAID_BENEFITS_SOURCE } from '@app/contracts';
import { EnterprisesModule } from '@app/enterprises';
import { PoliciesModule } from '@app/policies';
import './approval.errors';
import { APPROVAL_OPTIONS, ApprovalOptions, DEFAULT_APPROVAL_OPTIONS } from './approval.options';
import { ApplicationRepository } from './application/application.repository';
import { ApplicationWorkflow } from './application/application-workflow.service';
import { ApplicationsController } from './application/applications.controller';
import { ApplicationsService } from './application/applications.service';
import { InboxAppliedAdapter } from './application/inbox-applied.adapter';
import { MaterialsService } from './application/materials.service';
import { ApprovalClock } from './clock';
import { ClawbackService } from './credit/clawback.service';
import { CreditController } from './credit/credit.controller';
import { DishonestListService } from './credit/dishonest-list.service';
import { ConfirmationService } from './disclosure/confirmation.service';
import { DisclosureController } from './disclosure/disclosure.controller';
import { DisclosureService } from './disclosure/disclosure.service';
import { FakeVerificationSender, VERIFICATION_SENDER } from './disclosure/verification-sender.port';
import { ApprovalInit1732000004000 } from './migrations/1732000004000-approval-init';
import { PrequalificationService } from './pipeline/prequalification.service';
import { ScreeningService } from './pipeline/screening.service';
import { FundPoolRepository } from './pool/fund-pool.repository';
import { PayoutResultsSubscriber } from './pool/payout-results.subscriber';
import { PaidBenefitsQuery } from './pool/paid-benefits.query';
import { ReviewController } from './review/review.controller';
import { ReviewService } from './review/review.service';
import { LocalDiskMaterialStorage } from './storage/local-disk.storage';
import { MATERIAL_STORAGE } from './storage/material-storage.port';
import { CalendarRepository } from './supervision/calendar.repository';
import { SupervisionController } from './supervision/supervision.controller';
import { SupervisionService } from './supervision/supervision.service';

export const APPROVAL_MIGRATIONS = [ApprovalInit1732000004000];

const SERVICES: Provider[] = [
  ApprovalClock, ApplicationRepository, FundPoolRepository, ApplicationWorkflow, ScreeningService, PrequalificationService,
  ApplicationsService, MaterialsService, InboxAppliedAdapter, ReviewService, DisclosureService, ConfirmationService,
  PayoutResultsSubscriber, CalendarRepository, SupervisionService, DishonestListService, ClawbackService,
  { provide: PAID_BENEFITS_SOURCE, useClass: PaidBenefitsQuery },
];

const ADAPTERS: Provider[] = [
  { provide: MATERIAL_STORAGE, inject: [APP_CONFIG], useFactory: (c: AppConfig) => new LocalDiskMaterialStorage(c.dataDir) },
  { provide: VERIFICATION_SENDER, useFactory: () => new FakeVerificationSender() },
];

const EXPORTS = [
  ApplicationsService, ReviewService, DisclosureService, ConfirmationService, PrequalificationService, SupervisionService,
  DishonestListService, ClawbackService, FundPoolRepository, ApprovalClock, CalendarRepository, PAID_BENEFITS_SOURCE, MATERIAL_STORAGE, VERIFICATION_SENDER, APPROVAL_OPTIONS,
];

/**
 * 审批中心: applications on one state machine with a public timeline, 申请制 / 即申即享 / 免申即享,
 * batch review, fund pools, 公示 and objections, account confirmation → ready_for_payout, payout
 * results, 督办 and ratings, the 失信 list and clawbacks. Import as is (defaults) or via forRoot.
 */
@Module({
  imports: [EnterprisesModule, PoliciesModule],
  controllers: [ApplicationsController, ReviewController, DisclosureController, SupervisionController, CreditController],
  providers: [...SERVICES, ...ADAPTERS, { provide: APPROVAL_OPTIONS, useValue: DEFAULT_APPROVAL_OPTIONS }],
  exports: EXPORTS,
})
export class ApprovalsModule {
  /** Same module with other settings or adapters (e.g. an in-memory MATERIAL_STORAGE); later providers win. */
  static forRoot(options: Partial<ApprovalOptions> = {}, adapters: Provider[] = []): DynamicModule {
    return {
      module: ApprovalsModule,
      providers: [{ provide: APPROVAL_OPTIONS, useValue: { ...DEFAULT_APPROVAL_OPTIONS, ...options } }, ...adapters],
    };
  }
}
