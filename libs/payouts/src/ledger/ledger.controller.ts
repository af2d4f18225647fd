import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { formatMoney, Roles } from '@app/core';
import { PAYOUT_READERS } from '../payout.roles';
import { LedgerService } from './ledger.service';

@ApiTags('payouts 兑付中心：总账')
@ApiBearerAuth()
@Controller('payouts/ledger')
export class LedgerController {
  constructor(private readonly ledger: LedgerService) {}

  /** Balances per fund pool and account (debit positive). */
  @Get('balances')
  @Roles(...PAYOUT_READERS)
  async balances(@Query('fundPoolId') fundPoolId?: string) {
    const items = await this.ledger.balances({ fundPoolId });
    return { items: items.map((b) => ({ ...b, balanceText: formatMoney(b.balanceFen) })) };
  }

  /** The invariant check (the same as `npm run ledger:check`). */
  @Get('check')
  @Roles('auditor', 'finance_checker', 'leader')
  check() {
    return this.ledger.check();
  }
}
