import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASH_OUT_MODES, POLICY_CATEGORIES, POLICY_LEVELS } from '../../policy/policy.types';
import type { CashOutMode, PolicyCategory, PolicyLevel } from '../../policy/policy.types';

/** Response shapes of the public (no login) policy pages; declared as classes so the OpenAPI document — and the console's generated client — carry them. */
export class RuleLineDto {
  @ApiProperty({ description: '缩进层级（0 为最外层）' }) depth: number;
  @ApiProperty({ enum: ['all', 'any', 'not', 'condition'] }) kind: 'all' | 'any' | 'not' | 'condition';
  @ApiProperty({ example: '研发费用 要求不低于 100万元' }) text: string;
}

export class PublicItemDto {
  @ApiProperty() itemId: string;
  @ApiProperty() itemCode: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: '当前发布版本号' }) version: number;
  @ApiProperty({ enum: CASH_OUT_MODES }) mode: CashOutMode;
  @ApiProperty({ example: '申请制' }) modeLabel: string;
  @ApiProperty({ type: [RuleLineDto], description: '申报条件（白话）' }) conditions: RuleLineDto[];
  @ApiProperty({ example: '按研发费用的 10% 计算，最高不超过 500万元' }) formulaText: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: '申报开始日期' }) applyFrom: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: '申报截止日期' }) applyTo: string | null;
  @ApiProperty({ type: [String] }) materials: string[];
  @ApiPropertyOptional({ type: String, nullable: true, description: '政策条款' }) clause: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) contact: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: '不重复享受分组' }) exclusionGroup: string | null;
  @ApiProperty() effectiveFrom: string;
  @ApiPropertyOptional({ type: String, nullable: true }) effectiveTo: string | null;
  @ApiProperty() publishedAt: string;
}

export class PublicFaqDto {
  @ApiProperty() question: string;
  @ApiProperty() answer: string;
}

/** An appeal theme (诉求主题) linked to the policy's items: counts only, never an appeal or a firm. */
export class PublicAppealThemeDto {
  @ApiProperty({ description: '诉求类别编码' }) category: string;
  @ApiProperty({ example: '融资信贷' }) categoryLabel: string;
  @ApiProperty({ type: [String], description: '主题关键词（人工关联的诉求为空）' }) terms: string[];
  @ApiProperty({ description: '反映该主题的企业数' }) firmCount: number;
  @ApiProperty({ type: [String], description: '关联的兑现事项' }) itemIds: string[];
}

export class PublicPolicyDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() title: string;
  @ApiPropertyOptional({ type: String, nullable: true }) docNumber: string | null;
  @ApiProperty({ enum: POLICY_LEVELS }) level: PolicyLevel;
  @ApiProperty({ example: '市' }) levelLabel: string;
  @ApiProperty({ enum: POLICY_CATEGORIES }) category: PolicyCategory;
  @ApiProperty({ example: '奖补' }) categoryLabel: string;
  @ApiProperty({ description: '主管部门编码' }) department: string;
  @ApiProperty({ example: '市科技局' }) departmentName: string;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiPropertyOptional({ type: String, nullable: true }) sourceUrl: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) publishDate: string | null;
  @ApiProperty() effectiveFrom: string;
  @ApiPropertyOptional({ type: String, nullable: true }) effectiveTo: string | null;
  @ApiProperty({ description: '政策原文' }) fullText: string;
  @ApiProperty({ description: '演示数据（非真实政策）' }) isDemo: boolean;
  @ApiPropertyOptional({ type: String, nullable: true, description: '政策解读（没有时为 null）' }) interpretation: string | null;
  @ApiProperty({ type: [PublicFaqDto], description: '常见问题（没有时为空列表）' }) faq: PublicFaqDto[];
  @ApiProperty({ type: [PublicItemDto], description: '已发布的兑现事项（仅当前发布版本）' }) items: PublicItemDto[];
  @ApiProperty({ type: [PublicAppealThemeDto], description: '关联的企业诉求主题（未部署诉求中心或没有时为空列表）' }) appealThemes: PublicAppealThemeDto[];
}

export class CodeNameDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

export class TagOptionDto extends CodeNameDto {
  @ApiProperty({ example: '资质认定' }) category: string;
}

export class ValueLabelDto {
  @ApiProperty() value: string;
  @ApiProperty() label: string;
}

/** What the public forms pick from: departments, districts, industries, tags and the policy enumerations. */
export class PublicCatalogueDto {
  @ApiProperty({ type: [CodeNameDto] }) departments: CodeNameDto[];
  @ApiProperty({ type: [CodeNameDto], description: '区县（功能区）' }) districts: CodeNameDto[];
  @ApiProperty({ type: [CodeNameDto], description: '行业（门类与常见大类、中类）' }) industries: CodeNameDto[];
  @ApiProperty({ type: [TagOptionDto] }) tags: TagOptionDto[];
  @ApiProperty({ type: [ValueLabelDto] }) levels: ValueLabelDto[];
  @ApiProperty({ type: [ValueLabelDto] }) categories: ValueLabelDto[];
  @ApiProperty({ type: [ValueLabelDto] }) modes: ValueLabelDto[];
}
