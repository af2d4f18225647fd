import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class CalculatorLineDto {
  @ApiProperty() itemId: string;
  @ApiProperty() itemName: string;
  @ApiProperty({ example: '申请制' }) mode: string;
  @ApiProperty({ description: '预计金额（分）' }) estimateFen: number;
  @ApiProperty({ example: '50万元' }) estimateText: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: '差一点符合时：还差什么' }) lacking: string | null;
  @ApiProperty({ type: [String], description: '逐条条件的判断（白话）' }) reasons: string[];
}

export class CalculatorResultDto {
  @ApiProperty({ description: '按此日期判断' }) asOf: string;
  @ApiProperty({ type: [CalculatorLineDto] }) eligible: CalculatorLineDto[];
  @ApiProperty({ type: [CalculatorLineDto], description: '差一点符合' }) nearMisses: CalculatorLineDto[];
  @ApiProperty({ description: '可享受事项的预计合计（分）' }) totalEstimateFen: number;
  @ApiProperty() totalEstimateText: string;
}
