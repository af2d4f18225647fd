import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AuditOutcome } from '../audit.repository';

/** Response shapes of the audit log (审计日志): what AuditService returns, as the console reads it. */

const OUTCOMES = ['ok', 'denied', 'failed'] as const satisfies ReadonlyArray<AuditOutcome>;

/** One audited action. The chain's hash is shown; the before/after states are kept only as digests. */
export class AuditEntryDto {
  @ApiProperty({ description: '链上序号（从 1 起，连续）' }) seq: number;
  @ApiProperty() id: string;
  @ApiProperty({ description: '记录时间（ISO 8601）' }) at: string;
  @ApiProperty({ type: String, nullable: true, description: '操作人；null 为系统' }) actorId: string | null;
  @ApiProperty({ type: String, nullable: true }) actorName: string | null;
  @ApiProperty({ type: String, nullable: true, description: '操作人角色' }) actorRole: string | null;
  @ApiProperty({ example: 'payout.batch.submit' }) action: string;
  @ApiProperty({ type: String, nullable: true, example: 'payout_batch' }) targetType: string | null;
  @ApiProperty({ type: String, nullable: true }) targetId: string | null;
  @ApiProperty({ enum: OUTCOMES, description: 'ok 成功；denied 拒绝；failed 失败' }) outcome: (typeof OUTCOMES)[number];
  @ApiProperty({ type: String, nullable: true, description: '变更前状态的摘要' }) beforeDigest: string | null;
  @ApiProperty({ type: String, nullable: true, description: '变更后状态的摘要' }) afterDigest: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) details: Record<string, unknown> | null;
  @ApiProperty({ description: '本条的链哈希' }) hash: string;
}

export class AuditEntryPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items: AuditEntryDto[];
  @ApiProperty() total: number;
}

/** The first entry that does not verify, and why. */
export class AuditTamperDto {
  @ApiProperty() seq: number;
  @ApiProperty() id: string;
  @ApiProperty() reason: string;
}

/** The signed anchor under DATA_DIR the chain was compared with. */
export class AuditCheckpointStateDto {
  @ApiProperty({ description: '锚定到的序号' }) seq: number;
  @ApiProperty({ description: '锚点写入时间（ISO 8601）' }) at: string;
  @ApiProperty({ description: '数据库中的链与锚点一致' }) ok: boolean;
  @ApiPropertyOptional() reason?: string;
}

/** 哈希链校验: the chain recomputed from its start, then compared with the signed anchor. */
export class AuditVerificationDto {
  @ApiProperty() ok: boolean;
  @ApiProperty({ description: '已校验的记录数' }) checked: number;
  @ApiPropertyOptional({ type: AuditTamperDto, description: '第一条未通过校验的记录（校验通过时省略）' }) firstTampered?: AuditTamperDto;
  @ApiPropertyOptional({ type: AuditCheckpointStateDto, nullable: true, description: '签名锚点；null 表示尚未写入' })
  checkpoint?: AuditCheckpointStateDto | null;
}
