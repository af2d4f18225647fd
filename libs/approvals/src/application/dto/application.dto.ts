import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { PageQueryDto } from '@app/core';
import { APPLICATION_STATES, ApplicationState } from '../application.states';

export class CreateApplicationDto {
  @ApiProperty({ description: '兑现事项 id' })
  @IsUUID()
  itemId: string;
}

export class ApplicationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: APPLICATION_STATES })
  @IsOptional()
  @IsIn(APPLICATION_STATES)
  state?: ApplicationState;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  itemId?: string;
}

export class UploadMaterialDto {
  @ApiProperty({ description: '材料名称（与事项所列申报材料一致）' })
  @IsString()
  @Length(1, 200)
  materialName: string;
}

export class CommitmentDto {
  @ApiProperty({ description: '所签署的信用承诺书版本' })
  @IsString()
  @Length(1, 40)
  textVersion: string;
}

export class ReasonDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 1000)
  reason?: string;
}

export class AccountChangeDto {
  @ApiProperty({ description: '户名，须与企业名称一致' })
  @IsString()
  @Length(2, 200)
  holderName: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 200)
  bankName?: string;

  @ApiProperty()
  @IsString()
  @Length(10, 40)
  accountNumber: string;
}

export class ConfirmDto {
  @ApiPropertyOptional({ description: '变更账户时：验证 id' })
  @IsOptional()
  @IsUUID()
  verificationId?: string;

  @ApiPropertyOptional({ description: '变更账户时：短信验证码' })
  @IsOptional()
  @IsString()
  @Length(4, 8)
  code?: string;
}

export class RatingDto {
  @ApiProperty({ minimum: 1, maximum: 5 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5)
  score: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 500)
  comment?: string;
}

export class ReopenDto {
  @ApiProperty({ description: '申请恢复办理的理由' })
  @IsString()
  @Length(2, 1000)
  reason: string;
}

export class ReopenDecisionDto {
  @ApiProperty({ enum: ['accept', 'reject'], description: 'accept 同意恢复办理（重新预留资金并给出新的确认期）；reject 不同意（须说明理由）' })
  @IsIn(['accept', 'reject'])
  decision: 'accept' | 'reject';

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  comment?: string;
}
