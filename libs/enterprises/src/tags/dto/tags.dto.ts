import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class CreateTagDto {
  @ApiProperty({ example: 'specialized' })
  @Matches(/^[a-z][a-z0-9_]{1,47}$/, { message: 'code 须为小写字母开头的 2–48 位小写字母、数字或下划线' })
  code: string;

  @ApiProperty({ example: '专精特新中小企业' })
  @IsString()
  @MinLength(2)
  @MaxLength(50)
  name: string;

  @ApiProperty({ example: '资质认定' })
  @IsString()
  @MinLength(1)
  @MaxLength(20)
  category: string;

  @ApiPropertyOptional({ enum: ['manual', 'imported', 'derived'] })
  @IsOptional()
  @IsIn(['manual', 'imported', 'derived'])
  source?: 'manual' | 'imported' | 'derived';

  @ApiPropertyOptional({ description: '所属部门（仅管理员可指定）' })
  @IsOptional()
  @IsString()
  ownerDepartment?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class DeriveTagDto {
  @ApiProperty({ description: '派生规则（条件项见 GET /facts）', example: { all: [{ fact: 'revenue', operator: 'greaterThanInclusive', value: 2000000000 }] } })
  @IsObject()
  rule: Record<string, unknown>;
}

export class UpdateTagDto {
  @IsOptional() @IsString() @MinLength(2) @MaxLength(50) name?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(20) category?: string;
  @IsOptional() @IsString() @MaxLength(500) description?: string;
}
