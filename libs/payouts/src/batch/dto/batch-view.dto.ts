import { ApiProperty } from '@nestjs/swagger';
import { BATCH_STATUSES, BatchApproval, BatchOrigin, BatchStatus } from '../batch.types';
import { BatchFilterDto } from './batch.dto';

const BATCH_ORIGINS = ['manual', 'auto'] as const satisfies readonly BatchOrigin[];
const BATCH_APPROVALS = ['checker', 'auto_check'] as const satisfies readonly BatchApproval[];
const AUTO_CHECK_RULES = ['total_under_limit', 'no_reissues', 'pool_capacity'] as const;

/** One rule of the 规则自动复核 and whether the batch passed it. */
export class AutoCheckRuleDto {
  @ApiProperty({ enum: AUTO_CHECK_RULES, description: 'total_under_limit 金额低于上限；no_reissues 无重新支付；pool_capacity 资金池余额充足' })
  rule: (typeof AUTO_CHECK_RULES)[number];
  @ApiProperty() passed: boolean;
  @ApiProperty({ description: '说明' }) detail: string;
}

export class AutoCheckResultDto {
  @ApiProperty({ description: '是否通过规则自动复核' }) passed: boolean;
  @ApiProperty({ description: '自动复核上限（分）' }) limitFen: number;
  @ApiProperty({ type: [AutoCheckRuleDto] }) rules: AutoCheckRuleDto[];
}

/** 支付批次 as makers, checkers, auditors and leaders read it. */
export class BatchViewDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: '批次号', example: 'PB20261203-1A2B3C4D' }) batchNo: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: BATCH_STATUSES }) status: BatchStatus;
  @ApiProperty({ example: '待复核' }) statusLabel: string;
  @ApiProperty({ type: BatchFilterDto, description: '组批时的筛选条件' }) filter: BatchFilterDto;
  @ApiProperty({ description: '支付单位：finance（财政）或支付部门代码' }) payerCode: string;
  @ApiProperty({ enum: BATCH_ORIGINS, description: 'manual 经办组批；auto 自动组批' }) origin: BatchOrigin;
  @ApiProperty({ enum: BATCH_APPROVALS, nullable: true, type: String, description: 'checker 人工复核；auto_check 规则自动复核；未复核为 null' })
  approval: BatchApproval | null;
  @ApiProperty({ type: AutoCheckResultDto, nullable: true, description: '规则自动复核的结论（仅自动组批）' }) autoCheck: AutoCheckResultDto | null;
  @ApiProperty({ description: '指令笔数' }) instructionCount: number;
  @ApiProperty({ description: '合计金额（分）' }) totalFen: number;
  @ApiProperty({ example: '1.2万元' }) totalText: string;
  @ApiProperty({ description: '经办人' }) createdBy: string;
  @ApiProperty({ type: String, nullable: true }) createdByName: string | null;
  @ApiProperty({ type: String, nullable: true }) submittedBy: string | null;
  @ApiProperty({ type: String, nullable: true }) approvedBy: string | null;
  @ApiProperty({ type: String, nullable: true }) rejectedBy: string | null;
  @ApiProperty({ type: String, nullable: true, description: '退回原因' }) rejectReason: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: String, nullable: true }) approvedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) completedAt: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: '批次内各状态的指令笔数（复核后即支付进度）', example: { sent: 3, settled: 7 } })
  progress: Record<string, number>;
}

export class BatchPageDto {
  @ApiProperty({ type: [BatchViewDto] }) items: BatchViewDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

/** What a batch would take from one fund pool, against the pool's budget. */
export class BatchPreviewPoolDto {
  @ApiProperty() fundPoolId: string;
  @ApiProperty({ type: String, nullable: true, description: '兑现事项名称' }) itemName: string | null;
  @ApiProperty({ description: '笔数' }) count: number;
  @ApiProperty({ description: '金额（分）' }) totalFen: number;
  @ApiProperty({ type: Number, nullable: true, description: '资金池额度（分）；null 表示不限' }) budgetFen: number | null;
  @ApiProperty({ description: '已占用（分）' }) committedFen: number;
}

/** 组批预览: counts and totals of what a batch with these filters would take. */
export class BatchPreviewDto {
  @ApiProperty({ description: '指令笔数' }) count: number;
  @ApiProperty({ description: '合计金额（分）' }) totalFen: number;
  @ApiProperty() totalText: string;
  @ApiProperty({ type: [BatchPreviewPoolDto] }) byPool: BatchPreviewPoolDto[];
}
