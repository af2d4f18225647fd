import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

export class AuditQueryDto {
  @ApiPropertyOptional({ description: '对象类型，如 payout_batch' }) @IsOptional() @IsString() targetType?: string;
  @ApiPropertyOptional({ description: '对象编号' }) @IsOptional() @IsString() targetId?: string;
  @ApiPropertyOptional({ description: '操作人编号' }) @IsOptional() @IsString() actorId?: string;
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit: number = 50;
  @ApiPropertyOptional({ default: 0, minimum: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset: number = 0;
}
