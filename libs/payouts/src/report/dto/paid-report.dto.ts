import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REPORT_GROUPINGS, ReportGrouping } from '../payout-report.service';

export class PaidReportRowDto {
  @ApiProperty({ description: '分组键（事项、部门、区县代码或日期）' }) key: string;
  @ApiProperty({ description: '分组名称' }) label: string;
  @ApiProperty({ description: '笔数' }) count: number;
  @ApiProperty({ description: '金额（分）' }) totalFen: number;
  @ApiProperty() totalText: string;
}

/** 兑付统计: money actually paid (settled), grouped. */
export class PaidReportDto {
  @ApiProperty({ enum: REPORT_GROUPINGS }) groupBy: ReportGrouping;
  @ApiProperty({ type: String, nullable: true, example: '2026-11-01' }) from: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2026-11-30' }) to: string | null;
  @ApiProperty({ type: [PaidReportRowDto] }) rows: PaidReportRowDto[];
  @ApiProperty({ description: '合计笔数' }) count: number;
  @ApiProperty({ description: '合计金额（分）' }) totalFen: number;
  @ApiPropertyOptional({ description: '按区县统计时：没有区县的已到账指令数（未计入）' }) withoutDistrict?: number;
}
