import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '@app/core';
import { APPEAL_STATES, type AppealState } from '../appeal.states';
import { ANSWER_KINDS, APPEAL_CHANNELS, APPEAL_LEVELS, FOLLOW_UP_FINDINGS, RATINGS, STAFF_CHANNELS, type AppealChannel, type AppealLevel } from '../appeal.types';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const CODE = /^[A-Za-z0-9_]{1,40}$/;

export class SubmitAppealDto {
  @ApiProperty({ description: '诉求类别代码（GET /appeals/labels 列出）', example: 'land' })
  @IsString()
  @Length(1, 40)
  category: string;

  @ApiProperty({ description: '标题', example: '新厂区土地变性招拍挂推进缓慢' })
  @IsString()
  @Length(2, 200)
  title: string;

  @ApiProperty({ description: '问题描述' })
  @IsString()
  @Length(5, 5000)
  description: string;

  @ApiPropertyOptional({ description: '相关的兑现事项 id' })
  @IsOptional()
  @IsUUID()
  relatedItemId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 50)
  contactName?: string;

  @ApiPropertyOptional({ description: '联系电话（加密保存，仅以掩码显示）' })
  @IsOptional()
  @IsString()
  @Length(7, 20)
  contactPhone?: string;
}

export class RecordAppealDto extends SubmitAppealDto {
  @ApiProperty({ description: '企业 id（一企一档）' })
  @IsUUID()
  enterpriseId: string;

  @ApiProperty({ enum: STAFF_CHANNELS, description: '渠道：接待日、恳谈会、政企面对面、12345热线、走访、来信' })
  @IsIn(STAFF_CHANNELS)
  channel: AppealChannel;

  @ApiPropertyOptional({ description: '企业反映的日期（默认今天）', example: '2026-11-20' })
  @IsOptional()
  @Matches(DATE)
  receivedOn?: string;
}

export class ImportRegisterDto {
  @ApiPropertyOptional({ description: '所属接待日 id（渠道默认为该接待日的类型）' })
  @IsOptional()
  @IsUUID()
  receptionDayId?: string;

  @ApiPropertyOptional({ enum: STAFF_CHANNELS, description: '整表统一的渠道（否则读取“渠道”列）' })
  @IsOptional()
  @IsIn(STAFF_CHANNELS)
  channel?: AppealChannel;
}

const toBool = ({ value }: { value: unknown }) => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : value);

export class LedgerQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: APPEAL_STATES }) @IsOptional() @IsIn(APPEAL_STATES) state?: AppealState;
  @ApiPropertyOptional() @IsOptional() @Matches(CODE) category?: string;
  @ApiPropertyOptional({ enum: APPEAL_CHANNELS }) @IsOptional() @IsIn(APPEAL_CHANNELS) channel?: AppealChannel;
  @ApiPropertyOptional({ description: '牵头或协办单位代码' }) @IsOptional() @Matches(CODE) department?: string;
  @ApiPropertyOptional({ description: '区县代码' }) @IsOptional() @Matches(/^\d{6}$/) district?: string;
  @ApiPropertyOptional({ enum: APPEAL_LEVELS }) @IsOptional() @IsIn(APPEAL_LEVELS) level?: AppealLevel;
  @ApiPropertyOptional({ description: '只看超期（true）或未超期（false）' }) @IsOptional() @Transform(toBool) @IsBoolean() overdue?: boolean;
  @ApiPropertyOptional({ description: '反映日期起（含）' }) @IsOptional() @Matches(DATE) from?: string;
  @ApiPropertyOptional({ description: '反映日期止（含）' }) @IsOptional() @Matches(DATE) to?: string;
  @ApiPropertyOptional({ description: '编号、企业名称或标题' }) @IsOptional() @IsString() @Length(1, 100) q?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() enterpriseId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() receptionDayId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() officerId?: string;
}

export class OverdueQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: '牵头单位代码' }) @IsOptional() @Matches(CODE) department?: string;
  @ApiPropertyOptional({ enum: APPEAL_LEVELS }) @IsOptional() @IsIn(APPEAL_LEVELS) level?: AppealLevel;
}

export class MergeDto {
  @ApiProperty({ description: '并入的目标诉求 id' }) @IsUUID() into: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 500) reason?: string;
}

export class TextDto {
  @ApiProperty() @IsString() @Length(2, 5000) text: string;
}

export class ReasonDto {
  @ApiProperty({ description: '理由' }) @IsString() @Length(2, 2000) reason: string;
}

export class OptionalCommentDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 1000) comment?: string;
}

