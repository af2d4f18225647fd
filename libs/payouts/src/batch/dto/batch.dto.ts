import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { PageQueryDto } from '@app/core';
import { BATCH_STATUSES, BatchStatus } from '../batch.types';

export class BatchFilterDto {
  @ApiPropertyOptional({ description: '兑现事项（政策项目）' }) @IsOptional() @IsString() @MaxLength(64) itemId?: string;
  @ApiPropertyOptional({ description: '主管部门' }) @IsOptional() @IsString() @MaxLength(32) departmentCode?: string;
  @ApiPropertyOptional({ description: '资金池' }) @IsOptional() @IsString() @MaxLength(64) fundPoolId?: string;
}

export class CreateBatchDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) title?: string;

  @ApiProperty({ type: BatchFilterDto })
  @ValidateNested()
  @Type(() => BatchFilterDto)
  filter: BatchFilterDto = {};

  @ApiPropertyOptional({ description: '最多纳入的指令数' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(200_000)
  limit?: number;
}

export class RejectBatchDto {
  @ApiProperty({ description: '退回原因' }) @IsString() @Length(1, 500) reason: string;
}

export class BatchQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: BATCH_STATUSES }) @IsOptional() @IsIn(BATCH_STATUSES) status?: BatchStatus;
}
