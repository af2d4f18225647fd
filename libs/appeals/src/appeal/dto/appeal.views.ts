import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { APPEAL_STATES, type AppealState } from '../appeal.states';
import { ANSWER_KINDS, APPEAL_CHANNELS, APPEAL_LEVELS, DUE_KINDS, RATINGS } from '../appeal.types';

/** A department as the console shows it: code and name. */
export class DepartmentRef {
  @ApiProperty({ example: 'zgj' }) code: string;
  @ApiProperty({ example: '市自然资源和规划局' }) name: string;
}

export class AppealDeadlines {
  @ApiProperty({ nullable: true, type: String, description: '交办时限（收到后 N 个工作日）' }) dispatchDue: string | null;
  @ApiProperty({ nullable: true, type: String, description: '签收时限（交办后）' }) acceptDue: string | null;
  @ApiProperty({ nullable: true, type: String, description: '报送进展时限' }) progressDue: string | null;
  @ApiProperty({ nullable: true, type: String, description: '答复时限（含已批准的延期）' }) answerDue: string | null;
  @ApiProperty({ nullable: true, type: String, description: '二次督办答复时限' }) secondDue: string | null;
}

/** One appeal (诉求) as every reader sees it; labels in Chinese beside every code. */
export class AppealView {
  @ApiProperty() id: string;
  @ApiProperty({ description: '诉求编号：企业可凭此查询，不含任何企业信息', example: 'SQ2611-7K3M9QX' }) number: string;
  @ApiProperty() enterpriseId: string;
  @ApiProperty() enterpriseName: string;
  @ApiProperty({ nullable: true, type: String }) districtCode: string | null;
  @ApiProperty({ nullable: true, type: String }) districtName: string | null;
  @ApiProperty({ example: 'land' }) category: string;
  @ApiProperty({ example: '土地规划' }) categoryLabel: string;
  @ApiProperty({ enum: APPEAL_CHANNELS }) channel: string;
  @ApiProperty({ example: '企业家接待日' }) channelLabel: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: [String], description: '分词提取的关键词（相似诉求、政策主题）' }) terms: string[];
  @ApiProperty({ nullable: true, type: String }) contactName: string | null;
  @ApiProperty({ nullable: true, type: String, example: '138****8000' }) contactPhoneMasked: string | null;
  @ApiProperty({ nullable: true, type: String, description: '企业提及的兑现事项' }) relatedItemId: string | null;
  @ApiProperty({ nullable: true, type: String }) receptionDayId: string | null;
  @ApiProperty({ enum: APPEAL_STATES }) state: AppealState;
  @ApiProperty({ example: '办理中' }) stateLabel: string;
  @ApiProperty({ enum: APPEAL_LEVELS }) level: string;
  @ApiProperty({ example: '责任部门' }) levelLabel: string;
  @ApiProperty({ nullable: true, type: String }) officerId: string | null;
  @ApiProperty({ nullable: true, type: DepartmentRef, description: '牵头单位' }) leadDepartment: DepartmentRef | null;
  @ApiProperty({ type: [DepartmentRef], description: '协办单位' }) coDepartments: DepartmentRef[];
  @ApiProperty({ nullable: true, type: DepartmentRef, description: '首问负责单位（首次交办的牵头单位）' }) firstDepartment: DepartmentRef | null;
  @ApiProperty({ nullable: true, type: String, description: '已并入的诉求 id' }) mergedInto: string | null;
  @ApiProperty() receivedAt: string;
  @ApiProperty({ nullable: true, type: String }) assignedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) acceptedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) answeredAt: string | null;
  @ApiProperty({ nullable: true, type: String }) closedAt: string | null;
  @ApiProperty({ nullable: true, enum: [...ANSWER_KINDS, 'on_spot'] }) answerKind: string | null;
  @ApiProperty({ nullable: true, type: String }) answerKindLabel: string | null;
  @ApiProperty({ nullable: true, type: String }) answerText: string | null;
  @ApiProperty({ nullable: true, enum: RATINGS }) rating: string | null;
  @ApiProperty({ nullable: true, type: String }) ratingLabel: string | null;
  @ApiProperty({ nullable: true, type: String }) ratedAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: '督办销号的书面理由' }) closeReason: string | null;
  @ApiProperty() secondSupervisionCount: number;
  @ApiProperty() reopenedCount: number;
  @ApiProperty({ type: AppealDeadlines }) deadlines: AppealDeadlines;
  @ApiProperty({ nullable: true, enum: DUE_KINDS, description: '当前等待的时限' }) dueKind: string | null;
  @ApiProperty({ nullable: true, type: String }) dueKindLabel: string | null;
  @ApiProperty({ nullable: true, type: String }) dueOn: string | null;
  @ApiProperty({ description: '当前时限已过' }) overdue: boolean;
  @ApiProperty({ description: '已批准的延期（工作日）' }) extensionDays: number;
  @ApiProperty({ nullable: true, type: String, description: '关联的政策起草事项' }) policyItemId: string | null;
  @ApiProperty({ description: '时间轴步数' }) step: number;
  @ApiProperty() createdAt: string;
}

