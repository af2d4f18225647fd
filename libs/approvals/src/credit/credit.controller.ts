import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { CurrentUser, PageQueryDto, Principal, registerBodyLimit, Roles } from '@app/core';
import { ClawbackService } from './clawback.service';
import { DishonestListService } from './dishonest-list.service';

/** Up to 100,000 rows of 失信 list CSV in one body. */
const DISHONEST_LIST_MAX_BYTES = 16 * 1024 * 1024;
registerBodyLimit('POST', '/credit/dishonest-list', DISHONEST_LIST_MAX_BYTES);

class DishonestImportDto {
  @ApiProperty({ description: 'CSV：creditCode,source,listedFrom,listedTo' })
  @IsString()
  @Length(1, DISHONEST_LIST_MAX_BYTES)
  csv: string;
}

class ClawbackDto {
  @ApiProperty()
  @IsString()
  @Length(2, 2000)
  reason: string;

  @ApiPropertyOptional({ description: '默认为已拨付全额' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  amountFen?: number;

  @ApiPropertyOptional({ description: '限制申报天数，默认按配置' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3650)
  barDays?: number;
}

class RecoverDto {
  @ApiProperty()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  amountFen: number;
}

/** 信用: the 失信 list and clawbacks (追回). */
@ApiTags('credit')
@ApiBearerAuth()
@Controller()
export class CreditController {
  constructor(
    private readonly list: DishonestListService,
    private readonly clawbacks: ClawbackService,
  ) {}

  @Post('credit/dishonest-list')
  @Roles('admin')
  import(@CurrentUser() p: Principal, @Body() dto: DishonestImportDto) {
    return this.list.importCsv(p, dto.csv);
  }

  @Get('credit/dishonest-list')
  @Roles('leader', 'auditor')
  entries(@Query() q: PageQueryDto) {
    return this.list.list(q.page, q.pageSize);
  }

  @Post('applications/:id/clawback')
  @Roles('dept_reviewer')
  clawback(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: ClawbackDto) {
    return this.clawbacks.open(p, id, dto);
  }

  @Post('clawbacks/:id/recover')
  @HttpCode(200)
  @Roles('dept_reviewer')
  recover(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: RecoverDto) {
    return this.clawbacks.recover(p, id, dto.amountFen);
  }
}
