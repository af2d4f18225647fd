import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BUDGET_PRIORITIES } from '../../scenario/scenario.types';
import type { BudgetPriority } from '../../scenario/scenario.types';

/** One group of a distribution (a district, an industry, a scale, a tag). */
export class GroupRowDto {
  @ApiProperty({ example: '410105' }) key: string;
  @ApiProperty({ example: '金水区' }) label: string;
  @ApiProperty({ description: '企业数' }) count: number;
  @ApiProperty({ description: '补贴合计（分）' }) totalFen: number;
}

/** Eligible firms by the dimensions asked for (`options.groupBy`); a dimension not asked for is absent. */
export class DistributionDto {
  @ApiPropertyOptional({ type: () => GroupRowDto, isArray: true, description: '按区县' }) district?: GroupRowDto[];
  @ApiPropertyOptional({ type: () => GroupRowDto, isArray: true, description: '按行业（门类或大类）' }) industry?: GroupRowDto[];
  @ApiPropertyOptional({ type: () => GroupRowDto, isArray: true, description: '按企业规模' }) scale?: GroupRowDto[];
  @ApiPropertyOptional({ type: () => GroupRowDto, isArray: true, description: '按标签' }) tag?: GroupRowDto[];
}

export class FirmSampleDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
  @ApiProperty({ type: String, nullable: true }) districtCode: string | null;
  @ApiProperty({ type: String, nullable: true }) industryCode: string | null;
  @ApiProperty({ type: String, nullable: true }) scale: string | null;
  @ApiProperty({ description: '调整后（新增、获兑现）或基准下（减少）的补贴金额（分）' }) amountFen: number;
}

export class OutcomeDto {
  @ApiProperty({ description: '符合条件企业数' }) eligible: number;
  @ApiProperty({ description: '补贴合计（分）' }) totalFen: number;
  @ApiProperty({ description: '户均（分，取整；无符合企业时为 0）' }) averageFen: number;
  @ApiProperty({ type: () => DistributionDto }) distribution: DistributionDto;
}

export class ChangeSetDto {
  @ApiProperty() count: number;
  @ApiProperty({ description: '合计（分）' }) totalFen: number;
  @ApiProperty({ type: () => FirmSampleDto, isArray: true, description: '按登记顺序的前若干家' }) sample: FirmSampleDto[];
}

export class WhatIfDiffDto {
  @ApiProperty({ type: () => ChangeSetDto, description: '新增符合' }) gained: ChangeSetDto;
  @ApiProperty({ type: () => ChangeSetDto, description: '不再符合' }) lost: ChangeSetDto;
  @ApiProperty({ description: '两者都符合的企业数' }) kept: number;
  @ApiProperty() deltaEligible: number;
  @ApiProperty({ description: '资金需求变化（分）' }) deltaFen: number;
}

export class BudgetExhaustedAtDto {
  @ApiProperty({ description: '第几家（从 1 起）' }) rank: number;
  @ApiProperty({ type: () => FirmSampleDto }) firm: FirmSampleDto;
  @ApiProperty({ description: '此前已兑现（分）' }) cumulativeFenBefore: number;
  @ApiProperty({ description: '剩余预算（分）' }) remainingFen: number;
}

export class BudgetOutcomeDto {
  @ApiProperty({ description: '预算上限（分）' }) capFen: number;
  @ApiProperty({ enum: [...BUDGET_PRIORITIES] }) priority: BudgetPriority;
  @ApiProperty({ description: '分配顺序的中文说明' }) priorityDescription: string;
  @ApiProperty() funded: number;
  @ApiProperty() fundedFen: number;
  @ApiProperty() unfunded: number;
  @ApiProperty() unfundedFen: number;
  @ApiProperty({ type: () => BudgetExhaustedAtDto, nullable: true, description: '资金用尽处的企业；预算足够时为 null' }) exhaustedAt: BudgetExhaustedAtDto | null;
}

export class SnapshotRefDto {
  @ApiProperty({ description: '快照企业数' }) rows: number;
  @ApiProperty({ type: String, nullable: true, description: '数据截至' }) asOf: string | null;
}

/** 情景推演的结果. */
export class WhatIfAnswerDto {
  @ApiProperty({ type: () => SnapshotRefDto }) snapshot: SnapshotRefDto;
  @ApiProperty({ description: '测算基准日（成立满 N 年等条件）', example: '2026-11-27' }) asOf: string;
  @ApiProperty({ type: () => OutcomeDto, description: '调整后' }) scenario: OutcomeDto;
  @ApiProperty({ type: () => OutcomeDto, description: '基准（现行）' }) baseline: OutcomeDto;
  @ApiProperty({ type: () => WhatIfDiffDto }) diff: WhatIfDiffDto;
  @ApiProperty({ type: () => BudgetOutcomeDto, nullable: true, description: '未设预算上限时为 null' }) budget: BudgetOutcomeDto | null;
  @ApiProperty({ description: '引擎耗时（毫秒）' }) timingMs: number;
}
