import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Response shapes of 标签库. */

export class TagViewDto {
  @ApiProperty({ example: 'hitech' }) code: string;
  @ApiProperty({ example: '高新技术企业' }) name: string;
  @ApiProperty({ example: '资质认定' }) category: string;
  @ApiProperty({ enum: ['manual', 'imported', 'derived'], description: '人工认定、名单导入或规则派生' }) source: 'manual' | 'imported' | 'derived';
  @ApiProperty({ type: String, nullable: true, description: '认定部门编码' }) ownerDepartment: string | null;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: '派生规则（json-rules-engine 条件；非派生标签为 null）' }) rule: unknown;
  @ApiPropertyOptional({ description: '持有该标签的企业数（counts=true 时）' }) enterpriseCount?: number;
}

export class TagMemberDto {
  @ApiProperty() id: string;
  @ApiProperty() creditCode: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) districtCode: string | null;
}

export class TagMemberPageDto {
  @ApiProperty({ type: () => [TagMemberDto] }) items: TagMemberDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class TagDerivationDto {
  @ApiProperty() code: string;
  @ApiProperty({ description: '新加上该标签的企业数' }) added: number;
  @ApiProperty({ description: '去掉该标签的企业数' }) removed: number;
}
