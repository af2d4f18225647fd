import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@app/core';
import { SANDBOX_ROLES } from '../sandbox.roles';
import { ProposedDraftDto, SavedScenarioDto, SavedScenarioPageDto, ScenarioRunDto } from './dto/saved-scenario.dto';
import { definitionOf } from './dto/scenario-definition.dto';
import { CreateScenarioDto, ScenarioListQueryDto, UpdateScenarioDto } from './dto/scenarios.dto';
import { ScenariosService } from './scenarios.service';

/** Saved scenarios (情景): save, list, change, share, delete, run, propose as a draft version. */
@ApiTags('sandbox 数据沙盘')
@ApiBearerAuth()
@Roles(...SANDBOX_ROLES)
@Controller('sandbox')
export class ScenariosController {
  constructor(private readonly scenarios: ScenariosService) {}

  @Post('scenarios')
  @ApiOperation({ summary: '保存情景' })
  @ApiCreatedResponse({ type: SavedScenarioDto })
  createScenario(@CurrentUser() user: Principal, @Body() dto: CreateScenarioDto): Promise<SavedScenarioDto> {
    return this.scenarios.create(user, { name: dto.name, description: dto.description, shared: dto.shared, definition: definitionOf(dto.definition) });
  }

  @Get('scenarios')
  @ApiOperation({ summary: '我可见的情景（本人、本部门、共享）' })
  @ApiOkResponse({ type: SavedScenarioPageDto })
  listScenarios(@CurrentUser() user: Principal, @Query() q: ScenarioListQueryDto): Promise<SavedScenarioPageDto> {
    return this.scenarios.list(user, { page: q.page, pageSize: q.pageSize, mine: q.mine === 'true' || q.mine === '1' });
  }

  @Get('scenarios/:id')
  @ApiOkResponse({ type: SavedScenarioDto })
  getScenario(@CurrentUser() user: Principal, @Param('id') id: string): Promise<SavedScenarioDto> {
    return this.scenarios.get(user, id);
  }

  @Patch('scenarios/:id')
  @ApiOperation({ summary: '修改、重命名或共享情景（仅创建人）' })
  @ApiOkResponse({ type: SavedScenarioDto })
  updateScenario(@CurrentUser() user: Principal, @Param('id') id: string, @Body() dto: UpdateScenarioDto): Promise<SavedScenarioDto> {
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
  @ApiOkResponse({ type: ScenarioRunDto })
  runScenario(@CurrentUser() user: Principal, @Param('id') id: string): Promise<ScenarioRunDto> {
    return this.scenarios.run(user, id);
  }

  /** Turns the scenario into a draft version of its base item, for the owning department to review. */
  @Post('scenarios/:id/propose')
  @HttpCode(201)
  @Roles('leader', 'dept_editor')
  @ApiOperation({ summary: '将情景转为政策事项的新草稿版本，交所属部门审核（不会直接发布）' })
  @ApiCreatedResponse({ type: ProposedDraftDto })
  propose(@CurrentUser() user: Principal, @Param('id') id: string): Promise<ProposedDraftDto> {
    return this.scenarios.proposeAsDraft(user, id);
  }
}
