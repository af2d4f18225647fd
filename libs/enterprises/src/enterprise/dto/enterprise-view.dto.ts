import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import type { FactProvenance } from '../enterprise.types';

/** Response shapes of 一企一档: the profile (accounts and phones masked) and its versions. Money in fen. */

const SCALES = ['large', 'medium', 'small', 'micro'] as const;

/** The facts rules test (ENTERPRISE_FACTS). */
export class EnterpriseFactsDto {
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true, description: '区县代码' }) districtCode: string | null;
  @ApiProperty({ type: String, nullable: true, description: '行业代码（GB/T 4754）' }) industryCode: string | null;
  @ApiProperty({ enum: SCALES, nullable: true }) scale: (typeof SCALES)[number] | null;
  @ApiProperty({ type: String, nullable: true, description: '成立日期' }) establishedOn: string | null;
  @ApiProperty({ type: Number, nullable: true, description: '注册资本（分）' }) registeredCapital: number | null;
  @ApiProperty({ type: Number, nullable: true }) employees: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '营业收入（分）' }) revenue: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '纳税额（分）' }) taxPaid: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '研发费用（分）' }) rdExpense: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '出口额（分）' }) exports: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '研发投入强度' }) rdIntensity: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '营收增长率' }) revenueGrowth: number | null;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ enum: ['good', 'dishonest'] }) creditStatus: 'good' | 'dishonest';
  @ApiProperty({ type: Boolean, nullable: true }) isListed: boolean | null;
}

/** 数据来源 of one fact on the profile; facts no source has written yet come from the file import (`import`). */
export class FactProvenanceViewDto {
  @ApiProperty({ description: '条件项' }) fact: string;
  @ApiProperty({ example: '研发费用' }) label: string;
  @ApiProperty({ enum: ['source', 'correction', 'person', 'import'] }) via: 'source' | 'correction' | 'person' | 'import';
  @ApiProperty({ type: String, nullable: true, description: '数据源编码（人工为 null）' }) source: string | null;
  @ApiProperty({ example: '市税务局' }) sourceName: string;
  @ApiProperty({ type: String, nullable: true, description: '来源记录编号（或更正申请编号）' }) recordId: string | null;
  @ApiProperty({ type: String, nullable: true }) fetchedAt: string | null;
  @ApiProperty({ type: Number, nullable: true, description: '写入该值的档案版本' }) version: number | null;
}

/** An enterprise as staff and the firm itself read it: secrets only masked. */
export class EnterpriseViewDto extends EnterpriseFactsDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: '统一社会信用代码' }) creditCode: string;
  @ApiProperty({ type: String, nullable: true }) creditSource: string | null;
  @ApiProperty({ type: String, nullable: true }) creditSince: string | null;
  @ApiProperty({ type: String, nullable: true }) creditUntil: string | null;
  @ApiProperty({ type: String, nullable: true }) bankName: string | null;
  @ApiProperty({ type: String, nullable: true, description: '收款账号（脱敏）' }) bankAccountMasked: string | null;
  @ApiProperty({ type: String, nullable: true }) contactName: string | null;
  @ApiProperty({ type: String, nullable: true, description: '联系电话（脱敏）' }) contactPhoneMasked: string | null;
  @ApiProperty({ description: '档案版本' }) version: number;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ type: () => [FactProvenanceViewDto], description: '每项数据的来源' }) provenance: FactProvenanceViewDto[];
}

/** Where a fact a version changed came from (a data source's record, a correction, a person). */
export class FactProvenanceDto implements FactProvenance {
  @ApiProperty({ enum: ['source', 'correction', 'person'] }) via: 'source' | 'correction' | 'person';
  @ApiProperty({ type: String, nullable: true }) source: string | null;
  @ApiProperty() sourceName: string;
  @ApiProperty({ type: String, nullable: true }) recordId: string | null;
  @ApiProperty() fetchedAt: string;
  @ApiProperty() version: number;
}

/** One version of the profile (newest first in the history): the facts as they stood, and who changed what. */
@ApiExtraModels(FactProvenanceDto)
export class ProfileVersionDto {
  @ApiProperty() version: number;
  @ApiProperty({ type: () => EnterpriseFactsDto }) facts: EnterpriseFactsDto;
  @ApiProperty({ type: [String], description: '本版本修改的条件项' }) changedFacts: string[];
  @ApiProperty({ enum: ['person', 'source'], description: '人工修改或数据来源' }) changedBy: 'person' | 'source';
  @ApiProperty({ type: String, nullable: true }) actorId: string | null;
  @ApiProperty({ type: String, nullable: true }) actorName: string | null;
  @ApiProperty({ type: String, nullable: true }) actorRole: string | null;
  @ApiProperty({ type: String, nullable: true }) actorDepartment: string | null;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ description: '生效时间' }) validFrom: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(FactProvenanceDto) },
    nullable: true,
    description: '本版本修改的数据从何而来（按条件项；数据源同步与更正之前为 null）',
  })
  provenance: Record<string, FactProvenanceDto> | null;
}

export class EnterprisePageDto {
  @ApiProperty({ type: () => [EnterpriseViewDto] }) items: EnterpriseViewDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
