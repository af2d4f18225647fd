import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Length, Min } from 'class-validator';
import { BarDaysField, ClawbackAmountField } from './clawback-fields';

/** Up to 100,000 rows of 失信 list CSV in one body. */
export const DISHONEST_LIST_MAX_BYTES = 16 * 1024 * 1024;

export class DishonestImportDto {
  @ApiProperty({ description: 'CSV：creditCode,source,listedFrom,listedTo' })
  @IsString()
  @Length(1, DISHONEST_LIST_MAX_BYTES)
  csv: string;
}

export class ClawbackDto {
  @ApiProperty()
  @IsString()
  @Length(2, 2000)
  reason: string;

  @ClawbackAmountField('默认为已拨付全额')
  amountFen?: number;

  @BarDaysField('限制申报天数，默认按配置')
  barDays?: number;
}

export class RecoverDto {
  @ApiProperty()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  amountFen: number;
}
