import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBooleanString, IsOptional } from 'class-validator';
import { PageQueryDto } from '@app/core';
import { STEP_KEYS } from '../steps';

export class OpenStepItemDto {
  @ApiProperty() applicationId: string;
  @ApiProperty({ description: '企业名称' }) enterpriseName: string;
  @ApiProperty({ description: '兑现事项' }) itemName: string;
  @ApiProperty() departmentCode: string;
  @ApiProperty({ enum: STEP_KEYS }) step: string;
  @ApiProperty({ description: '环节', example: '预审通过待批量审核' }) stepLabel: string;
  @ApiProperty({ enum: ['department', 'finance', 'enterprise'], description: '责任方' }) party: string;
  @ApiProperty() ownerRole: string;
  @ApiProperty({ description: '责任人', example: '主管部门审核人' }) ownerLabel: string;
  @ApiProperty({ description: '进入环节日期' }) since: string;
  @ApiProperty({ description: '办理时限截止日' }) dueOn: string;
  @ApiProperty({ description: '时限（工作日）' }) limitWorkingDays: number;
  @ApiProperty({ description: '已用工作日' }) elapsedWorkingDays: number;
  @ApiProperty({ description: '是否超期' }) overdue: boolean;
  @ApiProperty({ description: '超期工作日' }) overdueWorkingDays: number;
}

export class OverdueEntryDto {
  @ApiProperty() applicationId: string;
  @ApiProperty() enterpriseName: string;
  @ApiProperty() itemName: string;
  @ApiProperty() departmentCode: string;
  @ApiProperty({ enum: STEP_KEYS, description: '环节' }) node: string;
  @ApiProperty({ description: '环节名称' }) nodeLabel: string;
  @ApiProperty({ enum: ['department', 'finance', 'enterprise'] }) party: string;
  @ApiProperty() ownerRole: string;
  @ApiProperty({ description: '责任人' }) ownerLabel: string;
  @ApiProperty() since: string;
  @ApiProperty() dueOn: string;
  @ApiProperty({ description: '超期工作日' }) overdueWorkingDays: number;
}

export class StepStatsDto {
  @ApiProperty({ enum: STEP_KEYS }) step: string;
  @ApiProperty({ description: '环节' }) stepLabel: string;
  @ApiProperty({ enum: ['department', 'finance', 'enterprise'] }) party: string;
  @ApiProperty({ description: '责任人' }) ownerLabel: string;
  @ApiProperty({ description: '时限（工作日）' }) limitWorkingDays: number;
  @ApiProperty({ description: '已办结次数' }) completed: number;
  @ApiProperty({ description: '按时办结次数' }) onTime: number;
  @ApiProperty({ description: '按时办结率', nullable: true, type: Number }) onTimeRate: number | null;
  @ApiProperty({ description: '平均用时（工作日）', nullable: true, type: Number }) averageWorkingDays: number | null;
  @ApiProperty({ description: '在办' }) open: number;
  @ApiProperty({ description: '在办超期' }) overdue: number;
}

export class TimeToMoneyDto {
  @ApiProperty({ description: '已到账笔数' }) paid: number;
  @ApiProperty({ description: '从发布（免申即享）或申请到资金到账平均天数', nullable: true, type: Number }) averageDays: number | null;
  @ApiProperty({ description: '同上，工作日', nullable: true, type: Number }) averageWorkingDays: number | null;
}

export class BoardRowDto {
  @ApiProperty({ description: '部门代码；财政兑付为 finance' }) departmentCode: string;
  @ApiProperty({ description: '名称' }) name: string;
  @ApiProperty({ enum: ['department', 'finance'] }) party: string;
  @ApiProperty({ description: '受理总数' }) received: number;
  @ApiProperty({ description: '在办' }) inProgress: number;
  @ApiProperty({ description: '超期' }) overdue: number;
  @ApiProperty({ description: '平均办理工作日', nullable: true, type: Number }) averageHandlingWorkingDays: number | null;
  @ApiProperty({ description: '办结率', nullable: true, type: Number }) closureRate: number | null;
  @ApiProperty({ description: '企业评价均分', nullable: true, type: Number }) ratingAverage: number | null;
  @ApiProperty({ description: '评价数' }) ratings: number;
  @ApiProperty({ description: '按时办结率', nullable: true, type: Number }) onTimeRate: number | null;
  @ApiProperty({ type: [StepStatsDto], description: '各环节' }) steps: StepStatsDto[];
  @ApiProperty({ type: [OpenStepItemDto], description: '等待最久的事项' }) slowest: OpenStepItemDto[];
  @ApiProperty({ type: TimeToMoneyDto, description: '从发布或申请到资金到账' }) timeToMoney: TimeToMoneyDto;
}

export class TimeToMoneyByDepartmentDto extends TimeToMoneyDto {
  @ApiProperty() departmentCode: string;
  @ApiProperty({ description: '部门' }) name: string;
}

export class TimeToMoneyByItemDto extends TimeToMoneyDto {
  @ApiProperty() itemId: string;
  @ApiProperty({ description: '兑现事项' }) itemName: string;
  @ApiProperty() departmentCode: string;
}

export class TimeToMoneyReportDto {
  @ApiProperty({ type: TimeToMoneyDto }) overall: TimeToMoneyDto;
  @ApiProperty({ type: [TimeToMoneyByDepartmentDto] }) byDepartment: TimeToMoneyByDepartmentDto[];
  @ApiProperty({ type: [TimeToMoneyByItemDto] }) byItem: TimeToMoneyByItemDto[];
}

export class StaffAlertDto {
  @ApiProperty() id: string;
  @ApiProperty() recipientRole: string;
  @ApiProperty({ nullable: true, type: String }) departmentCode: string | null;
  @ApiProperty({ enum: ['reminder', 'escalation'] }) kind: string;
  @ApiProperty({ description: '督办提醒 / 超期升级督办' }) kindLabel: string;
  @ApiProperty({ enum: STEP_KEYS }) step: string;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiProperty({ description: '涉及件数' }) items: number;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) readAt: string | null;
  @ApiProperty({ enum: ['pending', 'sending', 'sent', 'failed'], description: '外部通道发送状态' }) status: string;
}

export class StaffAlertPageDto {
  @ApiProperty({ type: [StaffAlertDto] }) items: StaffAlertDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class AlertQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: '仅未读' })
  @IsOptional()
  @IsBooleanString()
  unread?: string;
}

export class DrillRunDto {
  @ApiProperty({ description: '确认期：开启、提醒、逾期失效、恢复期满终止' }) deadlines: { opened: number; reminded: number; lapsed: number; expired: number };
  @ApiProperty({ description: '新发出的督办提醒和升级' }) reminders: number;
}
