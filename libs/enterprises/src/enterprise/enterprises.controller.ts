import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@app/core';
import { AsOfQueryDto, EnterpriseQueryDto } from './dto/enterprise-query.dto';
import { UpdateEnterpriseDto } from './dto/update-enterprise.dto';
import { EnterprisesService } from './enterprises.service';

const STAFF = ['dept_editor', 'dept_reviewer', 'finance_maker', 'finance_checker', 'leader', 'auditor', 'admin', 'supervisor', 'officer'] as const;

@ApiTags('enterprises 一企一档')
@ApiBearerAuth()
@Controller('enterprises')
export class EnterprisesController {
  constructor(private readonly enterprises: EnterprisesService) {}

  @Get()
  @Roles(...STAFF)
  list(@Query() q: EnterpriseQueryDto) {
    return this.enterprises.list(q);
  }

  /** The enterprise bound to the calling enterprise user. */
  @Get('me')
  @Roles('enterprise')
  me(@CurrentUser() user: Principal) {
    return this.enterprises.me(user);
  }

  @Get(':id')
  get(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.enterprises.get(user, id);
  }

  @Get(':id/history')
  history(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.enterprises.history(user, id);
  }

  @Get(':id/as-of')
  asOf(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string, @Query() q: AsOfQueryDto) {
    return this.enterprises.asOf(user, id, new Date(q.at));
  }

  @Patch(':id')
  @Roles('dept_editor', 'enterprise', 'admin')
  update(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateEnterpriseDto) {
    return this.enterprises.update(user, id, dto.changes, dto.reason);
  }
}
