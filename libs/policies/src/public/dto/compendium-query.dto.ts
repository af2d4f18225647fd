import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** 政策汇编 export: by department and/or theme; the service answers coded errors for unknown values. */
export class CompendiumQueryDto {
  @ApiPropertyOptional({ description: '主管部门编码', example: 'kjj' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  department?: string;

  @ApiPropertyOptional({ description: '主题：政策类别（subsidy/reduction/qualification/service）或政策标签', example: 'subsidy' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  theme?: string;

  @ApiPropertyOptional({ enum: ['html', 'xlsx'], default: 'html', description: 'html：可打印网页；xlsx：表格' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  format?: string;
}
