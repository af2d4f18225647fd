import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@app/core';
import { BATCH_READERS } from '../payout.roles';
import { BatchesService } from './batches.service';
import { BatchFilterDto, BatchQueryDto, CreateBatchDto, RejectBatchDto } from './dto/batch.dto';
import { BatchPageDto, BatchPreviewDto, BatchViewDto } from './dto/batch-view.dto';

@ApiTags('payouts 兑付中心：支付批次（经办/复核）')
@ApiBearerAuth()
@Controller('payouts/batches')
export class BatchesController {
  constructor(private readonly batches: BatchesService) {}

  /** Counts and totals of what a batch with these filters would take. */
  @Post('preview')
  @Roles('finance_maker', 'dept_payer_maker')
  @HttpCode(200)
  @ApiOkResponse({ type: BatchPreviewDto })
  preview(@CurrentUser() u: Principal, @Body() filter: BatchFilterDto): Promise<BatchPreviewDto> {
    return this.batches.preview(u, filter);
  }

  @Post()
  @Roles('finance_maker', 'dept_payer_maker')
  @ApiCreatedResponse({ type: BatchViewDto })
  create(@CurrentUser() u: Principal, @Body() dto: CreateBatchDto): Promise<BatchViewDto> {
    return this.batches.create(u, { title: dto.title, filter: dto.filter ?? {}, limit: dto.limit });
  }

  @Get()
  @Roles(...BATCH_READERS)
  @ApiOkResponse({ type: BatchPageDto })
  list(@CurrentUser() u: Principal, @Query() q: BatchQueryDto): Promise<BatchPageDto> {
    return this.batches.list(u, { status: q.status }, q.page, q.pageSize);
  }

  @Get(':id')
  @Roles(...BATCH_READERS)
  @ApiOkResponse({ type: BatchViewDto })
  get(@CurrentUser() u: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<BatchViewDto> {
    return this.batches.get(id, undefined, u);
  }

  @Post(':id/submit')
  @Roles('finance_maker', 'dept_payer_maker')
  @HttpCode(200)
  @ApiOkResponse({ type: BatchViewDto })
  submit(@CurrentUser() u: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<BatchViewDto> {
    return this.batches.submit(u, id);
  }

  @Post(':id/approve')
  @Roles('finance_checker', 'dept_payer_checker')
  @HttpCode(200)
  @ApiOkResponse({ type: BatchViewDto })
  approve(@CurrentUser() u: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<BatchViewDto> {
    return this.batches.approve(u, id);
  }

  @Post(':id/reject')
  @Roles('finance_checker', 'dept_payer_checker')
  @HttpCode(200)
  @ApiOkResponse({ type: BatchViewDto })
  reject(@CurrentUser() u: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: RejectBatchDto): Promise<BatchViewDto> {
    return this.batches.reject(u, id, dto.reason);
  }
}
