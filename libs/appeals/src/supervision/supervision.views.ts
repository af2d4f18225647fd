import { ApiProperty } from '@nestjs/swagger';
import { LETTER_KINDS } from '../appeal/appeal.types';
import { AppealView } from '../appeal/dto/appeal.views';

export class LetterView {
  @ApiProperty() id: string;
  @ApiProperty() appealId: string;
  @ApiProperty({ enum: LETTER_KINDS }) kind: string;
  @ApiProperty({ example: '督办函' }) kindLabel: string;
  @ApiProperty({ example: '郑诉督〔2026〕5号' }) number: string;
  @ApiProperty({ nullable: true, type: String }) departmentCode: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty() issuedAt: string;
}

export class OverdueEntry extends AppealView {
  @ApiProperty({ description: '已超期工作日' }) overdueWorkingDays: number;
}

export class OverduePage {
  @ApiProperty({ type: [OverdueEntry] }) items: OverdueEntry[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class JobResult {
  @ApiProperty({ description: '本次处理的诉求数' }) count: number;
}

export class FollowUpView {
  @ApiProperty() id: string;
  @ApiProperty() appealId: string;
  @ApiProperty() appealNumber: string;
  @ApiProperty() enterpriseName: string;
  @ApiProperty() title: string;
  @ApiProperty() dueOn: string;
  @ApiProperty({ enum: ['pending', 'done'] }) status: string;
  @ApiProperty({ example: '待回访' }) statusLabel: string;
  @ApiProperty({ nullable: true, type: String }) finding: string | null;
  @ApiProperty({ nullable: true, type: String }) findingLabel: string | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ nullable: true, type: String }) doneAt: string | null;
}

export class ExtensionView {
  @ApiProperty() id: string;
  @ApiProperty() appealId: string;
  @ApiProperty() departmentCode: string;
  @ApiProperty() workingDays: number;
  @ApiProperty() reason: string;
  @ApiProperty({ enum: ['pending', 'approved', 'rejected'] }) status: string;
  @ApiProperty({ example: '待审批' }) statusLabel: string;
  @ApiProperty() requestedAt: string;
  @ApiProperty({ nullable: true, type: String }) decisionComment: string | null;
  @ApiProperty({ nullable: true, type: String }) decidedAt: string | null;
}
