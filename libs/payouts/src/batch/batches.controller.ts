import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@app/core';
import { PAYOUT_READERS } from '../payout.roles';
import { BatchesService } from './batches.service';
import { BatchFilterDto, BatchQueryDto, CreateBatchDto, RejectBatchDto } from './dto/batch.dto';

@ApiTags('payouts 兑付中心：支付批次（经办/复核）')
@ApiBearerAuth()
@Controller('payouts/batches')
export class BatchesController {
  constructor(private readonly batches: BatchesService) {}

  /** Counts and totals of what a batch with these filters would take. */
  @Post('preview')
  @Roles('finance_maker')
  @HttpCode(200)
  preview(@Body() filter: BatchFilterDto) {
    return this.batches.preview(filter);
  }

  @Post()
  @Roles('finance_maker')
  create(@CurrentUser() u: Principal, @Body() dto: CreateBatchDto) {
    return this.batches.create(u, { title: dto.title, filter: dto.filter ?? {}, limit: dto.limit });
  }

  @Get()
  @Roles(...PAYOUT_READERS)
  list(@Query() q: BatchQueryDto) {
    return this.batches.list({ status: q.status }, q.page, q.pageSize);
  }

  @Get(':id')
  @Roles(...PAYOUT_READERS)
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.batches.get(id);
  }

  @Post(':id/submit')
  @Roles('finance_maker')
  @HttpCode(200)
  submit(@CurrentUser() u: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.batches.submit(u, id);
  }

  @Post(':id/approve')
  @Roles('finance_checker')
  @HttpCode(200)
  approve(@CurrentUser() u: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.batches.approve(u, id);
  }

  @Post(':id/reject')
  @Roles('finance_checker')
  @HttpCode(200)
  reject(@CurrentUser() u: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: RejectBatchDto) {
    return this.batches.reject(u, id, dto.reason);
  }
}
