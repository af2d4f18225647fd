import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Principal, Roles } from '@app/core';
import { OverlapDto, SweepRequestDto, TagCombinationsDto } from './analysis/dto/analysis.dto';
import { ScenarioDefinitionDto } from './scenario/dto/scenario-definition.dto';
import { CreateScenarioDto, ScenarioListQueryDto, UpdateScenarioDto } from './scenarios/dto/scenarios.dto';
import { SandboxService } from './sandbox.service';
import { EffectAnalysisService } from './effect/effect-analysis.service';
import { ScenariosService } from './scenarios/scenarios.service';
import { SnapshotService } from './snapshot/snapshot.service';

/** Who may run the sandbox: leaders and the departments (for their own policies); admin always may. */
export const SANDBOX_ROLES = ['leader', 'dept_editor', 'dept_reviewer'] as const;

/** A DTO instance back to plain JSON (drops unset optional fields). */
const plain = (dto: object): Record<string, unknown> => JSON.parse(JSON.stringify(dto)) as Record<string, unknown>;
const definitionOf = (dto: ScenarioDefinitionDto) => plain({ base: dto.base, overrides: dto.overrides, options: dto.options });

@ApiTags('sandbox 数据沙盘')
@ApiBearerAuth()
@Roles(...SANDBOX_ROLES)
@Controller('sandbox')
export class SandboxController {
  constructor(
    private readonly sandbox: SandboxService,
    private readonly snapshots: SnapshotService,
    private readonly scenarios: ScenariosService,
    private readonly effects: EffectAnalysisService,
  ) {}

  @Get('snapshot')
  @ApiOperation({ summary: '快照状态：数据截至时间、企业数、构建耗时、内存' })
  snapshot() {
    return this.snapshots.status();
  }

  @Post('snapshot/refresh')
  @HttpCode(200)
  @Roles('leader')
  @ApiOperation({ summary: '立即刷新快照（读取自上次刷新以来新增或变更的企业）' })
  async refresh() {
    const rows = await this.snapshots.refresh();
    return { rowsRead: rows, ...this.snapshots.status() };
  }

  @Post('what-if')
  @HttpCode(200)
  @ApiOperation({ summary: '情景推演：符合条件企业数、成本、分布、较基准新增/减少的企业、预算用尽位置' })
  whatIf(@CurrentUser() user: Principal, @Body() dto: ScenarioDefinitionDto) {
    return this.sandbox.whatIf(definitionOf(dto), user);
  }

  @Post('sweep')
  @HttpCode(200)
  @ApiOperation({ summary: '阈值扫描：某一数值门槛在区间内变化时的企业数与成本曲线' })
  sweep(@CurrentUser() user: Principal, @Body() dto: SweepRequestDto) {
    return this.sandbox.sweep(definitionOf(dto), dto.sweep, user);
  }

  @Post('tags')
  @HttpCode(200)
  @ApiOperation({ summary: '标签库组合分析：各标签及两两组合的企业数' })
  tags(@Body() dto: TagCombinationsDto) {
    return this.sandbox.tags(dto);
  }

  @Post('overlap')
  @HttpCode(200)
  @ApiOperation({ summary: '重复享受预警：多个事项的重叠矩阵与同时符合多项的企业' })
  overlap(@Body() dto: OverlapDto) {
    return this.sandbox.overlap(dto);
  }

  /** 政策效果分析 of a published item: paid firms against near misses, before and after (DiD). */
  @Get('effects/:itemId')
  @ApiOperation({ summary: '政策效果分析：已兑付企业与“差一点符合”企业的指标前后变化对比（双重差分）' })
  effect(@CurrentUser() user: Principal, @Param('itemId') itemId: string) {
    return this.effects.analyse(user, itemId);
  }

  @Get('exclusion-groups')
  @ApiOperation({ summary: '不重复享受预警：各互斥分组中同时符合两项及以上已发布事项的企业' })
  exclusionGroups() {
    return this.sandbox.exclusionGroupWarnings();
  }

  @Post('scenarios')
  @ApiOperation({ summary: '保存情景' })
  createScenario(@CurrentUser() user: Principal, @Body() dto: CreateScenarioDto) {
    return this.scenarios.create(user, { name: dto.name, description: dto.description, shared: dto.shared, definition: definitionOf(dto.definition) });
  }

  @Get('scenarios')
  @ApiOperation({ summary: '我可见的情景（本人、本部门、共享）' })
  listScenarios(@CurrentUser() user: Principal, @Query() q: ScenarioListQueryDto) {
    return this.scenarios.list(user, { page: q.page, pageSize: q.pageSize, mine: q.mine === 'true' || q.mine === '1' });
  }

  @Get('scenarios/:id')
  getScenario(@CurrentUser() user: Principal, @Param('id') id: string) {
    return this.scenarios.get(user, id);
  }

  @Patch('scenarios/:id')
  @ApiOperation({ summary: '修改、重命名或共享情景（仅创建人）' })
  updateScenario(@CurrentUser() user: Principal, @Param('id') id: string, @Body() dto: UpdateScenarioDto) {
    return this.scenarios.update(user, id, {
      name: dto.name,
      description: dto.description,
      shared: dto.shared,
      definition: dto.definition ? definitionOf(dto.definition) : undefined,
    });
  }

  @Delete('scenarios/:id')
  @HttpCode(204)
  async deleteScenario(@CurrentUser() user: Principal, @Param('id') id: string): Promise<void> {
    await this.scenarios.remove(user, id);
  }

  @Post('scenarios/:id/run')
  @HttpCode(200)
  runScenario(@CurrentUser() user: Principal, @Param('id') id: string) {
    return this.scenarios.run(user, id);
  }

  /** Turns the scenario into a draft version of its base item, for the owning department to review. */
  @Post('scenarios/:id/propose')
  @HttpCode(201)
  @Roles('leader', 'dept_editor')
  @ApiOperation({ summary: '将情景转为政策事项的新草稿版本，交所属部门审核（不会直接发布）' })
  propose(@CurrentUser() user: Principal, @Param('id') id: string) {
    return this.scenarios.proposeAsDraft(user, id);
  }

  @Get('scenarios/:id/export.csv')
  @ApiOperation({ summary: '导出情景结果（分布、新增/减少企业清单）为 CSV' })
  async exportScenario(@CurrentUser() user: Principal, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const { filename, csv } = await this.scenarios.exportCsv(user, id);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="${filename}"`);
    res.send(csv);
  }
}
