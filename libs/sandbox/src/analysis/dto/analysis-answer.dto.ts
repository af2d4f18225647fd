import { ApiProperty } from '@nestjs/swagger';

export class SweepPointDto {
  @ApiProperty({ description: '阈值' }) value: number;
  @ApiProperty({ description: '符合条件企业数' }) eligible: number;
  @ApiProperty({ description: '补贴合计（分）' }) totalFen: number;
}

/** 阈值扫描的结果. */
export class SweepAnswerDto {
  @ApiProperty({ example: '/all/0/value' }) pointer: string;
  @ApiProperty({ description: '该门槛的指标', example: 'revenue' }) fact: string;
  @ApiProperty({ example: 'greaterThanInclusive' }) operator: string;
  @ApiProperty({ type: () => SweepPointDto, isArray: true }) points: SweepPointDto[];
  @ApiProperty({ description: '引擎耗时（毫秒）' }) timingMs: number;
}

export class TagCountDto {
  @ApiProperty({ example: 'hitech' }) tag: string;
  @ApiProperty() count: number;
}

export class TagPairCountDto {
  @ApiProperty({ type: [String], minItems: 2, maxItems: 2, description: '两个标签' }) tags: string[];
  @ApiProperty({ description: '同时具有两个标签的企业数' }) count: number;
}

/** 标签库组合分析的结果. */
export class TagCombinationAnswerDto {
  @ApiProperty({ description: '分析的企业数' }) population: number;
  @ApiProperty({ type: () => TagCountDto, isArray: true }) tags: TagCountDto[];
  @ApiProperty({ type: () => TagPairCountDto, isArray: true }) pairs: TagPairCountDto[];
  @ApiProperty({ description: '引擎耗时（毫秒）' }) timingMs: number;
}

export class OverlapItemCountDto {
  @ApiProperty() key: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: '符合该事项的企业数' }) eligible: number;
}

export class OverlapFirmDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
  @ApiProperty({ type: String, nullable: true }) districtCode: string | null;
  @ApiProperty({ type: [String], description: '同时符合的事项（key）' }) items: string[];
}

/** 重复享受预警：多个事项的重叠. */
export class OverlapAnswerDto {
  @ApiProperty({ type: () => OverlapItemCountDto, isArray: true }) items: OverlapItemCountDto[];
  @ApiProperty({ type: 'array', items: { type: 'array', items: { type: 'number' } }, description: 'matrix[i][j]：同时符合事项 i 与 j 的企业数（对角线为各事项自身）' }) matrix: number[][];
  @ApiProperty({ description: '符合两项及以上的企业数' }) multiEligible: number;
  @ApiProperty({ type: [Number], description: '按符合事项数的企业数（下标 = 事项数）' }) byItemCount: number[];
  @ApiProperty({ type: () => OverlapFirmDto, isArray: true, description: '同时符合多项的企业（部分）' }) sample: OverlapFirmDto[];
  @ApiProperty({ description: '引擎耗时（毫秒）' }) timingMs: number;
}

/** 不重复享受预警：一个互斥分组. */
export class ExclusionGroupWarningDto extends OverlapAnswerDto {
  @ApiProperty({ description: '互斥分组' }) group: string;
}
