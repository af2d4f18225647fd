import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** How much to claw back (分), optional: the whole paid amount when absent. */
export const ClawbackAmountField = (description: string) => applyDecorators(ApiPropertyOptional({ description }), IsOptional(), Type(() => Number), IsInt(), Min(1));

/** For how many days the firm may not apply (限制申报), optional: the configured default when absent. */
export const BarDaysField = (description: string) => applyDecorators(ApiPropertyOptional({ description }), IsOptional(), Type(() => Number), IsInt(), Min(0), Max(3650));