export class AssignDto {
  @ApiProperty({ description: '牵头单位代码', example: 'zgj' }) @Matches(CODE) leadDepartment: string;
  @ApiPropertyOptional({ type: [String], description: '协办单位代码' }) @IsOptional() @IsArray() @ArrayMaxSize(10) @Matches(CODE, { each: true }) coDepartments?: string[];
  @ApiPropertyOptional({ description: '办理要求（印入交办函）' }) @IsOptional() @IsString() @Length(1, 2000) requirements?: string;
  @ApiPropertyOptional({ description: '本件答复时限（工作日），默认取类别设置' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(250) answerWorkingDays?: number;
}

export class RedispatchDto {
  @ApiProperty({ description: '接手牵头的协办单位代码' }) @Matches(CODE) to: string;
  @ApiProperty() @IsString() @Length(2, 1000) reason: string;
}

export class ExtensionRequestDto {
  @ApiProperty({ minimum: 1, maximum: 60 }) @Type(() => Number) @IsInt() @Min(1) @Max(60) workingDays: number;
  @ApiProperty() @IsString() @Length(2, 1000) reason: string;
}

export class ExtensionDecisionDto {
  @ApiProperty() @IsBoolean() approve: boolean;
  @ApiProperty({ description: '审批意见' }) @IsString() @Length(2, 1000) comment: string;
}

export class AnswerDto {
  @ApiProperty({ enum: ANSWER_KINDS, description: 'resolved 已解决 / explained 解释说明（客观原因暂难解决） / transferred 已转办' })
  @IsIn(ANSWER_KINDS)
  kind: (typeof ANSWER_KINDS)[number];

  @ApiProperty({ description: '答复内容（转办时写明转至何处）' }) @IsString() @Length(5, 5000) text: string;
}

export class FeedbackDto {
  @ApiProperty({ enum: RATINGS, description: 'satisfied 满意 / basically_satisfied 基本满意 / unsatisfied 不满意' }) @IsIn(RATINGS) rating: (typeof RATINGS)[number];
  @ApiPropertyOptional({ description: '不满意时必填' }) @IsOptional() @IsString() @Length(1, 1000) comment?: string;
}

export class LetterDto {
  @ApiProperty({ enum: ['reminder', 'supervision'], description: 'reminder 提示函 / supervision 督办函（须已超期）' }) @IsIn(['reminder', 'supervision']) kind: 'reminder' | 'supervision';
  @ApiProperty() @IsString() @Length(2, 1000) reason: string;
}

export class FollowUpDto {
  @ApiProperty({ enum: FOLLOW_UP_FINDINGS, description: 'confirmed 确认已解决 / reopen 回头看未解决，重启' }) @IsIn(FOLLOW_UP_FINDINGS) finding: (typeof FOLLOW_UP_FINDINGS)[number];
  @ApiProperty() @IsString() @Length(2, 2000) note: string;
}

export class FollowUpQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['pending', 'done'] }) @IsOptional() @IsIn(['pending', 'done']) status?: 'pending' | 'done';
}

export class PolicyLinkDto {
  @ApiProperty({ description: '正在起草或审核中的兑现事项 id' }) @IsUUID() itemId: string;
}

export class CategoryUpdateDto {
  @ApiPropertyOptional() @IsOptional() @Matches(CODE) leadDepartment?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(60) dispatchDays?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(60) acceptDays?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(120) progressDays?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(250) answerDays?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(120) secondDays?: number;
  @ApiPropertyOptional({ description: '默认办理要求（空字符串清除）' }) @IsOptional() @IsString() @Length(0, 2000) requirements?: string;
}

export class NoticeQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @Transform(toBool) @IsBoolean() unread?: boolean;
}

export class MarkReadDto {
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(500) @IsUUID('all', { each: true }) ids: string[];
}

export class RankingQueryDto {
  @ApiProperty({ example: '2026-10' }) @Matches(MONTH) month: string;
  @ApiPropertyOptional({ enum: ['department', 'district'], default: 'department' }) @IsOptional() @IsIn(['department', 'district']) by?: 'department' | 'district';
}

export class MonthQueryDto {
  @ApiProperty({ example: '2026-10' }) @Matches(MONTH) month: string;
}

export class TrendQueryDto {
  @ApiProperty({ example: '2026-01' }) @Matches(MONTH) from: string;
  @ApiProperty({ example: '2026-12' }) @Matches(MONTH) to: string;
  @ApiPropertyOptional({ description: '单位代码（不填为全市）' }) @IsOptional() @Matches(CODE) department?: string;
}

export class ThemeQueryDto {
  @ApiProperty({ example: '2026-10-01' }) @Matches(DATE) from: string;
  @ApiProperty({ example: '2026-12-31' }) @Matches(DATE) to: string;
  @ApiPropertyOptional({ description: '至少多少家企业反映（默认 3）' }) @IsOptional() @Type(() => Number) @IsInt() @Min(2) @Max(1000) minFirms?: number;
}

export class FlagQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'acknowledged'] }) @IsOptional() @IsIn(['open', 'acknowledged']) status?: 'open' | 'acknowledged';
}

export class AssignFirmsDto {
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(2000) @IsUUID('all', { each: true }) enterpriseIds: string[];
}

export class VisitProblemDto {
  @ApiProperty() @IsString() @Length(1, 40) category: string;
  @ApiProperty() @IsString() @Length(2, 200) title: string;
  @ApiProperty() @IsString() @Length(5, 5000) description: string;
}

export class VisitDto {
  @ApiProperty() @IsUUID() enterpriseId: string;
  @ApiProperty({ example: '2026-11-20' }) @Matches(DATE) visitedOn: string;
  @ApiProperty({ description: '走访情况' }) @IsString() @Length(2, 5000) summary: string;
  @ApiPropertyOptional({ type: [VisitProblemDto], description: '收集到的问题（各成一件诉求）' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => VisitProblemDto)
  problems?: VisitProblemDto[];
}
