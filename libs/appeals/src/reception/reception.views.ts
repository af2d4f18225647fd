import { ApiProperty } from '@nestjs/swagger';

export const RECEPTION_KINDS = ['reception_day', 'forum', 'face_to_face'] as const;
export type ReceptionKind = (typeof RECEPTION_KINDS)[number];
export const RECEPTION_KIND_LABELS: Record<ReceptionKind, string> = { reception_day: '企业家接待日', forum: '政企恳谈会', face_to_face: '政企面对面' };
export const RECEPTION_STATUS_LABELS = { scheduled: '已发布', held: '已举行', cancelled: '已取消' } as const;

/** A reception day as its public notice shows it (no firm data). */
export class ReceptionDayView {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) theme: string | null;
  @ApiProperty({ enum: RECEPTION_KINDS }) kind: string;
  @ApiProperty({ example: '企业家接待日' }) kindLabel: string;
  @ApiProperty() heldOn: string;
  @ApiProperty() location: string;
  @ApiProperty({ description: '接待领导（轮值）' }) host: string;
  @ApiProperty({ nullable: true, type: String }) districtCode: string | null;
  @ApiProperty() capacity: number;
  @ApiProperty() registered: number;
  @ApiProperty() registrationDeadline: string;
  @ApiProperty({ description: '公告正文' }) notice: string;
  @ApiProperty({ enum: ['scheduled', 'held', 'cancelled'] }) status: string;
  @ApiProperty({ example: '已发布' }) statusLabel: string;
  @ApiProperty({ nullable: true, type: String }) minutesSummary: string | null;
  @ApiProperty({ nullable: true, type: String }) minutesAt: string | null;
}

export class RegistrationView {
  @ApiProperty() id: string;
  @ApiProperty() receptionDayId: string;
  @ApiProperty() enterpriseId: string;
  @ApiProperty() enterpriseName: string;
  @ApiProperty({ description: '拟反映的问题' }) topics: string;
  @ApiProperty({ nullable: true, type: String }) contactName: string | null;
  @ApiProperty({ enum: ['self', 'invited'] }) source: string;
  @ApiProperty({ example: '企业报名' }) sourceLabel: string;
  @ApiProperty({ nullable: true, type: Boolean, description: '点名：到场 / 缺席 / 未点名' }) attended: boolean | null;
  @ApiProperty() registeredAt: string;
}

export class MinutesResult {
  @ApiProperty({ type: ReceptionDayView }) receptionDay: ReceptionDayView;
  @ApiProperty({ type: [String], description: '纪要事项生成的诉求 id（按事项顺序）' }) appealIds: string[];
  @ApiProperty({ type: [String], description: '对应的诉求编号' }) appealNumbers: string[];
}

export class RollCallResult {
  @ApiProperty() present: number;
  @ApiProperty() absent: number;
}
