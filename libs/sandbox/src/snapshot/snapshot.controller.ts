import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@app/core';
import { SANDBOX_ROLES } from '../sandbox.roles';
import { SnapshotRefreshDto, SnapshotStatusDto } from './dto/snapshot-status.dto';
import { SnapshotService } from './snapshot.service';

@ApiTags('sandbox 数据沙盘')
@ApiBearerAuth()
@Roles(...SANDBOX_ROLES)
@Controller('sandbox')
export class SnapshotController {
  constructor(private readonly snapshots: SnapshotService) {}

  @Get('snapshot')
  @ApiOperation({ summary: '快照状态：数据截至时间、企业数、构建耗时、内存' })
  @ApiOkResponse({ type: SnapshotStatusDto })
  snapshot(): SnapshotStatusDto {
    return this.snapshots.status();
  }

  @Post('snapshot/refresh')
  @HttpCode(200)
  @Roles('leader')
  @ApiOperation({ summary: '立即刷新快照（读取自上次刷新以来新增或变更的企业）' })
  @ApiOkResponse({ type: SnapshotRefreshDto })
  async refresh(): Promise<SnapshotRefreshDto> {
    const rows = await this.snapshots.refresh();
    return { rowsRead: rows, ...this.snapshots.status() };
  }
}
