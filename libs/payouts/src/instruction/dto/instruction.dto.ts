import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
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

export class ReissueInstructionDto {
  @ApiProperty({ description: '收款人名称' }) @IsString() @Length(1, 200) payeeName: string;
  @ApiProperty({ description: '更正后的收款账号（仅加密保存，响应中脱敏）' }) @Matches(/^[\d\s]{8,40}$/) accountNumber: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) bankName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) note?: string;
}
