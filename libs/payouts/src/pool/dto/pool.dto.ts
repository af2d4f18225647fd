import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { PageQueryDto } from '@app/core';
import { MOVEMENT_KINDS, MOVEMENT_STATUSES, MovementKind, MovementStatus } from '../pool.types';

export class RequestMovementDto {
  @ApiProperty({ enum: MOVEMENT_KINDS, description: 'top_up 追加额度；transfer 资金池间调拨' }) @IsIn(MOVEMENT_KINDS) kind: MovementKind;
  @ApiPropertyOptional({ description: '调出资金池（调拨时必填）' })
  @ValidateIf((o: RequestMovementDto) => o.kind === 'transfer' || o.fromPoolId !== undefined)
  @IsString()
  @Length(1, 64)
  fromPoolId?: string;
  @ApiProperty({ description: '调入/追加的资金池' }) @IsString() @Length(1, 64) toPoolId: string;
  @ApiProperty({ description: '金额（分）' }) @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) amountFen: number;
  @ApiProperty({ description: '事由（如预算调整文号）' }) @IsString() @Length(1, 500) reason: string;
}

export class RejectMovementDto {
  @ApiProperty({ description: '退回原因' }) @IsString() @Length(1, 500) reason: string;
}

export class MovementQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: MOVEMENT_STATUSES }) @IsOptional() @IsIn(MOVEMENT_STATUSES) status?: MovementStatus;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) fundPoolId?: string;
}

export class PoolSettingsDto {
  @ApiPropertyOptional({ enum: ['finance', 'department'], description: '支付单位：财政或主管部门自有账户' })
  @IsOptional()
  @IsIn(['finance', 'department'])
  payer?: 'finance' | 'department';
  @ApiPropertyOptional({ description: '预算指标（分）；null 表示不设', nullable: true, type: Number })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  budgetLineFen?: number | null;
}
