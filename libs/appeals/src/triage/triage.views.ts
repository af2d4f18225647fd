import { ApiProperty } from '@nestjs/swagger';

export class SimilarAppeal {
  @ApiProperty() id: string;
  @ApiProperty() number: string;
  @ApiProperty() enterpriseName: string;
  @ApiProperty() title: string;
  @ApiProperty() category: string;
  @ApiProperty() categoryLabel: string;
  @ApiProperty() state: string;
  @ApiProperty() stateLabel: string;
  @ApiProperty() receivedAt: string;
  @ApiProperty({ description: '关键词相似度（Jaccard，0–1）' }) score: number;
  @ApiProperty() sameFirm: boolean;
  @ApiProperty({ type: [String] }) commonTerms: string[];
  @ApiProperty({ example: '同一企业' }) reason: string;
}
