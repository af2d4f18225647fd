import { ApiProperty } from '@nestjs/swagger';
import { RECON_CLASSES, ReconClass } from '../reconcile';

const RUN_KINDS = ['statement', 'result', 'callback'] as const;
const RESOLUTION_ACTIONS = ['acknowledged', 'requeried', 'reissued', 'written_off'] as const;

/** One import of a bank statement or a result file (对账批次). */
export class ReconRunDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: RUN_KINDS, description: 'statement 银行对账单；result 国库回执文件；callback 回调' }) kind: (typeof RUN_KINDS)[number];
  @ApiProperty({ type: String, nullable: true }) fileName: string | null;
  @ApiProperty({ type: String, nullable: true, description: '对账日期' }) statementDate: string | null;
  @ApiProperty({ description: '文件行数' }) lineCount: number;
  @ApiProperty({ description: '核对一致' }) matched: number;
  @ApiProperty({ description: '差异笔数' }) exceptions: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: '按分类的笔数', example: { matched: 12, returned: 1 } })
  byClass: Record<string, number>;
}

/** 对账差异 and what finance may do about it. */
export class ReconItemDto {
  @ApiProperty() id: string;
  @ApiProperty() runId: string;
  @ApiProperty({ type: Number, nullable: true, description: '文件行号' }) lineNo: number | null;
  @ApiProperty({ type: String, nullable: true }) instructionId: string | null;
  @ApiProperty({ enum: RECON_CLASSES }) classification: ReconClass;
  @ApiProperty({ example: '银行退回' }) classificationLabel: string;
  @ApiProperty({ type: Number, nullable: true, description: '平台金额（分）' }) expectedFen: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '银行金额（分）' }) actualFen: number | null;
  @ApiProperty({ type: String, nullable: true, description: '银行流水号' }) bankRef: string | null;
  @ApiProperty({ type: String, nullable: true }) detail: string | null;
  @ApiProperty({ type: String, nullable: true, description: '处理结果；未处理为 null' }) resolution: string | null;
  @ApiProperty({ enum: RESOLUTION_ACTIONS, isArray: true, description: '可选的处理方式' }) allowedResolutions: string[];
}
