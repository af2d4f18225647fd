import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { PageQueryDto } from '@app/core';

const PERIOD = /^\d{4}-\d{2}(-\d{2})?$/;

export class PeriodQueryDto {
  @ApiPropertyOptional({ description: '起始（含）：YYYY-MM 或 YYYY-MM-DD，按到账日期', example: '2026-01' })
  @IsOptional()
  @Matches(PERIOD, { message: 'from 应为 YYYY-MM 或 YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ description: '截止（含）：YYYY-MM 或 YYYY-MM-DD', example: '2026-12' })
  @IsOptional()
  @Matches(PERIOD, { message: 'to 应为 YYYY-MM 或 YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ description: '主管部门代码', example: 'kjj' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  department?: string;
}

export class ResultQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: '兑现事项 id' })
  @IsOptional()
  @IsUUID()
  itemId?: string;

  @ApiPropertyOptional({ description: '主管部门代码', example: 'kjj' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  department?: string;

  @ApiPropertyOptional({ description: '起始（含）：YYYY-MM 或 YYYY-MM-DD，按到账日期' })
  @IsOptional()
  @Matches(PERIOD, { message: 'from 应为 YYYY-MM 或 YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ description: '截止（含）：YYYY-MM 或 YYYY-MM-DD' })
  @IsOptional()
  @Matches(PERIOD, { message: 'to 应为 YYYY-MM 或 YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ description: '企业名称或事项名称中的文字' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;
}

export class PublicResultDto {
  @ApiProperty({ description: '兑现事项 id' }) itemId: string;
  @ApiProperty({ description: '兑现事项' }) itemName: string;
  @ApiProperty({ description: '主管部门代码' }) departmentCode: string;
  @ApiProperty({ description: '主管部门' }) departmentName: string;
  @ApiProperty({ description: '企业名称' }) enterpriseName: string;
  @ApiProperty({ description: '兑现方式', example: '免申即享' }) modeLabel: string;
  @ApiProperty({ description: '金额（分）' }) amountFen: number;
  @ApiProperty({ description: '金额', example: '20万元' }) amountText: string;
  @ApiProperty({ description: '到账日期', example: '2026-06-01' }) paidOn: string;
}

export class PublicResultPageDto {
  @ApiProperty({ type: [PublicResultDto] }) items: PublicResultDto[];
  @ApiProperty({ description: '符合条件的笔数' }) total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty({ description: '符合条件的合计金额（分）' }) amountFen: number;
  @ApiProperty({ description: '合计金额' }) amountText: string;
}

export class MonthStatisticsDto {
  @ApiProperty({ example: '2026-06' }) month: string;
  @ApiProperty({ description: '兑付笔数' }) payments: number;
  @ApiProperty({ description: '惠及企业数' }) firms: number;
  @ApiProperty({ description: '金额（分）' }) amountFen: number;
  @ApiProperty() amountText: string;
  @ApiProperty({ description: '公开页面访问量' }) visits: number;
}

export class DepartmentStatisticsDto {
  @ApiProperty() departmentCode: string;
  @ApiProperty({ description: '主管部门' }) departmentName: string;
  @ApiProperty({ description: '兑现事项数' }) items: number;
  @ApiProperty({ description: '兑付笔数' }) payments: number;
  @ApiProperty({ description: '惠及企业数' }) firms: number;
  @ApiProperty() amountFen: number;
  @ApiProperty() amountText: string;
  @ApiProperty({ description: '从发布（免申即享）或申请到资金到账的平均天数', nullable: true, type: Number }) averageDaysToMoney: number | null;
}

export class PublicStatisticsDto {
  @ApiProperty({ nullable: true, type: String }) from: string | null;
  @ApiProperty({ nullable: true, type: String }) to: string | null;
  @ApiProperty({ description: '兑现事项数' }) items: number;
  @ApiProperty({ description: '惠及企业数' }) firms: number;
  @ApiProperty({ description: '兑付笔数' }) payments: number;
  @ApiProperty() amountFen: number;
  @ApiProperty() amountText: string;
  @ApiProperty({ description: '从发布（免申即享）或申请到资金到账的平均天数', nullable: true, type: Number }) averageDaysToMoney: number | null;
  @ApiProperty({ description: '公开页面访问量' }) visits: number;
  @ApiProperty({ type: [MonthStatisticsDto] }) byMonth: MonthStatisticsDto[];
  @ApiProperty({ type: [DepartmentStatisticsDto] }) byDepartment: DepartmentStatisticsDto[];
}
