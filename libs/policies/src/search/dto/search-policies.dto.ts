import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { PageQueryDto } from '@app/core';
import { CASH_OUT_MODES, POLICY_CATEGORIES, POLICY_LEVELS } from '../../policy/policy.types';
import { SEARCHABLE_STATUSES } from '../search.types';

/** Shapes only; the query text (length, words) is checked by PolicySearchService with coded errors. */
export class SearchPoliciesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: '搜索词（按词匹配，同义词通用；1–100 字）', example: '研发 补贴' })
  @IsOptional()
  @IsString()
  q?: string;

  @ApiPropertyOptional({ description: '主管部门编码', example: 'kjj' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/)
  department?: string;

  @ApiPropertyOptional({ enum: POLICY_LEVELS }) @IsOptional() @IsIn(POLICY_LEVELS) level?: (typeof POLICY_LEVELS)[number];
  @ApiPropertyOptional({ enum: POLICY_CATEGORIES }) @IsOptional() @IsIn(POLICY_CATEGORIES) category?: (typeof POLICY_CATEGORIES)[number];
  @ApiPropertyOptional({ enum: CASH_OUT_MODES, description: '兑现方式' }) @IsOptional() @IsIn(CASH_OUT_MODES) mode?: (typeof CASH_OUT_MODES)[number];

  @ApiPropertyOptional({ enum: SEARCHABLE_STATUSES, default: 'published' })
  @IsOptional()
  @IsIn(SEARCHABLE_STATUSES)
  status?: (typeof SEARCHABLE_STATUSES)[number];

  @ApiPropertyOptional({ description: '适用区域：区县（功能区）编码，只列出对该区域企业开放的事项', example: '410172' })
  @IsOptional()
  @Matches(/^\d{6}$/)
  district?: string;

  @ApiPropertyOptional({ description: '在该日期有效的事项', example: '2026-06-30' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/) // the calendar and range check is PolicySearchService's (SEARCH.INVALID_DATE)
  onDate?: string;
}
