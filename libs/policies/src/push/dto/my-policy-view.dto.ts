import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASH_OUT_MODES } from '../../policy/policy.types';
import type { CashOutMode } from '../../policy/policy.types';

/** Response shapes of the enterprise's side of 精准推送 (GET /me/policies, /me/policies/{itemId}, /me/inbox). */

/** One item my enterprise qualifies for (eligible) or nearly does (near_miss), with the estimate. */
export class MyPolicyDto {
  @ApiProperty() itemId: string;
  @ApiProperty() itemVersionId: string;
  @ApiProperty() itemName: string;
  @ApiProperty() policyId: string;
  @ApiProperty() policyTitle: string;
  @ApiProperty({ description: '主管部门编码' }) department: string;
  @ApiProperty({ enum: CASH_OUT_MODES }) mode: CashOutMode;
  @ApiProperty({ example: '申请制' }) modeLabel: string;
  @ApiProperty({ enum: ['eligible', 'near_miss'] }) outcome: 'eligible' | 'near_miss';
  @ApiProperty({ description: '预计金额（分）' }) estimateFen: number;
  @ApiProperty({ example: '50万元' }) estimateText: string;
  @ApiProperty({ type: String, nullable: true, description: '申报截止日期' }) applyTo: string | null;
  @ApiProperty({ type: String, nullable: true, description: '差一点符合时：还差什么' }) lacking: string | null;
  @ApiProperty({ type: String, nullable: true, description: '不重复享受分组（同组事项只享受一项）' }) exclusionGroup: string | null;
  @ApiProperty({ description: '匹配时间' }) matchedAt: string;
}

export class MyPoliciesTotalsDto {
  @ApiProperty({ description: '可享受事项数' }) eligible: number;
  @ApiProperty({ description: '差一点符合事项数' }) nearMisses: number;
  @ApiProperty({ description: '可享受的预计合计（分；同一不重复享受分组只计最高一项）' }) estimateFen: number;
  @ApiProperty() estimateText: string;
}

export class MyPoliciesDto {
  @ApiProperty({ type: () => [MyPolicyDto] }) eligible: MyPolicyDto[];
  @ApiProperty({ type: () => [MyPolicyDto], description: '差一点符合' }) nearMisses: MyPolicyDto[];
  @ApiProperty({ type: () => MyPoliciesTotalsDto }) totals: MyPoliciesTotalsDto;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

/** 数据来源 of the firm's value a condition was checked against. */
export class ReasonSourceDto {
  @ApiProperty({ enum: ['source', 'correction', 'person', 'import'], description: '数据源、更正申请、人工或档案导入' }) via: 'source' | 'correction' | 'person' | 'import';
  @ApiProperty({ type: String, nullable: true, description: '数据源编码' }) source: string | null;
  @ApiProperty({ example: '市税务局' }) sourceName: string;
  @ApiProperty({ type: String, nullable: true, description: '来源记录编号（或更正申请编号）' }) recordId: string | null;
  @ApiProperty({ type: String, nullable: true }) fetchedAt: string | null;
}

/** One condition in plain Chinese, checked against the firm's value of it. */
export class MyPolicyReasonDto {
  @ApiProperty({ example: '研发费用 要求不低于 100万元，贵企业为 120万元' }) text: string;
  @ApiProperty() passed: boolean;
  @ApiProperty({ description: '缺少该项数据' }) missing: boolean;
  @ApiProperty({ description: '条件项' }) fact: string;
  @ApiProperty({ type: () => ReasonSourceDto, nullable: true, description: '数据来源（未记录时为 null）' }) source: ReasonSourceDto | null;
}

export class MyPolicyDetailDto extends MyPolicyDto {
  @ApiProperty({ type: () => [MyPolicyReasonDto] }) reasons: MyPolicyReasonDto[];
  @ApiProperty({ type: String, nullable: true }) docNumber: string | null;
  @ApiProperty({ type: String, nullable: true }) sourceUrl: string | null;
  @ApiProperty({ type: String, nullable: true, description: '政策条款' }) clause: string | null;
  @ApiProperty({ type: [String], description: '申报材料' }) materials: string[];
  @ApiProperty({ type: String, nullable: true, description: '申报开始日期' }) applyFrom: string | null;
  @ApiProperty({ type: String, nullable: true }) contact: string | null;
}

/** A message of my inbox: a pushed policy (eligible) or a 办理通知 (notice). */
export class InboxEntryDto {
  @ApiProperty({ description: '消息编号（政策推送为事项版本编号，办理通知为通知编号）' }) id: string;
  @ApiProperty({ enum: ['eligible', 'notice'] }) kind: 'eligible' | 'notice';
  @ApiProperty({ type: String, nullable: true }) itemId: string | null;
  @ApiProperty({ type: String, nullable: true }) itemVersionId: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true, description: '预计金额（分，十进制文本；办理通知为 null）', example: '20000000' }) estimateFen: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: String, nullable: true }) readAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: '办理进度（如“已拨付 20万元”）' }) statusText: string | null;
  @ApiProperty({ type: String, nullable: true }) statusAt: string | null;
  @ApiProperty() body: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: '办理通知的类别（仅 notice）' }) noticeKind?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: '办理通知所属申请（仅 notice）' }) applicationId?: string | null;
}

export class InboxPageDto {
  @ApiProperty({ type: () => [InboxEntryDto] }) items: InboxEntryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
