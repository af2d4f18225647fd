import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { IsAcceptedDate } from '@app/core';

export class CalendarDayDto {
  @ApiProperty({ example: '2026-10-01' })
  @IsAcceptedDate()
  day: string;

  @ApiProperty({ enum: ['holiday', 'workday'], nullable: true, description: 'null 删除该日设置' })
  @IsOptional()
  @IsIn(['holiday', 'workday', null])
  kind: 'holiday' | 'workday' | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 50)
  name?: string;
}

export class CalendarDto {
  @ApiProperty({ type: [CalendarDayDto] })
  @IsArray()
  @ArrayMaxSize(400)
  @ValidateNested({ each: true })
  @Type(() => CalendarDayDto)
  days: CalendarDayDto[];
}

export class YearQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^(19|20|21)\d{2}$/)
  year?: string;
}
