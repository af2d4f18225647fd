import { ApiProperty } from '@nestjs/swagger';

/** Response shapes of 数据共享 (data sources): what DataSourceSyncService returns, as the console reads it. */

/** One department's data source: its field mapping, where its pull stands, its counts, last pull and error. */
export class DataSourceStatusDto {
  @ApiProperty({ example: 'social', description: '数据来源代码' }) code: string;
  @ApiProperty({ example: '人社部门社保参保数据' }) name: string;
  @ApiProperty({ example: 'rsj', description: '提供数据的部门代码' }) department: string;
  @ApiProperty() departmentName: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: '字段映射：来源字段 → 条件项', example: { cbrs: 'employees' } })
  mapping: Record<string, string>;
  @ApiProperty({ type: String, nullable: true, description: '同步游标；null 表示尚未拉取' }) cursor: string | null;
  @ApiProperty({ description: '已应用的记录数' }) applied: number;
  @ApiProperty({ description: '拒收的记录数' }) rejected: number;
  @ApiProperty({ type: String, nullable: true, description: '最近同步时间（ISO 8601）' }) lastPulledAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: '最近一次同步的错误' }) lastError: string | null;
}

/** What one run of a source (立即同步) did. */
export class SyncResultDto {
  @ApiProperty({ description: '数据来源代码' }) source: string;
  @ApiProperty({ description: '拉取的页数' }) pages: number;
  @ApiProperty({ description: '收到的记录数' }) records: number;
  @ApiProperty({ description: '数据有变化的企业数（各生成新的档案版本并重新匹配）' }) changed: number;
  @ApiProperty({ description: '来源确认未变的记录数（仅更新数据出处）' }) confirmed: number;
  @ApiProperty({ description: '拒收的记录数' }) rejected: number;
  @ApiProperty({ type: String, nullable: true, description: '同步后的游标' }) cursor: string | null;
}

/** A record the source delivered and the platform refused: nothing of it was written. */
export class DataSourceRejectionDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: '数据来源代码' }) source: string;
  @ApiProperty({ description: '来源的记录编号' }) recordId: string;
  @ApiProperty({ type: String, nullable: true }) creditCode: string | null;
  @ApiProperty({ example: 'DATA_SOURCE.UNKNOWN_FIELD', description: '拒收原因代码' }) code: string;
  @ApiProperty() message: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) details: Record<string, unknown> | null;
  @ApiProperty({ description: '拉取时间（ISO 8601）' }) fetchedAt: string;
}

export class DataSourceRejectionPageDto {
  @ApiProperty({ type: [DataSourceRejectionDto] }) items: DataSourceRejectionDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
