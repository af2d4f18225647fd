import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsAcceptedTimestamp, PageQueryDto } from '@app/core';

export class EnterpriseQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: '区域代码，前缀匹配（410100 匹配郑州市全部区县）', example: '410105' })
  @IsOptional()
  @Matches(/^\d{2,6}$/)
  district?: string;

  @ApiPropertyOptional({ description: '行业代码（GB/T 4754），前缀匹配', example: 'C39' })
  @IsOptional()
  @Matches(/^[A-Ta-t]\d{0,4}$/)
  industry?: string;

  @ApiPropertyOptional({ enum: ['large', 'medium', 'small', 'micro'] })
  @IsOptional()
  @IsIn(['large', 'medium', 'small', 'micro'])
  scale?: string;

  @ApiPropertyOptional({ example: 'hitech' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]{1,47}$/)
  tag?: string;

  @ApiPropertyOptional({ enum: ['good', 'dishonest'] })
  @IsOptional()
  @IsIn(['good', 'dishonest'])
  creditStatus?: string;

  @ApiPropertyOptional({ description: '企业名称关键词或统一社会信用代码' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class AsOfQueryDto {
  @ApiPropertyOptional({ description: 'ISO 时间，如 2026-01-01T00:00:00Z' })
  @IsAcceptedTimestamp()
  at: string;
}
