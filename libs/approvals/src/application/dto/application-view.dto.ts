import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { APPLICATION_STATES } from '../application.states';
import type { ApplicationState } from '../application.states';
import type { CashOutMode } from '../application.types';

/** Response shapes of the application routes (全程透明): what the firm and the staff read. */

const CASH_OUT_MODES: readonly CashOutMode[] = ['no_application', 'instant', 'application', 'commitment'];

/**
 * Any JSON value (a fact's value). Its TypeScript type reflects as `Object`; `type: Array` with a
 * combinator makes @nestjs/swagger emit the `oneOf` alone rather than `type: object` beside it.
 */
const JSON_VALUE = {
  type: Array,
  oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'object', additionalProperties: true }, { type: 'array', items: {} }],
  nullable: true,
};

/** A fact a person changed by hand that the application rests on (人工修改数据). */
export class ManualFactChangeDto {
  @ApiProperty({ description: '条件项' }) fact: string;
  @ApiProperty({ example: '研发费用' }) label: string;
  @ApiProperty({ ...JSON_VALUE, description: '修改前的值' }) before: unknown;
  @ApiProperty({ ...JSON_VALUE, description: '修改后的值' }) after: unknown;
  @ApiProperty({ description: '修改产生的档案版本' }) version: number;
  @ApiProperty() actorId: string;
  @ApiProperty() actorName: string;
  @ApiProperty() actorRole: string;
  @ApiProperty({ type: String, nullable: true }) department: string | null;
  @ApiProperty() reason: string;
  @ApiProperty() at: string;
}

/** An application as the firm and the reviewers see it: accounts only masked; facts for staff only. Money in fen. */
export class ApplicationDto {
  @ApiProperty() id: string;
  @ApiProperty() enterpriseId: string;
  @ApiProperty() enterpriseName: string;
  @ApiProperty() itemId: string;
  @ApiProperty({ description: '申请所依据的事项版本' }) itemVersionId: string;
  @ApiProperty() itemName: string;
  @ApiProperty({ description: '主管部门编码' }) departmentCode: string;
  @ApiProperty({ enum: CASH_OUT_MODES }) mode: CashOutMode;
  @ApiProperty({ example: '申请制' }) modeLabel: string;
  @ApiProperty({ description: '申报期（如 2026）' }) period: string;
  @ApiProperty({ enum: APPLICATION_STATES }) state: ApplicationState;
  @ApiProperty({ example: '审核中' }) stateLabel: string;
  @ApiProperty({ description: '金额（分）' }) amountFen: number;
  @ApiProperty({ example: '20万元' }) amountText: string;
  @ApiProperty({ type: String, nullable: true, description: '测算说明' }) estimateText: string | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true, description: '申请所依据的企业数据（仅工作人员可见）' })
  facts?: Record<string, unknown> | null;
  @ApiPropertyOptional({ description: '依据了人工修改的数据，需核对（仅工作人员可见）' }) flagged?: boolean;
  @ApiPropertyOptional({ type: () => [ManualFactChangeDto], description: '人工修改了哪些数据（仅工作人员可见）' }) factChangesByPerson?: ManualFactChangeDto[];
  @ApiProperty({ type: String, nullable: true }) disclosureRoundId: string | null;
  @ApiProperty({ type: String, nullable: true, description: '收款户名' }) payeeName: string | null;
  @ApiProperty({ type: String, nullable: true }) payeeBankName: string | null;
  @ApiProperty({ type: String, nullable: true, description: '收款账号（脱敏）' }) payeeAccountMasked: string | null;
  @ApiProperty({ type: String, nullable: true }) submittedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) decidedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) confirmedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) paidAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: '确认收款账户的截止日期' }) confirmBy: string | null;
  @ApiProperty({ type: String, nullable: true, description: '申请恢复办理的截止日期' }) reopenUntil: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ description: '进入当前状态的时间' }) stateSince: string;
  @ApiProperty({ description: '已记录的步骤数（乐观锁版本）' }) step: number;
}

export class ApplicationPageDto {
  @ApiProperty({ type: () => [ApplicationDto] }) items: ApplicationDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

/** One recorded step of an application: a state change or a note. */
export class TimelineNodeDto {
  @ApiProperty() step: number;
  @ApiProperty() at: string;
  @ApiProperty({ example: 'submit' }) command: string;
  @ApiProperty({ example: '提交申请' }) commandLabel: string;
  @ApiProperty({ enum: APPLICATION_STATES, nullable: true }) fromState: ApplicationState | null;
  @ApiProperty({ enum: APPLICATION_STATES }) toState: ApplicationState;
  @ApiProperty() stateLabel: string;
  @ApiProperty({ example: 'dept_reviewer' }) actorRole: string;
  @ApiProperty({ example: '部门审核人' }) actorRoleLabel: string;
  @ApiProperty({ type: String, nullable: true }) departmentCode: string | null;
  @ApiProperty({ type: String, nullable: true }) outcome: string | null;
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) details: Record<string, unknown> | null;
}

/** An uploaded material (申报材料), checksummed. */
export class MaterialDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: '营业执照' }) materialName: string;
  @ApiProperty() fileName: string;
  @ApiProperty({ example: 'application/pdf' }) contentType: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty() sha256: string;
  @ApiProperty() uploadedAt: string;
}

/** 信用承诺书: the text the firm signs, with its version. */
export class CommitmentTextDto {
  @ApiProperty() textVersion: string;
  @ApiProperty() text: string;
}

export class CommitmentSignatureDto {
  @ApiProperty() textVersion: string;
  @ApiProperty() textSha256: string;
  @ApiProperty() signedAt: string;
  @ApiProperty({ description: '签署人' }) signer: string;
}

/** A change of the payee account waits for the SMS code sent to the firm's contact phone. */
export class AccountChangeIssuedDto {
  @ApiProperty({ description: '确认时带上，与短信验证码一起证明变更' }) verificationId: string;
  @ApiProperty({ description: '验证码失效时间' }) expiresAt: string;
}

export class RatingResultDto {
  @ApiProperty({ minimum: 1, maximum: 5 }) score: number;
}
