import { ApiProperty } from '@nestjs/swagger';

export class OfficerFirmView {
  @ApiProperty() enterpriseId: string;
  @ApiProperty() enterpriseName: string;
  @ApiProperty({ nullable: true, type: String }) districtCode: string | null;
  @ApiProperty() officerId: string;
  @ApiProperty() assignedAt: string;
  @ApiProperty({ description: '未办结的诉求数' }) openAppeals: number;
}

export class VisitView {
  @ApiProperty() id: string;
  @ApiProperty() officerId: string;
  @ApiProperty() enterpriseId: string;
  @ApiProperty() enterpriseName: string;
  @ApiProperty() visitedOn: string;
  @ApiProperty() summary: string;
  @ApiProperty({ type: [String], description: '走访中收集、登记为诉求的 id' }) appealIds: string[];
  @ApiProperty() createdAt: string;
}

export class AssignFirmsResult {
  @ApiProperty() assigned: number;
  @ApiProperty({ description: '随之转给该包联干部的未办结诉求数' }) openAppealsMoved: number;
}
