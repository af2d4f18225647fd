import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBooleanString, IsIn, IsInt, IsObject, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { PageQueryDto } from '@app/core';

export class MyPoliciesQueryDto {
  @IsOptional() @IsIn(['amount', 'deadline']) sort?: 'amount' | 'deadline';

  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page: number = 1;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200, description: '每页条数（可享受与差一点符合两个列表各取一页）' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize: number = 50;
}

export class InboxQueryDto extends PageQueryDto {
  @IsOptional() @IsBooleanString() unread?: string;
}

export class NoticeQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: '只看某一申请的通知' })
  @IsOptional()
  @IsUUID()
  applicationId?: string;
}

export class NoticeDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: '类别', example: 'confirm_account' }) kind: string;
  @ApiProperty({ description: '标题', example: '请确认收款账户' }) title: string;
  @ApiProperty({ description: '正文' }) body: string;
  @ApiProperty({ nullable: true, type: String }) itemId: string | null;
  @ApiProperty({ nullable: true, type: String }) applicationId: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) readAt: string | null;
}

export class NoticePageDto {
  @ApiProperty({ type: [NoticeDto] }) items: NoticeDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class CalculatorDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: '企业信息（条件项见 GET /facts；金额单位：分）', example: { revenue: 3200000000, tags: ['hitech'], districtCode: '410105' } })
  @IsObject()
  facts: Record<string, unknown>;
}
