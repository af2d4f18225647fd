import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Principal, Roles } from '@app/core';
import { SANDBOX_ROLES } from '../sandbox.roles';
import { ScenarioExportService } from './scenario-export.service';

@ApiTags('sandbox 数据沙盘')
@ApiBearerAuth()
@Roles(...SANDBOX_ROLES)
@Controller('sandbox')
export class ScenarioExportController {
  constructor(private readonly exports: ScenarioExportService) {}

  @Get('scenarios/:id/export.csv')
  @ApiOperation({ summary: '导出情景结果（分布、新增/减少企业清单）为 CSV' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV（UTF-8，带 BOM）', schema: { type: 'string', format: 'binary' } })
  async exportScenario(@CurrentUser() user: Principal, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const { filename, csv } = await this.exports.exportCsv(user, id);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="${filename}"`);
    res.send(csv);
  }
}
