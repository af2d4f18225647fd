import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { PageQueryDto } from '@app/core';
import { OBJECTION_CATEGORIES, ObjectionCategory } from '../objection.service';

const PHONE = /^1[3-9]\d{9}$/;

export class OpenRoundDto {
  @ApiProperty()
  @IsUUID()
  itemId: string;

  @ApiPropertyOptional({ description: '公示期（工作日），默认按配置' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(30)
  workingDays?: number;
}

export class ContactCodeDto {
  @ApiProperty({ description: '提出异议人的手机号（接收短信验证码）', example: '13912345678' })
  @IsString()
  @Matches(PHONE, { message: '手机号应为 11 位大陆手机号码' })
  phone: string;
}

export class ObjectionDto {
  @ApiProperty()
  @IsUUID()
  applicationId: string;

  @ApiProperty()
  @IsString()
  @Length(1, 50)
  contactName: string;

  @ApiPropertyOptional({ enum: Object.keys(OBJECTION_CATEGORIES), description: '异议类型（企业只看到类型，看不到异议内容和异议人）' })
  @IsOptional()
  @IsIn(Object.keys(OBJECTION_CATEGORIES))
  category?: ObjectionCategory;

  @ApiProperty()
  @IsString()
  @Length(5, 2000)
  reason: string;

  @ApiPropertyOptional({ description: '未登录时必填：获取验证码返回的 verificationId' })
  @IsOptional()
  @IsUUID()
  verificationId?: string;

  @ApiPropertyOptional({ description: '未登录时必填：短信验证码' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: '验证码为 6 位数字' })
  code?: string;
}

export class SpamDto {
  @ApiProperty({ description: '标记为无效异议的理由（审计）' })
  @IsString()
  @Length(2, 500)
  reason: string;
}

export class ResolveDto {
  @ApiProperty({ enum: ['upheld', 'dismissed'] })
  @IsIn(['upheld', 'dismissed'])
  decision: 'upheld' | 'dismissed';

  @ApiProperty()
  @IsString()
  @Length(2, 2000)
  resolution: string;
}

export class ObjectionQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'upheld', 'dismissed', 'spam'] })
  @IsOptional()
  @IsIn(['open', 'upheld', 'dismissed', 'spam'])
  status?: string;
}

export class HistoryQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: '兑现事项 id' })
  @IsOptional()
  @IsUUID()
  itemId?: string;

  @ApiPropertyOptional({ description: '主管部门代码' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  department?: string;

  @ApiPropertyOptional({ description: '公示截止不早于：YYYY-MM 或 YYYY-MM-DD' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}(-\d{2})?$/, { message: 'from 应为 YYYY-MM 或 YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ description: '公示截止不晚于：YYYY-MM 或 YYYY-MM-DD' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}(-\d{2})?$/, { message: 'to 应为 YYYY-MM 或 YYYY-MM-DD' })
  to?: string;
}

export class RoundOutcomeDto {
  @ApiProperty({ description: '已兑付' }) paid: number;
  @ApiProperty({ description: '已确认待拨付' }) confirmed: number;
  @ApiProperty({ description: '异议成立不予兑现' }) rejected: number;
  @ApiProperty({ description: '逾期未确认或放弃' }) lapsed: number;
  @ApiProperty({ description: '待企业确认' }) waiting: number;
  @ApiProperty({ description: '异议件数' }) objections: number;
  @ApiProperty({ description: '异议成立' }) upheld: number;
  @ApiProperty({ description: '异议不成立' }) dismissed: number;
  @ApiProperty({ description: '异议核查中' }) openObjections: number;
}

export class EndedRoundDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: '兑现事项' }) itemName: string;
  @ApiProperty() departmentCode: string;
  @ApiProperty() openedAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty({ description: '公示期（工作日）' }) workingDays: number;
  @ApiProperty({ description: '公示企业数' }) entries: number;
  @ApiProperty({ type: RoundOutcomeDto, description: '公示结果' }) outcome: RoundOutcomeDto;
}

export class EndedRoundPageDto {
  @ApiProperty({ type: [EndedRoundDto] }) items: EndedRoundDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class EndedEntryDto {
  @ApiProperty() enterpriseName: string;
  @ApiProperty() itemName: string;
  @ApiProperty() amountFen: number;
  @ApiProperty() amountText: string;
  @ApiProperty({ description: '结果', example: '已兑付' }) result: string;
}

export class EndedObjectionDto {
  @ApiProperty({ description: '涉及企业' }) enterpriseName: string;
  @ApiProperty({ enum: ['open', 'upheld', 'dismissed'] }) status: string;
  @ApiProperty({ description: '处理结论', example: '异议不成立' }) statusLabel: string;
  @ApiProperty({ nullable: true, type: String, description: '处理意见' }) resolution: string | null;
  @ApiProperty() raisedAt: string;
  @ApiProperty({ nullable: true, type: String }) resolvedAt: string | null;
}

export class EndedRoundDetailDto extends EndedRoundDto {
  @ApiProperty({ type: [EndedEntryDto] }) list: EndedEntryDto[];
  @ApiProperty({ type: [EndedObjectionDto], description: '异议及处理（不含异议人联系方式）' }) objections: EndedObjectionDto[];
}
