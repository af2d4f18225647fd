import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASH_OUT_MODES, POLICY_CATEGORIES, POLICY_LEVELS } from '../../policy/policy.types';
import type { CashOutMode, PolicyCategory, PolicyLevel } from '../../policy/policy.types';
import { SEARCHABLE_STATUSES } from '../search.types';
import type { SearchableStatus } from '../search.types';

export class SearchHighlightDto {
  @ApiProperty({ description: 'HTML：<em> 标出命中词，其余已转义' }) policyTitle: string;
  @ApiProperty({ description: 'HTML：<em> 标出命中词，其余已转义' }) itemName: string;
  @ApiProperty({ description: 'HTML：原文片段，<em> 标出命中词，其余已转义' }) snippet: string;
}

export class PolicySearchResultDto {
  @ApiProperty() itemId: string;
  @ApiProperty() itemCode: string;
  @ApiProperty() itemName: string;
  @ApiProperty() itemVersionId: string;
  @ApiProperty() version: number;
  @ApiProperty() policyId: string;
  @ApiProperty() policyCode: string;
  @ApiProperty() policyTitle: string;
  @ApiPropertyOptional({ type: String, nullable: true }) docNumber: string | null;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiPropertyOptional({ type: String, nullable: true }) publishDate: string | null;
  @ApiProperty() department: string;
  @ApiProperty({ enum: POLICY_LEVELS }) level: PolicyLevel;
  @ApiProperty({ enum: POLICY_CATEGORIES }) category: PolicyCategory;
  @ApiProperty({ enum: CASH_OUT_MODES }) mode: CashOutMode;
  @ApiProperty({ enum: SEARCHABLE_STATUSES }) status: SearchableStatus;
  @ApiProperty() effectiveFrom: string;
  @ApiPropertyOptional({ type: String, nullable: true }) effectiveTo: string | null;
  @ApiProperty() score: number;
  @ApiProperty({ type: SearchHighlightDto }) highlight: SearchHighlightDto;
}

export class PolicySearchPageDto {
  @ApiProperty({ type: [PolicySearchResultDto] }) items: PolicySearchResultDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
