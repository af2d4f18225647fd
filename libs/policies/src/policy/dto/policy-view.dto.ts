import { ApiExtraModels, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { BenefitFormula, RuleCondition } from '@app/rules';
import { CASH_OUT_MODES, ITEM_STATUSES, POLICY_CATEGORIES, POLICY_LEVELS } from '../policy.types';
import type { CashOutMode, ItemStatus, PolicyCategory, PolicyLevel } from '../policy.types';
import { PolicyFaqDto } from './policy.dto';
import { FORMULA_MODELS, FORMULA_SCHEMA, JSON_VALUE, RULE_MODELS, RULE_SCHEMA } from './rule-schema.dto';

/** Response shapes of the policy center (部门端): what PoliciesService returns, as the console reads it. */

/** One version of an item (兑现事项): its content and where it stands in review. Money in fen. */
@ApiExtraModels(...RULE_MODELS, ...FORMULA_MODELS)
export class ItemVersionDto {
  @ApiProperty({ description: '版本编号' }) id: string;
  @ApiProperty() itemId: string;
  @ApiProperty() itemCode: string;
  @ApiProperty() policyId: string;
  @ApiProperty() version: number;
  @ApiProperty({ enum: ITEM_STATUSES }) status: ItemStatus;
  @ApiProperty() ownerDepartment: string;
  @ApiProperty({ type: [String], description: '申报条件与公式用到的条件项' }) factsUsed: string[];
  @ApiProperty({ type: String, nullable: true }) changeNote: string | null;
  @ApiProperty() createdBy: string;
  @ApiProperty({ type: String, nullable: true }) submittedBy: string | null;
  @ApiProperty({ type: String, nullable: true }) reviewedBy: string | null;
  @ApiProperty({ type: String, nullable: true }) reviewComment: string | null;
  @ApiProperty({ type: String, nullable: true }) publishedAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: '被替代、撤回或过期的时间' }) retiredAt: string | null;
  @ApiProperty({ example: '研发费用补助' }) name: string;
  @ApiProperty({ ...RULE_SCHEMA, description: '申报条件（json-rules-engine 条件，金额单位：分）' }) rule: RuleCondition;
  @ApiProperty({ ...FORMULA_SCHEMA, description: '补贴测算公式' }) formula: BenefitFormula;
  @ApiProperty({ enum: CASH_OUT_MODES }) mode: CashOutMode;
  @ApiProperty({ type: String, nullable: true }) applyFrom: string | null;
  @ApiProperty({ type: String, nullable: true }) applyTo: string | null;
  @ApiProperty({ type: [String] }) materials: string[];
  @ApiProperty({ type: String, nullable: true, description: '不重复享受分组' }) exclusionGroup: string | null;
  @ApiProperty({ type: String, nullable: true }) clause: string | null;
  @ApiProperty({ description: '资金池（分）' }) fundPoolFen: number;
  @ApiProperty({ type: String, nullable: true }) contact: string | null;
  @ApiProperty() effectiveFrom: string;
  @ApiProperty({ type: String, nullable: true }) effectiveTo: string | null;
}

/** A policy without its items (the list). */
export class PolicySummaryDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) docNumber: string | null;
  @ApiProperty({ description: '所属部门编码' }) ownerDepartment: string;
  @ApiProperty({ enum: POLICY_LEVELS }) level: PolicyLevel;
  @ApiProperty({ enum: POLICY_CATEGORIES }) category: PolicyCategory;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ type: String, nullable: true }) sourceUrl: string | null;
  @ApiProperty({ description: '政策原文' }) fullText: string;
  @ApiProperty({ type: String, nullable: true }) publishDate: string | null;
  @ApiProperty() effectiveFrom: string;
  @ApiProperty({ type: String, nullable: true }) effectiveTo: string | null;
  @ApiProperty({ description: '演示数据（非真实政策）' }) isDemo: boolean;
  @ApiPropertyOptional({ type: String, nullable: true, description: '政策解读（没有时不出现）' }) interpretation?: string | null;
  @ApiPropertyOptional({ type: () => [PolicyFaqDto], description: '常见问题（没有时不出现）' }) faq?: PolicyFaqDto[];
}

/** An item of a policy: its versions in effect (current), under edit or review (open), and the latest. */
export class PolicyItemRefDto {
  @ApiProperty({ description: '事项编号' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty() latestVersion: number;
  @ApiProperty({ type: () => ItemVersionDto, nullable: true, description: '当前发布版本' }) current: ItemVersionDto | null;
  @ApiProperty({ type: () => ItemVersionDto, nullable: true, description: '编辑或审核中的版本' }) open: ItemVersionDto | null;
  @ApiProperty({ type: () => ItemVersionDto }) latest: ItemVersionDto;
}

export class PolicyViewDto extends PolicySummaryDto {
  @ApiProperty({ description: '政策信息的修订号：每次编辑加一，编辑时带上读到的修订号' }) revision: number;
  @ApiProperty({ description: '政策信息最后修改时间' }) updatedAt: string;
  @ApiProperty({ type: () => [PolicyItemRefDto] }) items: PolicyItemRefDto[];
}

export class PolicyPageDto {
  @ApiProperty({ type: () => [PolicySummaryDto] }) items: PolicySummaryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

/** One changed leaf between two versions, addressed by JSON pointer. */
export class FieldChangeDto {
  @ApiProperty({ example: '/rule/all/0/value' }) path: string;
  @ApiProperty({ ...JSON_VALUE, description: '修改前的值' }) before: unknown;
  @ApiProperty({ ...JSON_VALUE, description: '修改后的值' }) after: unknown;
}

export class VersionDiffDto {
  @ApiProperty() from: number;
  @ApiProperty() to: number;
  @ApiProperty({ type: () => [FieldChangeDto] }) changes: FieldChangeDto[];
}
