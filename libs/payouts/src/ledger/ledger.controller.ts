import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { formatMoney, Roles } from '@app/core';
import { PAYOUT_READERS } from '../payout.roles';
import { LedgerBalancesDto, LedgerCheckDto } from './dto/ledger.dto';
import { LedgerService } from './ledger.service';

@ApiTags('payouts 兑付中心：总账')
@ApiBearerAuth()
@Controller('payouts/ledger')
export class LedgerController {
  constructor(private readonly ledger: LedgerService) {}

  /** Balances per fund pool and account (debit positive). */
  @Get('balances')
  @Roles(...PAYOUT_READERS)
  @ApiOkResponse({ type: LedgerBalancesDto })
  async balances(@Query('fundPoolId') fundPoolId?: string): Promise<LedgerBalancesDto> {
    const items = await this.ledger.balances({ fundPoolId });
    return { items: items.map((b) => ({ ...b, balanceText: formatMoney(b.balanceFen) })) };
  }

  /** The invariant check (the same as `npm run ledger:check`). */
  @Get('check')
  @Roles('auditor', 'finance_checker', 'leader')
  @ApiOkResponse({ type: LedgerCheckDto })
  check(): Promise<LedgerCheckDto> {
    return this.ledger.check();
  }
}