export class AppealPage {
  @ApiProperty({ type: [AppealView] }) items: AppealView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

/** One step of an appeal's timeline (全程透明): the firm sees every step. */
export class AppealTimelineNode {
  @ApiProperty() step: number;
  @ApiProperty() at: string;
  @ApiProperty() command: string;
  @ApiProperty({ example: '交办' }) commandLabel: string;
  @ApiProperty({ nullable: true, type: String }) fromState: string | null;
  @ApiProperty() toState: string;
  @ApiProperty() stateLabel: string;
  @ApiProperty() actorRole: string;
  @ApiProperty({ example: '督办人员' }) actorRoleLabel: string;
  @ApiProperty({ nullable: true, type: DepartmentRef }) department: DepartmentRef | null;
  @ApiProperty({ nullable: true, type: String }) outcome: string | null;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
  @ApiPropertyOptional({ nullable: true, type: Object }) details: Record<string, unknown> | null;
}

export class AttachmentView {
  @ApiProperty() id: string;
  @ApiProperty() fileName: string;
  @ApiProperty() contentType: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty() sha256: string;
  @ApiProperty() uploadedAt: string;
}

/** What anyone may learn from a number alone: no firm, no text, no person. */
export class PublicAppealStatus {
  @ApiProperty() number: string;
  @ApiProperty() categoryLabel: string;
  @ApiProperty() stateLabel: string;
  @ApiProperty() receivedAt: string;
  @ApiProperty({ nullable: true, type: String }) closedAt: string | null;
  @ApiProperty({ type: [String], description: '各步骤名称与日期' }) steps: string[];
}

export class CategoryView {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: DepartmentRef, description: '默认牵头单位' }) leadDepartment: DepartmentRef | null;
  @ApiProperty({ description: '交办时限（工作日）' }) dispatchDays: number;
  @ApiProperty({ description: '签收时限（工作日）' }) acceptDays: number;
  @ApiProperty({ description: '报送进展时限（工作日）' }) progressDays: number;
  @ApiProperty({ description: '答复时限（工作日）' }) answerDays: number;
  @ApiProperty({ description: '二次督办答复时限（工作日）' }) secondDays: number;
  @ApiProperty({ nullable: true, type: String, description: '默认办理要求（交办时未填写则印入交办函）' }) requirements: string | null;
}

export class LabelSet {
  @ApiProperty({ description: '状态', type: Object, example: { submitted: '待预研' } }) states: Record<string, string>;
  @ApiProperty({ description: '操作', type: Object }) commands: Record<string, string>;
  @ApiProperty({ description: '渠道', type: Object }) channels: Record<string, string>;
  @ApiProperty({ description: '层级', type: Object }) levels: Record<string, string>;
  @ApiProperty({ description: '答复方式', type: Object }) answerKinds: Record<string, string>;
  @ApiProperty({ description: '评价', type: Object }) ratings: Record<string, string>;
  @ApiProperty({ description: '时限', type: Object }) dueKinds: Record<string, string>;
  @ApiProperty({ description: '函件', type: Object }) letterKinds: Record<string, string>;
  @ApiProperty({ type: [CategoryView] }) categories: CategoryView[];
}
