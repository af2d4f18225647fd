import { ApiProperty } from '@nestjs/swagger';
import { ENTRY_KINDS, EntryKind, LEDGER_ACCOUNTS, LedgerAccount } from '../../ledger/ledger.rules';
import { INSTRUCTION_STATUSES, InstructionStatus } from '../instruction.states';

/** 支付指令 as staff see it: the payee's account only masked. */
export class PayoutInstructionDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: '申请编号' }) applicationId: string;
  @ApiProperty() enterpriseId: string;
  @ApiProperty() enterpriseName: string;
  @ApiProperty({ description: '兑现事项' }) itemId: string;
  @ApiProperty() itemName: string;
  @ApiProperty({ description: '主管部门' }) departmentCode: string;
  @ApiProperty({ type: String, nullable: true, description: '区县' }) districtCode: string | null;
  @ApiProperty({ description: '资金池' }) fundPoolId: string;
  @ApiProperty({ description: '预算科目' }) budgetSubject: string;
  @ApiProperty({ description: '金额（分）' }) amountFen: number;
  @ApiProperty({ example: '8万元' }) amountText: string;
  @ApiProperty({ description: '收款人' }) payeeName: string;
  @ApiProperty({ description: '收款账号（脱敏）', example: '622202******1234' }) payeeAccountMasked: string;
  @ApiProperty({ type: String, nullable: true }) payeeBankName: string | null;
  @ApiProperty({ enum: INSTRUCTION_STATUSES }) status: InstructionStatus;
  @ApiProperty({ example: '待组批' }) statusLabel: string;
  @ApiProperty({ type: String, nullable: true, description: '所在批次' }) batchId: string | null;
  @ApiProperty({ type: String, nullable: true, description: '重新支付时：原指令' }) reissueOf: string | null;
  @ApiProperty({ description: '发送次数' }) sendAttempts: number;
  @ApiProperty({ type: String, nullable: true, description: '国库流水号' }) treasuryRef: string | null;
  @ApiProperty({ type: String, nullable: true, description: '结果说明（退回、失败、撤销原因）' }) resultReason: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: String, nullable: true, description: '到账时间' }) settledAt: string | null;
}

export class PayoutInstructionPageDto {
  @ApiProperty({ type: [PayoutInstructionDto] }) items: PayoutInstructionDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

/** One line of a posting: debit positive, credit negative. */
export class JournalLineDto {
  @ApiProperty({ enum: LEDGER_ACCOUNTS, description: '科目' }) account: LedgerAccount;
  @ApiProperty({ description: '金额（分），借方为正、贷方为负' }) amountFen: number;
}

/** 记账分录 of an instruction. */
export class JournalEntryDto {
  @ApiProperty({ enum: ENTRY_KINDS, description: 'commit 预算占用；settle 支付到账；return 退回；release 释放预算' }) kind: EntryKind;
  @ApiProperty() postedAt: string;
  @ApiProperty({ type: [JournalLineDto] }) lines: JournalLineDto[];
}
