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
