import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@app/core';
import { BATCH_READERS } from '../payout.roles';
import { CancelInstructionDto, InstructionQueryDto, ReissueInstructionDto } from './dto/instruction.dto';
import { JournalEntryDto, PayoutInstructionDto, PayoutInstructionPageDto } from './dto/instruction-view.dto';
import { InstructionsService } from './instructions.service';

@ApiTags('payouts 兑付中心：支付指令')
@ApiBearerAuth()
@Controller('payouts/instructions')
export class InstructionsController {
  constructor(private readonly instructions: InstructionsService) {}

  /**
   * Finance staff, auditors and leaders read any instructions; a department's payers those of the
   * pools their department pays and of their own batches (待兑付 and the batch page).
   */
  @Get()
  @Roles(...BATCH_READERS)
  @ApiOkResponse({ type: PayoutInstructionPageDto })
  list(@CurrentUser() u: Principal, @Query() q: InstructionQueryDto): Promise<PayoutInstructionPageDto> {
    const { page, pageSize, ...filter } = q;
    return this.instructions.list(filter, page, pageSize, u);
  }

  @Get(':id')
  @Roles(...BATCH_READERS)
  @ApiOkResponse({ type: PayoutInstructionDto })
  get(@CurrentUser() u: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<PayoutInstructionDto> {
    return this.instructions.get(id, u);
  }

  /** 记账分录 of the instruction, for whoever may read it. */
  @Get(':id/journal')
  @Roles(...BATCH_READERS)
  @ApiOkResponse({ type: [JournalEntryDto] })
  journal(@CurrentUser() u: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<JournalEntryDto[]> {
    return this.instructions.journal(id, u);
  }

  @Post(':id/cancel')
  @Roles('finance_maker')
  @HttpCode(200)
  @ApiOkResponse({ type: PayoutInstructionDto })
  cancel(@CurrentUser() u: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CancelInstructionDto): Promise<PayoutInstructionDto> {
    return this.instructions.cancel(u, id, dto.reason ?? null);
  }

  @Post(':id/reissue')
  @Roles('finance_maker')
  @ApiCreatedResponse({ type: PayoutInstructionDto })
  reissue(@CurrentUser() u: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ReissueInstructionDto): Promise<PayoutInstructionDto> {
    return this.instructions.reissue(u, id, dto);
  }
}
