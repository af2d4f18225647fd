import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@app/core';
import { PAYOUT_READERS } from '../payout.roles';
import { CancelInstructionDto, InstructionQueryDto, ReissueInstructionDto } from './dto/instruction.dto';
import { InstructionsService } from './instructions.service';

@ApiTags('payouts 兑付中心：支付指令')
@ApiBearerAuth()
@Controller('payouts/instructions')
export class InstructionsController {
  constructor(private readonly instructions: InstructionsService) {}

  @Get()
  @Roles(...PAYOUT_READERS)
  list(@Query() q: InstructionQueryDto) {
    const { page, pageSize, ...filter } = q;
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
