import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { FactType } from '@app/contracts';

const FACT_TYPES: FactType[] = ['number', 'money', 'integer', 'string', 'enum', 'boolean', 'date', 'tags'];

export class AllowedValueDto {
  @ApiProperty() value: string;
  @ApiProperty() label: string;
}

/** One entry of the fact registry as published: what a rule (and the calculator form) may use. */
export class FactDefinitionDto {
  @ApiProperty({ example: 'revenue' }) key: string;
  @ApiProperty({ example: '营业收入' }) label: string;
  @ApiProperty({ enum: FACT_TYPES, description: 'money 以分为单位' }) type: FactType;
  @ApiPropertyOptional({ example: '元' }) unit?: string;
  @ApiPropertyOptional({ enum: ['region', 'industry'] }) format?: 'region' | 'industry';
  @ApiPropertyOptional({ type: [AllowedValueDto] }) allowedValues?: AllowedValueDto[];
  @ApiPropertyOptional() description?: string;
}
