import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsInt, IsNumber, IsObject, IsOptional, IsString, Length, Max, MaxLength, Min, ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '@app/core';
import type { InlineBase, ItemVersionBase, ScenarioOptions, ScenarioOverrides } from './scenario/scenario.types';

/**
 * A scenario (情景) as the HTTP body. The nested rule, formula and edits are checked by the
 * sandbox itself (resolveScenario), which answers with JSON pointers into them.
 */
export class ScenarioDefinitionDto {
  @ApiProperty({
    description: '基准：{rule, formula}（申报条件 + 补贴公式）；预留 {itemVersionId}（政策中心上线后）',
    example: {
      rule: { all: [{ fact: 'revenue', operator: 'greaterThanInclusive', value: 5_000_000_000 }] },
      formula: { kind: 'rate', fact: 'rdExpense', rate: '0.1', max: 50_000_000 },
    },
  })
  @IsObject()
  base: InlineBase | ItemVersionBase;

  @ApiPropertyOptional({
    description:
      '调整：rule/formula 为 JSON Patch（op: replace|add|remove, path: JSON 指针, value），或 replaceRule/replaceFormula 整体替换；budgetCapFen 预算上限（分）；budgetPriority: registration | amountAscending',
    example: {
      rule: [
        { op: 'replace', path: '/all/0/value', value: 3_000_000_000 },
        { op: 'add', path: '/all/-', value: { fact: 'tags', operator: 'hasTag', value: 'specialized' } },
      ],
      budgetCapFen: 100_000_000_000,
    },
  })
  @IsOptional()
  @IsObject()
  overrides?: ScenarioOverrides;

  @ApiPropertyOptional({ description: 'groupBy（district|industry|scale|tag）、industryLevel（section|division）、sampleSize、asOf', example: { groupBy: ['district', 'industry'] } })
  @IsOptional()
  @IsObject()
  options?: ScenarioOptions;
}

export class SweepSpecDto {
  @ApiProperty({ description: '扫描的阈值位置（情景调整后条件中的 JSON 指针）', example: '/all/0/value' })
  @IsString()
  @MaxLength(200)
  pointer: string;

  @ApiProperty({ example: 1_000_000_000 })
  @IsNumber()
  from: number;

  @ApiProperty({ example: 10_000_000_000 })
  @IsNumber()
  to: number;

  @ApiPropertyOptional({ default: 20, minimum: 2, maximum: 50 })
  @IsOptional()
  @IsInt()
  @Min(2)
  @Max(50)
  points?: number;
}

export class SweepRequestDto extends ScenarioDefinitionDto {
  @ApiProperty({ type: SweepSpecDto })
  @IsObject()
  @ValidateNested()
  @Type(() => SweepSpecDto)
  sweep: SweepSpecDto;
}

export class TagCombinationsDto {
  @ApiPropertyOptional({ description: '限定人群的申报条件；省略时为全部企业' })
  @IsOptional()
  @IsObject()
  rule?: Record<string, unknown>;

  @ApiPropertyOptional({ description: '只分析这些标签', type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  tags?: string[];

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @IsInt()
  @Min(0)
  minPairCount?: number;

  @ApiPropertyOptional({ example: '2026-11-27' })
  @IsOptional()
  @IsString()
  asOf?: string;
}

export class OverlapItemDto {
  @ApiProperty({ example: 'rd-subsidy' })
  @IsString()
  @Length(1, 64)
  key: string;

  @ApiPropertyOptional({ example: '研发费用补助' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiProperty()
  @IsObject()
  rule: Record<string, unknown>;
}

export class OverlapDto {
  @ApiProperty({ type: [OverlapItemDto] })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => OverlapItemDto)
  items: OverlapItemDto[];

  @ApiPropertyOptional({ example: '2026-11-27' })
  @IsOptional()
  @IsString()
  asOf?: string;

  @ApiPropertyOptional({ default: 20 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(200)
  sampleSize?: number;
}

export class CreateScenarioDto {
  @ApiProperty({ example: '营收门槛降至3000万并要求专精特新' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiProperty({ type: ScenarioDefinitionDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ScenarioDefinitionDto)
  definition: ScenarioDefinitionDto;

  @ApiPropertyOptional({ default: false, description: '共享给其他领导与部门' })
  @IsOptional()
  @IsBoolean()
  shared?: boolean;
}

export class UpdateScenarioDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ type: ScenarioDefinitionDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ScenarioDefinitionDto)
  definition?: ScenarioDefinitionDto;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  shared?: boolean;
}

export class ScenarioListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: '只看我创建的' })
  @IsOptional()
  @Type(() => String)
  @IsString()
  mine?: string;
}
