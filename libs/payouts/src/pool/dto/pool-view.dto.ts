import { ApiProperty } from '@nestjs/swagger';
import { MOVEMENT_KINDS, MOVEMENT_STATUSES, MovementKind, MovementStatus } from '../pool.types';

const PAYERS = ['finance', 'department'] as const;

/** 资金池: budget (额度), what is committed, what is left, who pays. */
export class FundPoolDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: String, nullable: true, description: '兑现事项' }) itemId: string | null;
  @ApiProperty({ type: String, nullable: true }) itemName: string | null;
  @ApiProperty({ type: String, nullable: true, description: '主管部门' }) departmentCode: string | null;
  @ApiProperty({ enum: PAYERS, description: 'finance 财政直接支付；department 主管部门自有账户支付' }) payer: (typeof PAYERS)[number];
  @ApiProperty({ description: '该资金池批次的支付单位：finance 或部门代码' }) payerCode: string;
  @ApiProperty({ type: Number, nullable: true, description: '额度（分）；null 表示不限' }) budgetFen: number | null;
  @ApiProperty({ description: '已占用（分）' }) committedFen: number;
  @ApiProperty({ type: Number, nullable: true, description: '可用余额（分）；不限额度时为 null' }) availableFen: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '预算指标（分）：追加不得超过；null 表示不设' }) budgetLineFen: number | null;
  @ApiProperty() updatedAt: string;
}

export class FundPoolPageDto {
  @ApiProperty({ type: [FundPoolDto] }) items: FundPoolDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

/** 追加 (top-up) or 调拨 (transfer between pools), requested by a finance maker, decided by a different checker. */
export class PoolMovementDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: MOVEMENT_KINDS, description: 'top_up 追加额度；transfer 资金池间调拨' }) kind: MovementKind;
  @ApiProperty({ type: String, nullable: true, description: '调出资金池（追加时为 null）' }) fromPoolId: string | null;
  @ApiProperty({ description: '调入/追加的资金池' }) toPoolId: string;
  @ApiProperty({ description: '金额（分）' }) amountFen: number;
  @ApiProperty() amountText: string;
  @ApiProperty({ description: '事由' }) reason: string;
  @ApiProperty({ enum: MOVEMENT_STATUSES, description: 'requested 待复核；approved 已批准；rejected 已退回' }) status: MovementStatus;
  @ApiProperty({ description: '申请人' }) requestedBy: string;
  @ApiProperty({ type: String, nullable: true }) requestedByName: string | null;
  @ApiProperty() requestedAt: string;
  @ApiProperty({ type: String, nullable: true, description: '复核人' }) decidedBy: string | null;
  @ApiProperty({ type: String, nullable: true }) decidedAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: '退回原因' }) rejectReason: string | null;
}

export class PoolMovementPageDto {
  @ApiProperty({ type: [PoolMovementDto] }) items: PoolMovementDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

/** One change of a pool's budget or commitment (余额变动). */
export class PoolHistoryEntryDto {
  @ApiProperty() id: number;
  @ApiProperty() at: string;
  @ApiProperty({ description: 'opened 开设；top_up 追加；transfer_in 调入；transfer_out 调出；commit 预算占用；release 释放占用；budget 调整设置', example: 'commit' })
  cause: string;
  @ApiProperty({ type: String, nullable: true, description: '关联单据（批次号、调拨申请）' }) ref: string | null;
  @ApiProperty({ description: '额度变动（分）' }) budgetDeltaFen: number;
  @ApiProperty({ description: '占用变动（分）' }) committedDeltaFen: number;
  @ApiProperty({ type: Number, nullable: true, description: '变动后额度（分）' }) budgetFen: number | null;
  @ApiProperty({ description: '变动后占用（分）' }) committedFen: number;
  @ApiProperty({ type: Number, nullable: true, description: '变动后可用（分）' }) availableFen: number | null;
}

export class PoolHistoryPageDto {
  @ApiProperty({ type: [PoolHistoryEntryDto] }) items: PoolHistoryEntryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
