import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, PageQueryDto, Principal, registerBodyLimit, Roles } from '@app/core';
import { ClawbackService } from './clawback.service';
import { DishonestListService } from './dishonest-list.service';
import { ClawbackDto, DISHONEST_LIST_MAX_BYTES, DishonestImportDto, RecoverDto } from './dto/credit.dto';

registerBodyLimit('POST', '/credit/dishonest-list', DISHONEST_LIST_MAX_BYTES);

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
