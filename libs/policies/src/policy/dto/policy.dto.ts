import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { PageQueryDto } from '@app/core';
import { CASH_OUT_MODES, POLICY_CATEGORIES, POLICY_LEVELS } from '../policy.types';

/**
 * Shapes only; the content rules (rule and formula against the fact registry, dates, windows) are
 * checked by the domain validation, which reports JSON pointers.
 */
export class ItemContentDto {
  @ApiProperty({ example: '研发费用补助' }) @IsString() name: string;
  @ApiProperty({ description: '申报条件（json-rules-engine 条件，金额单位：分）', example: { all: [{ fact: 'tags', operator: 'hasTag', value: 'hitech' }] } })
  @IsObject()
  rule: Record<string, unknown>;
  @ApiProperty({ description: '补贴测算公式', example: { kind: 'rate', fact: 'rdExpense', rate: '0.1', max: 50000000 } })
  @IsObject()
  formula: Record<string, unknown>;
  @ApiProperty({ enum: CASH_OUT_MODES }) @IsIn(CASH_OUT_MODES) mode: (typeof CASH_OUT_MODES)[number];
  @ApiPropertyOptional() @IsOptional() @IsString() applyFrom?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() applyTo?: string | null;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @IsString({ each: true }) materials?: string[];
  @ApiPropertyOptional() @IsOptional() @IsString() exclusionGroup?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) clause?: string | null;
  @ApiProperty({ description: '资金池（分）' }) @IsInt() @Min(0) fundPoolFen: number;
  @ApiPropertyOptional() @IsOptional() @IsString() contact?: string | null;
  @ApiProperty({ example: '2026-01-01' }) @IsString() effectiveFrom: string;
  @ApiPropertyOptional() @IsOptional() @IsString() effectiveTo?: string | null;
}

export class NewItemDto extends ItemContentDto {
  @ApiProperty({ example: 'KJ-2026-RD' }) @IsString() code: string;
}

export class PolicyFaqDto {
  @ApiProperty({ example: '研发费用以什么为准？' }) @IsString() @MinLength(1) @MaxLength(300) question: string;
  @ApiProperty({ example: '以税务部门确认的上年度研发费用加计扣除数额为准。' }) @IsString() @MinLength(1) @MaxLength(5000) answer: string;
}

export class CreatePolicyDto {
  @ApiProperty({ example: 'ZZ-KJ-2026-001' }) @IsString() code: string;
  @ApiProperty({ example: '郑州市支持科技创新若干政策措施' }) @IsString() title: string;
  @ApiPropertyOptional({ example: '郑政〔2026〕1号' }) @IsOptional() @IsString() docNumber?: string;
  @ApiPropertyOptional({ description: '仅管理员指定' }) @IsOptional() @IsString() ownerDepartment?: string;
  @ApiProperty({ enum: POLICY_LEVELS }) @IsIn(POLICY_LEVELS) level: (typeof POLICY_LEVELS)[number];
  @ApiProperty({ enum: POLICY_CATEGORIES }) @IsIn(POLICY_CATEGORIES) category: (typeof POLICY_CATEGORIES)[number];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @IsString({ each: true }) tags?: string[];
  @ApiPropertyOptional() @IsOptional() @IsString() sourceUrl?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200_000) fullText?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() publishDate?: string;
  @ApiProperty({ example: '2026-01-01' }) @IsString() effectiveFrom: string;
  @ApiPropertyOptional() @IsOptional() @IsString() effectiveTo?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() isDemo?: boolean;
  @ApiPropertyOptional({ description: '政策解读' }) @IsOptional() @IsString() @MaxLength(20_000) interpretation?: string;
  @ApiPropertyOptional({ type: [PolicyFaqDto], description: '常见问题' }) @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => PolicyFaqDto) faq?: PolicyFaqDto[];
  @ApiProperty({ type: [NewItemDto] }) @IsArray() @ValidateNested({ each: true }) @Type(() => NewItemDto) items: NewItemDto[];
}

/**
 * The fields of 政策信息 an edit may change (all optional; send only what changed). Documents the
 * shape; the content is checked by the domain (validatePolicyChanges: same rules as creation, JSON
 * pointers under /changes, unknown fields refused with POLICY.UNKNOWN_FIELD).
 */
export class PolicyChangesDto {
  @ApiPropertyOptional({ example: '郑州市支持科技创新若干政策措施（修订）' }) title?: string;
  @ApiPropertyOptional({ example: '郑政〔2026〕1号', nullable: true, type: String }) docNumber?: string | null;
  @ApiPropertyOptional({ enum: POLICY_LEVELS }) level?: (typeof POLICY_LEVELS)[number];
  @ApiPropertyOptional({ enum: POLICY_CATEGORIES }) category?: (typeof POLICY_CATEGORIES)[number];
  @ApiPropertyOptional({ type: [String] }) tags?: string[];
  @ApiPropertyOptional({ nullable: true, type: String }) sourceUrl?: string | null;
  @ApiPropertyOptional({ description: '政策原文' }) fullText?: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: '2026-01-01' }) publishDate?: string | null;
  @ApiPropertyOptional({ example: '2026-01-01' }) effectiveFrom?: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: '2028-12-31' }) effectiveTo?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '政策解读' }) interpretation?: string | null;
  @ApiPropertyOptional({ type: [PolicyFaqDto], description: '常见问题（整体替换）' }) faq?: PolicyFaqDto[];
}

/** PATCH /policies/{id}: what changes, why, and the revision it was read at (optimistic concurrency). */
export class UpdatePolicyDto {
  @ApiProperty({ type: PolicyChangesDto, description: '要修改的政策信息（只含修改的字段）' }) @IsObject() changes: Record<string, unknown>;
  @ApiProperty({ description: '修改原因（记入审计）', example: '根据新文件更正文号' }) @IsString() @MinLength(2) @MaxLength(500) reason: string;
  @ApiProperty({ description: '读取政策时的版本号 revision；已被他人修改时返回 409 POLICY.STALE_REVISION', example: 1 }) @IsInt() @Min(1) revision: number;
}

export class EditItemDto {
  @ApiProperty({ description: '要修改的内容（部分字段）' }) @IsObject() changes: Record<string, unknown>;
  @ApiPropertyOptional({ example: '上调封顶金额' }) @IsOptional() @IsString() @MaxLength(500) changeNote?: string;
}

export class ReviewDto {
  @ApiProperty({ enum: ['approve', 'reject'] }) @IsIn(['approve', 'reject']) decision: 'approve' | 'reject';
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) comment?: string;
}

export class WithdrawDto {
  @ApiProperty() @IsString() @MinLength(2) @MaxLength(500) reason: string;
}

export class PolicyListQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() department?: string;
}

export class ImportPoliciesDto {
  @ApiPropertyOptional({ enum: ['yaml', 'json'], default: 'yaml' }) @IsOptional() @IsIn(['yaml', 'json']) format?: 'yaml' | 'json';
  @ApiProperty({ description: 'YAML 或 JSON 文本：政策列表' }) @IsString() @MaxLength(5 * 1024 * 1024) content: string;
}
