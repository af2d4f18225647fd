import { ApiProperty } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, MaxLength } from 'class-validator';

export class UpdateEnterpriseDto {
  @ApiProperty({
    description:
      '要修改的字段（与导入列相同，金额单位为元）。只能修改本部门归口的数据（见 GET /facts 的 owner）与本部门认定的标签；' +
      '信用状态只能通过失信名单导入更新；企业用户只能修改联系人信息',
    example: { employees: 120 },
  })
  @IsObject()
  changes: Record<string, unknown>;

  /** Required (checked by the service, so a missing one is ENTERPRISE.REASON_REQUIRED, not a generic 400). */
  @ApiProperty({ description: '修改原因（必填，至少 2 个字）', example: '人社局社保参保数据更正' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
