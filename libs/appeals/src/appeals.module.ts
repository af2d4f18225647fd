import { AppealsBackgroundWork } from './appeals.background';
import { DynamicModule, Module, Provider } from '@nestjs/common';
import { ApprovalsModule, MATERIAL_STORAGE } from '@app/approvals';
import { EnterprisesModule } from '@app/enterprises';
import { PoliciesModule } from '@app/policies';
import './appeal.errors';
import { APPEAL_ATTACHMENT_STORAGE, APPEAL_OPTIONS, AppealOptions, DEFAULT_APPEAL_OPTIONS } from './appeal.options';
import { AppealActionsController } from './appeal/appeal-actions.controller';
import { AppealDirectory } from './appeal/appeal-directory.service';
import { AppealRepository } from './appeal/appeal.repository';
import { AppealClock } from './appeal/appeal.clock';
import { CategoriesRepository } from './appeal/categories.repository';
import { AppealsController } from './appeal/appeals.controller';
import { AppealViews } from './appeal/appeal-views.service';
import { AppealWorkflow } from './appeal/appeal-workflow.service';
import { FeedbackRepository } from './feedback/feedback.repository';
import { FeedbackService } from './feedback/feedback.service';
import { ExtensionsRepository } from './handling/extensions.repository';
import { HandlingService } from './handling/handling.service';
import { AttachmentsRepository } from './intake/attachments.repository';
import { AttachmentsService } from './intake/attachments.service';
import { IntakeService } from './intake/intake.service';
import { RegisterImportService } from './intake/register-import.service';
import { LedgerRepository } from './ledger/ledger.repository';
import { LedgerService } from './ledger/ledger.service';
import { AppealInit1732000013001 } from './migrations/1732000013001-appeal-init';
import { AppealCategoryRequirements1733161300000 } from './migrations/1733161300000-appeal-category-requirements';
import { AppealNoticeService } from './notices/notice.service';
import { NoticesRepository } from './notices/notices.repository';
import { OfficersController } from './officers/officers.controller';
import { OfficersRepository } from './officers/officers.repository';
import { OfficersService } from './officers/officers.service';
import { PolicyBridgeRepository } from './policy/policy-bridge.repository';
import { PolicyBridgeService } from './policy/policy-bridge.service';
import { RankingRepository } from './ranking/ranking.repository';
import { RankingService } from './ranking/ranking.service';
import { ReceptionController } from './reception/reception.controller';
import { ReceptionRepository } from './reception/reception.repository';
import { ReceptionService } from './reception/reception.service';
import { LetterRepository } from './supervision/letter.repository';
import { LetterService } from './supervision/letter.service';
import { AppealSupervisionController } from './supervision/supervision.controller';
import { SupervisionRepository } from './supervision/supervision.repository';
import { AppealSupervisionService } from './supervision/supervision.service';
import { SimilarityRepository } from './triage/similarity.repository';
import { SimilarityService } from './triage/similarity.service';
import { TriageService } from './triage/triage.service';

export const APPEAL_MIGRATIONS = [AppealInit1732000013001, AppealCategoryRequirements1733161300000];

const SERVICES: Provider[] = [
  AppealClock, AppealRepository, AppealDirectory, AppealViews, AppealWorkflow, AppealNoticeService, LetterService, IntakeService, RegisterImportService,
  AttachmentsService, SimilarityService, TriageService, HandlingService, FeedbackService, AppealSupervisionService, LedgerService, RankingService,
  ReceptionService, OfficersService, PolicyBridgeService, AppealsBackgroundWork,
  // Their SQL: one repository per feature.
  ReceptionRepository, SupervisionRepository, PolicyBridgeRepository, OfficersRepository, FeedbackRepository, LetterRepository,
  LedgerRepository, AttachmentsRepository, ExtensionsRepository, NoticesRepository, RankingRepository, SimilarityRepository,
  CategoriesRepository,
];

const EXPORTS = [
  AppealClock, AppealRepository, AppealWorkflow, IntakeService, TriageService, HandlingService, FeedbackService, AppealSupervisionService, ReceptionService, OfficersService,
  LedgerService, RankingService, SimilarityService, PolicyBridgeService, AppealNoticeService, APPEAL_OPTIONS,
];

/**
 * 企业诉求: the closed loop from a firm's problem to its closing-off — collect, pre-study, 交办, handle,
 * answer, feedback and 销号, supervision with letters and escalation, 回访 — with reception days, 包联
 * officers, the ledger, the monthly ranking and the bridge to policies. Own schema `appeal`.
 * The static routes' controllers come before the one with `appeals/:id`.
 */
@Module({
  imports: [EnterprisesModule, PoliciesModule, ApprovalsModule],
  controllers: [AppealsController, AppealSupervisionController, ReceptionController, OfficersController, AppealActionsController],
  providers: [
    ...SERVICES,
    { provide: APPEAL_OPTIONS, useValue: DEFAULT_APPEAL_OPTIONS },
    { provide: APPEAL_ATTACHMENT_STORAGE, useExisting: MATERIAL_STORAGE },
  ],
  exports: EXPORTS,
})
export class AppealsModule {
  /** Same module with other settings or adapters (e.g. an in-memory APPEAL_ATTACHMENT_STORAGE); later providers win. */
  static forRoot(options: Partial<AppealOptions> = {}, adapters: Provider[] = []): DynamicModule {
    return {
      module: AppealsModule,
      providers: [{ provide: APPEAL_OPTIONS, useValue: { ...DEFAULT_APPEAL_OPTIONS, ...options } }, ...adapters],
    };
  }
}
