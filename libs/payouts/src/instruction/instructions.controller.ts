import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@app/core';
import { BatchesService } from '../batch/batches.service';
import { PayoutErrors, payoutError } from '../payout.errors';
import { BATCH_READERS, PAYOUT_READERS } from '../payout.roles';
import { CancelInstructionDto, InstructionQueryDto, ReissueInstructionDto } from './dto/instruction.dto';
import { InstructionsService } from './instructions.service';

@ApiTags('payouts 兑付中心：支付指令')
@ApiBearerAuth()
@Controller('payouts/instructions')
export class InstructionsController {
  constructor(
    private readonly instructions: InstructionsService,
    private readonly batches: BatchesService,
  ) {}

  /**
   * Finance staff list any instructions; a department's payers only those of one of their own
   * batches (the batch page), so they can review what they approve.
   */
  @Get()
  @Roles(...BATCH_READERS)
  async list(@CurrentUser() u: Principal, @Query() q: InstructionQueryDto) {
    const { page, pageSize, ...filter } = q;
    if (u.role === 'dept_payer_maker' || u.role === 'dept_payer_checker') {
      if (!filter.batchId) throw payoutError(PayoutErrors.PayerForbidden, '部门支付人员只能查看本部门批次内的支付指令', { role: u.role });
      await this.batches.get(filter.batchId, undefined, u); // 404 for another payer's batch
    }
    return this.instructions.list(filter, page, pageSize);
  }

  @Get(':id')
  @Roles(...PAYOUT_READERS)
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.instructions.get(id);
  }

  @Get(':id/journal')
  @Roles(...PAYOUT_READERS)
  journal(@Param('id', ParseUUIDPipe) id: string) {
    return this.instructions.journal(id);
  }

  @Post(':id/cancel')
  @Roles('finance_maker')
  @HttpCode(200)
  cancel(@CurrentUser() u: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CancelInstructionDto) {
    return this.instructions.cancel(u, id, dto.reason ?? null);
  }

  @Post(':id/reissue')
  @Roles('finance_maker')
  reissue(@CurrentUser() u: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ReissueInstructionDto) {
    return this.instructions.reissue(u, id, dto);
  }
}
