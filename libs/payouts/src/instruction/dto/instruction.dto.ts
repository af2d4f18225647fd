import { ApiHideProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '@app/core';
import { INSTRUCTION_STATUSES, InstructionStatus } from '../instruction.states';

export class InstructionQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: INSTRUCTION_STATUSES })
  @IsOptional()
  @IsIn(INSTRUCTION_STATUSES)
  status?: InstructionStatus;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) itemId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(32) departmentCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) fundPoolId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() batchId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() applicationId?: string;
}

export class CancelInstructionDto {
  @ApiPropertyOptional({ description: '撤销原因' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

/**
 * 重新支付 goes to the account the firm confirmed; there is no payee to type in. The old payee fields
 * are declared (hidden) only so that a client still sending them gets PAYOUT_INSTRUCTION.PAYEE_NOT_ALLOWED.
 */
export class ReissueInstructionDto {
  @ApiPropertyOptional({ description: '备注（收款账户为企业已确认的账户，不可填写）' }) @IsOptional() @IsString() @MaxLength(500) note?: string;
  @ApiHideProperty() @IsOptional() payeeName?: unknown;
  @ApiHideProperty() @IsOptional() accountNumber?: unknown;
  @ApiHideProperty() @IsOptional() bankName?: unknown;
}
