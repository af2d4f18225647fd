import { ApiProperty } from '@nestjs/swagger';
import { ApplicationDto, ApplicationPageDto } from '../../application/dto/application-view.dto';

/** 审核队列: a page of applications with the totals of the whole filtered queue. */
export class ReviewQueuePageDto extends ApplicationPageDto {
  @ApiProperty({ description: '筛选结果的申请金额合计（分）' }) amountFen: number;
  @ApiProperty({ description: '依据了人工修改数据的申请数' }) flaggedCount: number;
}

/** 批量通过: how many were approved, the amount, and a random sample to spot-check with its facts. */
export class BatchApprovalDto {
  @ApiProperty() batchId: string;
  @ApiProperty({ description: '通过的申请数' }) approved: number;
  @ApiProperty({ description: '合计金额（分）' }) amountFen: number;
  @ApiProperty() amountText: string;
  @ApiProperty({ type: () => [ApplicationDto], description: '抽查样本（含审核依据的数据）' }) sample: ApplicationDto[];
}
