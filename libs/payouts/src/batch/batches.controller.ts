import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@app/core';
import { BATCH_READERS } from '../payout.roles';
import { BatchesService } from './batches.service';
import { BatchFilterDto, BatchQueryDto, CreateBatchDto, RejectBatchDto } from './dto/batch.dto';

@ApiTags('payouts 兑付中心：支付批次（经办/复核）')
@ApiBearerAuth()
@Controller('payouts/batches')
export class BatchesController {
  constructor(private readonly batches: BatchesService) {}

  /** Counts and totals of what a batch with these filters would take. */
  @Post('preview')
  @Roles('finance_maker', 'dept_payer_maker')
  @HttpCode(200)
  preview(@CurrentUser() u: Principal, @Body() filter: BatchFilterDto) {
    return this.batches.preview(u, filter);
  }

  @Post()
  @Roles('finance_maker', 'dept_payer_maker')
  create(@CurrentUser() u: Principal, @Body() dto: CreateBatchDto) {
    return this.batches.create(u, { title: dto.title, filter: dto.filter ?? {}, limit: dto.limit });
  }

  @Get()
  @Roles(...BATCH_READERS)
  list(@CurrentUser() u: Principal, @Query() q: BatchQueryDto) {
    return this.batches.list(u, { status: q.status }, q.page, q.pageSize);
  }

  @Get(':id')
  @Roles(...BATCH_READERS)
  get(@CurrentUser() u: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.batches.get(id, undefined, u);
  }

  @Post(':id/submit')
  @Roles('finance_maker', 'dept_payer_maker')
  @HttpCode(200)
  submit(@CurrentUser() u: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.batches.submit(u, id);
  }

  @Post(':id/approve')
  @Roles('finance_checker', 'dept_payer_checker')
  @HttpCode(200)
  approve(@CurrentUser() u: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.batches.approve(u, id);
  }

  @Post(':id/reject')
  @Roles('finance_checker', 'dept_payer_checker')
  @HttpCode(200)
  reject(@CurrentUser() u: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: RejectBatchDto) {
    return this.batches.reject(u, id, dto.reason);
  }
}
