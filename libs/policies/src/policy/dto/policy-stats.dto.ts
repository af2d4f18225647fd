import { ApiProperty } from '@nestjs/swagger';

/** 推送触达 of one item of a policy (all its versions): how many firms were pushed, read, dismissed, applied. */
export class ItemPushStatsDto {
  @ApiProperty() itemId: string;
  @ApiProperty({ description: '事项编码' }) code: string;
  @ApiProperty({ description: '已推送企业数' }) pushed: number;
  @ApiProperty({ description: '已读' }) read: number;
  @ApiProperty({ description: '已忽略' }) dismissed: number;
  @ApiProperty({ description: '已申报' }) applied: number;
}
