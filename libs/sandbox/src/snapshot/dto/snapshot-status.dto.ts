import { ApiProperty } from '@nestjs/swagger';

/** 快照状态: how current the sandbox's copy of the profiles is, and what it costs in memory. */
export class SnapshotStatusDto {
  @ApiProperty({ description: '快照已可用' }) ready: boolean;
  @ApiProperty({ description: '正在构建' }) building: boolean;
  @ApiProperty({ description: '企业数' }) rows: number;
  @ApiProperty({ type: String, nullable: true, description: '数据截至' }) asOf: string | null;
  @ApiProperty({ type: String, nullable: true }) builtAt: string | null;
  @ApiProperty({ type: Number, nullable: true, description: '构建耗时（毫秒）' }) buildMs: number | null;
  @ApiProperty({ type: String, nullable: true }) lastRefreshAt: string | null;
  @ApiProperty({ type: Number, nullable: true, description: '上次刷新耗时（毫秒）' }) lastRefreshMs: number | null;
  @ApiProperty({ description: '上次刷新读取的企业数' }) lastRefreshRows: number;
  @ApiProperty({ description: '刷新次数' }) refreshes: number;
  @ApiProperty({ description: '列存储占用（字节）' }) typedArrayBytes: number;
  @ApiProperty({ description: '进程常驻内存（字节）' }) residentBytes: number;
  @ApiProperty({ description: '堆内存（字节）' }) heapUsedBytes: number;
}

export class SnapshotRefreshDto extends SnapshotStatusDto {
  @ApiProperty({ description: '本次刷新读取的企业数' }) rowsRead: number;
}
