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

/** 政策中心（部门端）: policies, item versions (rule and formula as unions), tags. */
export type PolicySummary = Schemas['PolicySummaryDto'];
export type PolicyPage = Schemas['PolicyPageDto'];
export type PolicyView = Schemas['PolicyViewDto'];
export type PolicyItemRef = Schemas['PolicyItemRefDto'];
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
export type ApplicationState = Application['state'];
export type TimelineNode = Schemas['TimelineNodeDto'];
export type Material = Schemas['MaterialDto'];
export type EnterpriseProfile = Schemas['EnterpriseViewDto'];
export type ProfileVersion = Schemas['ProfileVersionDto'];
