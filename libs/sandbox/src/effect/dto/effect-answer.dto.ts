import { ApiProperty } from '@nestjs/swagger';

/** One group's indicator before and after (firms with both values only). */
export class GroupChangeDto {
  @ApiProperty({ description: '有前后两期数据的企业数' }) firms: number;
  @ApiProperty() meanBefore: number;
  @ApiProperty() meanAfter: number;
  @ApiProperty() meanChange: number;
}

export class EffectIndicatorDto {
  @ApiProperty({ example: 'revenue' }) key: string;
  @ApiProperty({ example: '营业收入' }) label: string;
  @ApiProperty({ description: '单位：fen 表示金额（分），否则为中文单位', example: 'fen' }) unit: string;
  @ApiProperty({ type: () => GroupChangeDto, description: '处理组（已兑付企业）' }) treated: GroupChangeDto;
  @ApiProperty({ type: () => GroupChangeDto, description: '对照组（差一点符合的企业）' }) control: GroupChangeDto;
  @ApiProperty({ description: '效应 = 处理组均值变化 − 对照组均值变化' }) effect: number;
}

export class EffectPaidDto {
  @ApiProperty({ description: '已兑付企业数' }) firms: number;
  @ApiProperty({ description: '兑付金额（分）' }) totalFen: number;
}

/** 政策效果分析的结果（双重差分）. */
export class EffectAnswerDto {
  @ApiProperty() itemId: string;
  @ApiProperty() itemName: string;
  @ApiProperty({ type: String, nullable: true, description: '事项首次发布时间' }) firstPublishedAt: string | null;
  @ApiProperty({ type: () => EffectPaidDto }) paid: EffectPaidDto;
  @ApiProperty({ description: '对照企业数（差一点符合且未获兑付）' }) comparisonFirms: number;
  @ApiProperty({ type: () => EffectIndicatorDto, isArray: true }) indicators: EffectIndicatorDto[];
  @ApiProperty({ description: '方法说明' }) method: string;
}
