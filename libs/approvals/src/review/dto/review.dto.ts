import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';
import { PageQueryDto } from '@app/core';

export class DecisionDto {
  @ApiProperty({ enum: ['accept', 'approve', 'reject', 'return'] })
  @IsIn(['accept', 'approve', 'reject', 'return'])
  decision: 'accept' | 'approve' | 'reject' | 'return';

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  comment?: string;
}

export class QueueQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  itemId?: string;

  @ApiPropertyOptional({ enum: ['pre_qualified', 'submitted', 'under_review', 'objection_raised'] })
  @IsOptional()
  @IsIn(['pre_qualified', 'submitted', 'under_review', 'objection_raised'])
  state?: string;

  @ApiPropertyOptional({ description: 'true：只看依据了人工修改数据的申请（已标记）；false：只看其余', enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  flagged?: 'true' | 'false';
}

export class BatchApproveDto {
  @ApiProperty()
  @IsUUID()
  itemId: string;

  @ApiPropertyOptional({ description: '选中的申请；不填则为符合筛选条件的全部预审通过申请' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200_000)
  @IsUUID('all', { each: true })
  ids?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  minAmountFen?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  maxAmountFen?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  comment?: string;
}
