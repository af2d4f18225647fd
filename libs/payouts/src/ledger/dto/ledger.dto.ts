import { ApiProperty } from '@nestjs/swagger';
import { LEDGER_ACCOUNTS, LedgerAccount } from '../ledger.rules';

/** Balance of one account of one fund pool (借方为正). */
export class LedgerBalanceDto {
  @ApiProperty() fundPoolId: string;
  @ApiProperty({ enum: LEDGER_ACCOUNTS, description: '科目' }) account: LedgerAccount;
  @ApiProperty({ example: '资金池预算指标' }) accountLabel: string;
  @ApiProperty({ description: '余额（分），借方为正' }) balanceFen: number;
  @ApiProperty() balanceText: string;
}

export class LedgerBalancesDto {
  @ApiProperty({ type: [LedgerBalanceDto] }) items: LedgerBalanceDto[];
}

export class LedgerBalanceMismatchDto {
  @ApiProperty() fundPoolId: string;
  @ApiProperty() account: string;
  @ApiProperty({ description: '账上余额（分）' }) ledgerFen: number;
  @ApiProperty({ description: '按指令状态应有的余额（分）' }) expectedFen: number;
}

export class LedgerPoolMismatchDto {
  @ApiProperty() fundPoolId: string;
  @ApiProperty({ description: '资金池记录的占用（分）' }) committedFen: number;
  @ApiProperty({ description: '预算科目的余额（分）' }) ledgerFen: number;
}

export class DoublePaymentDto {
  @ApiProperty() applicationId: string;
  @ApiProperty({ type: [String] }) instructionIds: string[];
  @ApiProperty({ description: '已到账合计（分）' }) settledFen: number;
}

/** 账务校验: the invariants of the double-entry ledger (the same as `npm run ledger:check`). */
export class LedgerCheckDto {
  @ApiProperty({ description: '全部校验通过' }) ok: boolean;
  @ApiProperty({ description: '分录数' }) entries: number;
  @ApiProperty({ description: '分录行数' }) lines: number;
  @ApiProperty({ description: '全部分录行合计（分），应为 0' }) totalFen: number;
  @ApiProperty({ type: [String], description: '借贷不平的分录' }) unbalancedEntries: string[];
  @ApiProperty({ type: [LedgerBalanceMismatchDto], description: '账上余额与指令状态不符' }) balanceMismatches: LedgerBalanceMismatchDto[];
  @ApiProperty({ type: [LedgerPoolMismatchDto], description: '资金池占用与预算科目不符' }) poolMismatches: LedgerPoolMismatchDto[];
  @ApiProperty({ description: '重复记账笔数' }) duplicatePostings: number;
  @ApiProperty({ type: [DoublePaymentDto], description: '同一申请重复到账' }) doublePayments: DoublePaymentDto[];
  @ApiProperty({ type: [String], description: '到账后未经银行确认即记为退回的指令' }) unconfirmedLateReturns: string[];
  @ApiProperty({ description: '银行清算科目余额（分）' }) bankClearingFen: number;
}
