import { DynamicModule, Logger, Module, Provider } from '@nestjs/common';
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
import { MaterialsRepository } from './application/materials.repository';
import { ApprovalClock } from './clock';
import { ClawbackService } from './credit/clawback.service';
import { CreditController } from './credit/credit.controller';
import { DishonestListService } from './credit/dishonest-list.service';
import { DishonestListRepository } from './credit/dishonest-list.repository';
import { ClawbackRepository } from './credit/clawback.repository';
import { ConfirmationService } from './disclosure/confirmation.service';
import { DisclosureController } from './disclosure/disclosure.controller';
import { AccountVerificationRepository } from './disclosure/account-verification.repository';
import { DisclosureRepository } from './disclosure/disclosure.repository';
import { DisclosureService } from './disclosure/disclosure.service';
import { ObjectionAuditInterceptor } from './disclosure/objection-audit.interceptor';
import { ObjectionRepository } from './disclosure/objection.repository';
import { ObjectionService } from './disclosure/objection.service';
import { FakeVerificationSender, VERIFICATION_SENDER } from './disclosure/verification-sender.port';
import { ApprovalInit1732000004000 } from './migrations/1732000004000-approval-init';
import { ApprovalFactFlags1732000011200 } from './migrations/1732000011200-approval-fact-flags';
import { ApprovalFulfilment1732000015000 } from './migrations/1732000015000-approval-fulfilment';
import { VerificationRepository } from './commitment/verification.repository';
import { CommitmentVerificationService } from './commitment/verification.service';
import { VerificationController } from './commitment/verification.controller';
import { ConfirmationDeadlines } from './deadline/confirmation-deadlines.service';
import { ConfirmationDeadlinesRepository } from './deadline/confirmation-deadlines.repository';
import { FirmNotifier } from './notice/firm-notifier';
import { PublishedResults } from './results/published-results.service';
import { PublishedResultsRepository } from './results/published-results.repository';
import { ResultsController } from './results/results.controller';
import { StaffAlertsService } from './supervision/staff-alerts.service';
import { StaffAlertsRepository } from './supervision/staff-alerts.repository';
import { HttpStaffNotifier, LogStaffNotifier, STAFF_NOTIFIER } from './supervision/staff-notifier.port';
import { StepBoardService } from './supervision/step-board.service';
import { StepBoardRepository } from './supervision/step-board.repository';
import { ApprovalHardening1732000017100 } from './migrations/1732000017100-approval-hardening';
import { PrequalificationService } from './pipeline/prequalification.service';
import { ScreeningService } from './pipeline/screening.service';
import { ScreeningRepository } from './pipeline/screening.repository';
import { FundPoolRepository } from './pool/fund-pool.repository';
import { PayoutResultsSubscriber } from './pool/payout-results.subscriber';
import { PaidBenefitsQuery } from './pool/paid-benefits.query';
import { ReviewController } from './review/review.controller';
import { ReviewRepository } from './review/review.repository';
import { ReviewService } from './review/review.service';
import { LocalDiskMaterialStorage } from './storage/local-disk.storage';
import { MATERIAL_STORAGE } from './storage/material-storage.port';
import { CalendarRepository } from './supervision/calendar.repository';
import { SupervisionController } from './supervision/supervision.controller';
import { SupervisionService } from './supervision/supervision.service';
import { SupervisionRepository } from './supervision/supervision.repository';
import { ApprovalsBackgroundWork } from './approvals.background';

export const APPROVAL_MIGRATIONS = [ApprovalInit1732000004000, ApprovalFactFlags1732000011200, ApprovalFulfilment1732000015000, ApprovalHardening1732000017100];

const staffLog = new Logger('StaffNotifier');

const SERVICES: Provider[] = [
  ApprovalClock, ApplicationRepository, FundPoolRepository, ApplicationWorkflow, ScreeningRepository, ScreeningService, PrequalificationService,
  ApplicationsService, MaterialsRepository, MaterialsService, InboxAppliedAdapter, ReviewRepository, ReviewService, DisclosureRepository, DisclosureService, AccountVerificationRepository, ObjectionRepository, ObjectionService, ObjectionAuditInterceptor, ConfirmationService,
  PayoutResultsSubscriber, CalendarRepository, ApprovalsBackgroundWork, SupervisionRepository, SupervisionService, DishonestListRepository, DishonestListService, ClawbackRepository, ClawbackService,
  FirmNotifier, ConfirmationDeadlinesRepository, ConfirmationDeadlines, PublishedResultsRepository, PublishedResults, VerificationRepository, CommitmentVerificationService, StaffAlertsRepository, StaffAlertsService, StepBoardRepository, StepBoardService,
  { provide: PAID_BENEFITS_SOURCE, useClass: PaidBenefitsQuery },
];

const ADAPTERS: Provider[] = [
  { provide: MATERIAL_STORAGE, inject: [APP_CONFIG], useFactory: (c: AppConfig) => new LocalDiskMaterialStorage(c.dataDir) },
  { provide: VERIFICATION_SENDER, useFactory: () => new FakeVerificationSender() },
  {
    provide: STAFF_NOTIFIER,
    inject: [APP_CONFIG],
    useFactory: (c: AppConfig) => (c.fulfilment.staffGatewayUrl ? new HttpStaffNotifier(c.fulfilment.staffGatewayUrl) : new LogStaffNotifier((l) => staffLog.log(l))),
  },
];

const EXPORTS = [
  ApplicationsService, MaterialsService, ReviewService, DisclosureService, ObjectionService, ConfirmationService, PrequalificationService, SupervisionService,
  DishonestListService, ClawbackService, FundPoolRepository, ApprovalClock, CalendarRepository, PAID_BENEFITS_SOURCE, MATERIAL_STORAGE, VERIFICATION_SENDER, APPROVAL_OPTIONS,
  ConfirmationDeadlines, PublishedResults, CommitmentVerificationService, StaffAlertsService, STAFF_NOTIFIER,
];

/**
 * 审批中心: applications on one state machine with a public timeline, 申请制 / 即申即享 / 免申即享 /
 * 承诺兑现 (post-verification), batch review, fund pools, 公示 and objections, account confirmation
 * with its deadline → ready_for_payout, payout results, notices to the firm, 督办 of every waiting
 * step with staff alerts, ratings, the 失信 list and clawbacks, 结果公开. Import as is (defaults) or via forRoot.
 */
@Module({
  imports: [EnterprisesModule, PoliciesModule],
  controllers: [ApplicationsController, ReviewController, DisclosureController, SupervisionController, CreditController, VerificationController, ResultsController],
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
