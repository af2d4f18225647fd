import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsNumber, IsObject, IsOptional, IsString, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ScenarioDefinitionDto } from '../../scenario/dto/scenario-definition.dto';

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
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: '限定人群的申报条件；省略时为全部企业' })
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

  @ApiProperty({ type: 'object', additionalProperties: true, description: '申报条件' })
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
