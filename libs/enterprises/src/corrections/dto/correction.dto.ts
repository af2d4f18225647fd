import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '@app/core';

export class CreateCorrectionDto {
  @ApiProperty({ description: '有异议的数据项（见 GET /facts 的 key），须有数据来源', example: 'employees' })
  @IsString()
  @MaxLength(40)
  fact: string;

  @ApiPropertyOptional({ description: '企业认为正确的值（与导入列相同，金额单位为元；标签为代码列表）', example: 86 })
  @IsOptional()
  claimedValue?: unknown;

  /** Checked by the service (CORRECTION.EVIDENCE_REQUIRED). */
  @ApiProperty({ description: '异议理由与证据说明（至少 5 个字）；证明材料可随后以附件上传', example: '2026年10月社保参保人数为86人，见参保证明' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  evidence?: string;
}

export class ResolveCorrectionDto {
  @ApiProperty({ enum: ['accept', 'reject'], description: 'accept：予以更正（填写更正后的值）；reject：不予更正（说明理由）' })
  @IsIn(['accept', 'reject'])
  decision: 'accept' | 'reject';

  @ApiPropertyOptional({ description: '更正后的值（accept 时必填；金额单位为元）', example: 86 })
  @IsOptional()
  correctedValue?: unknown;

  @ApiProperty({ description: '处理意见（必填，至少 2 个字）', example: '经核实社保系统，参保人数为86人' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class CorrectionQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['pending', 'accepted', 'rejected'] })
  @IsOptional()
  @IsIn(['pending', 'accepted', 'rejected'])
  state?: 'pending' | 'accepted' | 'rejected';
}

export class CorrectionView {
  @ApiProperty() id: string;
  @ApiProperty() enterpriseId: string;
  @ApiPropertyOptional() enterpriseName?: string;
  @ApiProperty() fact: string;
  @ApiProperty() factLabel: string;
  @ApiProperty({ description: '提出异议时平台中的值' }) currentValue: unknown;
  @ApiProperty({ description: '企业主张的值' }) claimedValue: unknown;
  @ApiProperty() evidence: string;
  @ApiProperty({ description: '数据来源代码' }) source: string;
  @ApiProperty() sourceName: string;
  @ApiProperty({ nullable: true, type: String, description: '数据来源的记录编号' }) sourceRecordId: string | null;
  @ApiProperty({ description: '负责核实的部门' }) department: string;
  @ApiProperty() departmentName: string;
  @ApiProperty({ enum: ['pending', 'accepted', 'rejected'] }) state: string;
  @ApiProperty() stateLabel: string;
  @ApiProperty({ nullable: true, type: String }) attachmentName: string | null;
  @ApiProperty({ description: '更正后的值（已更正时）' }) correctedValue: unknown;
  @ApiProperty({ nullable: true, type: String }) resolution: string | null;
  @ApiProperty({ nullable: true, type: String }) resolvedAt: string | null;
  @ApiProperty({ nullable: true, type: Number, description: '更正形成的企业档案版本' }) resultVersion: number | null;
  @ApiProperty() createdAt: string;
}

export class CorrectionPageDto {
  @ApiProperty({ type: [CorrectionView] }) items: CorrectionView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
