import { ApiProperty } from '@nestjs/swagger';

/** One unit's month (考核排序): counts, the four rates (0–1, null when nothing to count) and its rank. */
export class RankingRow {
  @ApiProperty({ description: '部门代码或区县代码' }) key: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: '名次（综合得分从高到低）' }) rank: number;
  @ApiProperty({ description: '交办数' }) assigned: number;
  @ApiProperty({ description: '按时签收数' }) acceptedOnTime: number;
  @ApiProperty({ description: '已答复数' }) answered: number;
  @ApiProperty({ description: '应答复数（已答复 + 未答复且已超答复时限）' }) due: number;
  @ApiProperty({ description: '按期答复数' }) answeredOnTime: number;
  @ApiProperty({ description: '答复为已解决数' }) resolved: number;
  @ApiProperty({ description: '已评价数' }) rated: number;
  @ApiProperty({ description: '满意 + 基本满意数' }) satisfied: number;
  @ApiProperty({ nullable: true, type: Number, description: '响应率 = 按时签收数 / 交办数' }) responseRate: number | null;
  @ApiProperty({ nullable: true, type: Number, description: '按期办结率 = 按期答复数 / 应答复数' }) onTimeRate: number | null;
  @ApiProperty({ nullable: true, type: Number, description: '解决率 = 已解决数 / 已答复数' }) resolutionRate: number | null;
  @ApiProperty({ nullable: true, type: Number, description: '满意率 = (满意 + 基本满意) / 已评价数' }) satisfactionRate: number | null;
  @ApiProperty({ description: '二次督办次数' }) secondSupervisions: number;
  @ApiProperty({ nullable: true, type: Number, description: '平均办理工作日（交办至首次答复）' }) averageWorkingDays: number | null;
  @ApiProperty({ description: '综合得分（四率平均 × 100，二次督办每次扣 1 分）' }) score: number;
}

export class RankingResult {
  @ApiProperty({ example: '2026-10' }) month: string;
  @ApiProperty({ enum: ['department', 'district'] }) by: string;
  @ApiProperty({ example: '按牵头部门' }) byLabel: string;
  @ApiProperty({ description: '统计截至（中国时间）' }) asOf: string;
  @ApiProperty({ type: [RankingRow] }) rows: RankingRow[];
  @ApiProperty({ type: RankingRow, description: '全市合计' }) total: RankingRow;
}

export class TrendPoint {
  @ApiProperty() month: string;
  @ApiProperty() assigned: number;
  @ApiProperty({ nullable: true, type: Number }) responseRate: number | null;
  @ApiProperty({ nullable: true, type: Number }) onTimeRate: number | null;
  @ApiProperty({ nullable: true, type: Number }) resolutionRate: number | null;
  @ApiProperty({ nullable: true, type: Number }) satisfactionRate: number | null;
  @ApiProperty() secondSupervisions: number;
  @ApiProperty({ nullable: true, type: Number }) averageWorkingDays: number | null;
}
