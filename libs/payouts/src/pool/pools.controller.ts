import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, PageQueryDto, Principal, Roles } from '@app/core';
import { BATCH_READERS, PAYOUT_READERS } from '../payout.roles';
import { MovementQueryDto, PoolSettingsDto, RejectMovementDto, RequestMovementDto } from './dto/pool.dto';
import { FundPoolDto, FundPoolPageDto, PoolHistoryPageDto, PoolMovementDto, PoolMovementPageDto } from './dto/pool-view.dto';
import { PoolsService } from './pools.service';

@ApiTags('payouts 兑付中心：资金池（支付单位、追加与调拨、余额变动）')
@ApiBearerAuth()
@Controller('payouts/pools')
export class PoolsController {
  constructor(private readonly pools: PoolsService) {}

  /** Pools with budget, commitment, what is left and who pays (a department's payers see their own). */
  @Get()
  @Roles(...BATCH_READERS)
  @ApiOkResponse({ type: FundPoolPageDto })
  list(@CurrentUser() u: Principal, @Query() q: PageQueryDto): Promise<FundPoolPageDto> {
    return this.pools.list(u, q.page, q.pageSize);
  }

  /** 追加/调拨 requests and decisions. */
  @Get('movements')
  @Roles(...PAYOUT_READERS)
  @ApiOkResponse({ type: PoolMovementPageDto })
  movements(@Query() q: MovementQueryDto): Promise<PoolMovementPageDto> {
    return this.pools.movements({ status: q.status, fundPoolId: q.fundPoolId }, q.page, q.pageSize);
  }

  /** A finance maker asks for a top-up or a transfer; nothing moves until a checker approves. */
  @Post('movements')
  @Roles('finance_maker')
  @ApiCreatedResponse({ type: PoolMovementDto })
  request(@CurrentUser() u: Principal, @Body() dto: RequestMovementDto): Promise<PoolMovementDto> {
    return this.pools.request(u, dto);
  }

  @Post('movements/:id/approve')
  @Roles('finance_checker')
  @HttpCode(200)
  @ApiOkResponse({ type: PoolMovementDto })
  approve(@CurrentUser() u: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<PoolMovementDto> {
    return this.pools.approve(u, id);
  }

  @Post('movements/:id/reject')
  @Roles('finance_checker')
  @HttpCode(200)
  @ApiOkResponse({ type: PoolMovementDto })
  reject(@CurrentUser() u: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: RejectMovementDto): Promise<PoolMovementDto> {
    return this.pools.reject(u, id, dto.reason);
  }

  @Get(':id')
  @Roles(...BATCH_READERS)
  @ApiOkResponse({ type: FundPoolDto })
  get(@CurrentUser() u: Principal, @Param('id') id: string): Promise<FundPoolDto> {
    return this.pools.get(id, u);
  }

  /** Who pays the pool (finance or its department's own account) and its budget line (预算指标). */
  @Patch(':id')
  @Roles('finance_checker')
  @ApiOkResponse({ type: FundPoolDto })
  settings(@CurrentUser() u: Principal, @Param('id') id: string, @Body() dto: PoolSettingsDto): Promise<FundPoolDto> {
    return this.pools.updateSettings(u, id, dto);
  }

  /** The pool's balance history: every top-up, transfer, commitment and release, newest first. */
  @Get(':id/history')
  @Roles(...BATCH_READERS)
  @ApiOkResponse({ type: PoolHistoryPageDto })
  history(@CurrentUser() u: Principal, @Param('id') id: string, @Query() q: PageQueryDto): Promise<PoolHistoryPageDto> {
    return this.pools.history(u, id, q.page, q.pageSize);
  }
}
