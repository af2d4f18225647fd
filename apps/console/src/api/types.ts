import type { components } from './schema';

/** Response types by their DTO names in the OpenAPI document, for components and helpers. */
export type Schemas = components['schemas'];
export type FactDefinition = Schemas['FactDefinitionDto'];
export type CalculatorResult = Schemas['CalculatorResultDto'];
export type CalculatorLine = Schemas['CalculatorLineDto'];
export type PublicPolicy = Schemas['PublicPolicyDto'];
export type PublicItem = Schemas['PublicItemDto'];
export type PublicCatalogue = Schemas['PublicCatalogueDto'];
export type PolicySearchResult = Schemas['PolicySearchResultDto'];
export type DisclosureRound = Schemas['DisclosureRoundDto'];
export type DisclosureRoundDetail = Schemas['DisclosureRoundDetailDto'];
export type DisclosureEntry = Schemas['DisclosureEntryDto'];

// 兑付中心 (payouts): batches, instructions, fund pools, ledger, reconciliation, reports
export type BatchView = Schemas['BatchViewDto'];
export type BatchPage = Schemas['BatchPageDto'];
export type BatchPreview = Schemas['BatchPreviewDto'];
export type BatchFilter = Schemas['BatchFilterDto'];
export type BatchStatus = BatchView['status'];
export type PayoutInstruction = Schemas['PayoutInstructionDto'];
export type PayoutInstructionPage = Schemas['PayoutInstructionPageDto'];
export type InstructionStatus = PayoutInstruction['status'];
export type JournalEntry = Schemas['JournalEntryDto'];
export type FundPool = Schemas['FundPoolDto'];
export type PoolMovement = Schemas['PoolMovementDto'];
export type MovementKind = PoolMovement['kind'];
export type MovementStatus = PoolMovement['status'];
export type PoolHistoryEntry = Schemas['PoolHistoryEntryDto'];
export type LedgerBalance = Schemas['LedgerBalanceDto'];
export type LedgerCheck = Schemas['LedgerCheckDto'];
export type ReconItem = Schemas['ReconItemDto'];
export type ReconRun = Schemas['ReconRunDto'];
export type PaidReport = Schemas['PaidReportDto'];
export type ReportGrouping = PaidReport['groupBy'];
// 数据沙盘 (leader pages)
export type ScenarioDefinition = Schemas['ScenarioDefinitionDto'];
export type WhatIfAnswer = Schemas['WhatIfAnswerDto'];
export type FirmSample = Schemas['FirmSampleDto'];
export type GroupRow = Schemas['GroupRowDto'];
export type SweepAnswer = Schemas['SweepAnswerDto'];
export type OverlapAnswer = Schemas['OverlapAnswerDto'];
export type EffectAnswer = Schemas['EffectAnswerDto'];
export type SavedScenario = Schemas['SavedScenarioDto'];
export type SavedScenarioPage = Schemas['SavedScenarioPageDto'];
export type ProposedDraft = Schemas['ProposedDraftDto'];
// 驾驶舱
export type ItemPushStats = Schemas['ItemPushStatsDto'];
/** 政策中心（部门端）: policies, item versions (rule and formula as unions), tags. */
export type PolicySummary = Schemas['PolicySummaryDto'];
export type PolicyPage = Schemas['PolicyPageDto'];
export type PolicyView = Schemas['PolicyViewDto'];
export type PolicyItemRef = Schemas['PolicyItemRefDto'];
export type PolicyFaq = Schemas['PolicyFaqDto'];
export type ItemVersion = Schemas['ItemVersionDto'];
export type ItemStatus = ItemVersion['status'];
export type CashOutMode = ItemVersion['mode'];
export type BenefitFormula = ItemVersion['formula'];
export type BenefitTier = Schemas['BenefitTierDto'];
export type VersionDiff = Schemas['VersionDiffDto'];
export type TagView = Schemas['TagViewDto'];

/** 企业端: my policies, the inbox and notices, applications, the profile. */
export type MyPolicy = Schemas['MyPolicyDto'];
export type MyPolicies = Schemas['MyPoliciesDto'];
export type MyPolicyDetail = Schemas['MyPolicyDetailDto'];
export type InboxEntry = Schemas['InboxEntryDto'];
export type Notice = Schemas['NoticeDto'];
export type Application = Schemas['ApplicationDto'];
export type ReviewQueuePage = Schemas['ReviewQueuePageDto'];
export type BatchApproval = Schemas['BatchApprovalDto'];
export type ObjectionView = Schemas['ObjectionViewDto'];
export type ApplicationState = Application['state'];
export type TimelineNode = Schemas['TimelineNodeDto'];
export type Material = Schemas['MaterialDto'];
export type EnterpriseProfile = Schemas['EnterpriseViewDto'];
export type ProfileVersion = Schemas['ProfileVersionDto'];

/** 审计日志, 数据共享. */
export type AuditEntry = Schemas['AuditEntryDto'];
export type DataSourceStatus = Schemas['DataSourceStatusDto'];
export type DataSourceRejection = Schemas['DataSourceRejectionDto'];
