import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PageQueryDto } from '@app/core';
import { BarDaysField, ClawbackAmountField } from '../../credit/dto/clawback-fields';
import { VerificationStatus } from '../verification.service';

export class VerificationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['pending', 'passed', 'failed'] })
  @IsOptional()
  @IsIn(['pending', 'passed', 'failed'])
  status?: VerificationStatus;
}

export class VerificationDecisionDto {
  @ApiProperty({ enum: ['passed', 'failed'], description: 'passed 核查属实；failed 承诺不实：追回资金并记入企业信用记录' })
  @IsIn(['passed', 'failed'])
  result: 'passed' | 'failed';

  @ApiProperty({ description: '核查情况' })
  @IsString()
  @Length(2, 2000)
  comment: string;

  @ClawbackAmountField('不通过时追回金额（分），默认已拨付全额')
  clawbackFen?: number;

  @BarDaysField('不通过时限制申报天数，默认按配置')
  barDays?: number;
}

export class CreditRecordQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: '企业 id（企业用户只能看到本企业）' })
  @IsOptional()
  @IsUUID()
  enterpriseId?: string;
}

export class VerificationDto {
  @ApiProperty() id: string;
  @ApiProperty() applicationId: string;
  @ApiProperty({ description: '企业名称' }) enterpriseName: string;
  @ApiProperty({ description: '兑现事项' }) itemName: string;
  @ApiProperty() departmentCode: string;
  @ApiProperty({ description: '已兑现金额（分）' }) amountFen: number;
  @ApiProperty() amountText: string;
  @ApiProperty({ enum: ['pending', 'passed', 'failed'] }) status: string;
  @ApiProperty({ description: '待核查 / 核查通过 / 核查不通过' }) statusLabel: string;
  @ApiProperty({ description: '核查截止日' }) dueOn: string;
  @ApiProperty({ description: '是否已超期' }) overdue: boolean;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) decidedAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: '核查情况' }) comment: string | null;
  @ApiProperty({ nullable: true, type: String, description: '追回记录' }) clawbackId: string | null;
}

export class VerificationPageDto {
  @ApiProperty({ type: [VerificationDto] }) items: VerificationDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
