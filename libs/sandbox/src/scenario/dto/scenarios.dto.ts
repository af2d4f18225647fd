import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsObject, IsOptional, IsString, Length, MaxLength, ValidateNested } from 'class-validator';
import { PageQueryDto } from '@app/core';
import { ScenarioDefinitionDto } from './scenario-definition.dto';

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
