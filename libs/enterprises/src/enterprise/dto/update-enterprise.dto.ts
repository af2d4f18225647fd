import { ApiProperty } from '@nestjs/swagger';
import { IsObject, IsString, MaxLength, MinLength } from 'class-validator';

export class UpdateEnterpriseDto {
  @ApiProperty({
    description: '要修改的字段（与导入列相同，金额单位为元）',
    example: { revenue: '52000000', tags: ['hitech', 'tech_sme'] },
  })
  @IsObject()
  changes: Record<string, unknown>;

  @ApiProperty({ description: '修改原因', example: '税务部门共享数据更新' })
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  reason: string;
}
