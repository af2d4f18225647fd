import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@app/core';
import { AsOfQueryDto, EnterpriseQueryDto } from './dto/enterprise-query.dto';
import { UpdateEnterpriseDto } from './dto/update-enterprise.dto';
import { EnterprisePageDto, EnterpriseViewDto, ProfileVersionDto } from './dto/enterprise-view.dto';
import { EnterprisesService } from './enterprises.service';

const STAFF = ['dept_editor', 'dept_reviewer', 'finance_maker', 'finance_checker', 'leader', 'auditor', 'admin', 'supervisor', 'officer'] as const;

@ApiTags('enterprises 一企一档')
@ApiBearerAuth()
@Controller('enterprises')
export class EnterprisesController {
  constructor(private readonly enterprises: EnterprisesService) {}

  @Get()
  @Roles(...STAFF)
  @ApiOkResponse({ type: EnterprisePageDto })
  list(@Query() q: EnterpriseQueryDto): Promise<EnterprisePageDto> {
    return this.enterprises.list(q);
  }

  /** The enterprise bound to the calling enterprise user. */
  @Get('me')
  @Roles('enterprise')
  @ApiOkResponse({ type: EnterpriseViewDto })
  me(@CurrentUser() user: Principal): Promise<EnterpriseViewDto> {
    return this.enterprises.me(user);
  }

  @Get(':id')
  @ApiOkResponse({ type: EnterpriseViewDto })
  get(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<EnterpriseViewDto> {
    return this.enterprises.get(user, id);
  }

  @Get(':id/history')
  @ApiOkResponse({ type: [ProfileVersionDto], description: '最新的在前' })
  history(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ProfileVersionDto[]> {
    return this.enterprises.history(user, id);
  }

  @Get(':id/as-of')
  @ApiOkResponse({ type: ProfileVersionDto })
  asOf(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string, @Query() q: AsOfQueryDto): Promise<ProfileVersionDto> {
    return this.enterprises.asOf(user, id, new Date(q.at));
  }

  @Patch(':id')
  @Roles('dept_editor', 'enterprise', 'admin')
  @ApiOkResponse({ type: EnterpriseViewDto })
  update(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateEnterpriseDto): Promise<EnterpriseViewDto> {
    return this.enterprises.update(user, id, dto.changes, dto.reason);
  }
}
