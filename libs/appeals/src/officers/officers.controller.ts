import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, PageQueryDto, Principal, Roles } from '@app/core';
import { AssignFirmsDto, VisitDto } from '../appeal/dto/appeal.requests';
import { AppealPage } from '../appeal/dto/appeal.views';
import { OfficersService } from './officers.service';
import { AssignFirmsResult, OfficerFirmView, VisitView } from './officers.views';

/** 包联干部: firms assigned to officers, their task list and visit log. */
@ApiTags('officers 包联干部')
@ApiBearerAuth()
@Controller('officers')
export class OfficersController {
  constructor(private readonly officers: OfficersService) {}

  @Get('me/firms')
  @Roles('officer')
  @ApiOkResponse({ type: [OfficerFirmView] })
  myFirms(@CurrentUser() p: Principal) {
    return this.officers.firms(p, p.id);
  }

  @Get('me/tasks')
  @Roles('officer')
  @ApiOperation({ summary: '任务清单：包联企业的在办诉求（待我预研的在前）' })
  @ApiOkResponse({ type: AppealPage })
  tasks(@CurrentUser() p: Principal, @Query() q: PageQueryDto) {
    return this.officers.tasks(p, q.page, q.pageSize);
  }

  @Post('me/visits')
  @Roles('officer')
  @ApiOperation({ summary: '登记走访；收集到的问题各成一件诉求' })
  @ApiCreatedResponse({ type: VisitView })
  visit(@CurrentUser() p: Principal, @Body() dto: VisitDto) {
    return this.officers.logVisit(p, { ...dto, problems: dto.problems ?? [] });
  }

  @Get('me/visits')
  @Roles('officer')
  @ApiOkResponse({ type: [VisitView] })
  myVisits(@CurrentUser() p: Principal) {
    return this.officers.visits(p, p.id);
  }

  @Put(':officerId/firms')
  @Roles('supervisor')
  @ApiOperation({ summary: '为包联干部分配企业（其在办诉求随之转交）' })
  @ApiOkResponse({ type: AssignFirmsResult })
  assign(@CurrentUser() p: Principal, @Param('officerId') officerId: string, @Body() dto: AssignFirmsDto) {
    return this.officers.assignFirms(p, officerId, dto.enterpriseIds);
  }

  @Get(':officerId/firms')
  @Roles('supervisor', 'leader')
  @ApiOkResponse({ type: [OfficerFirmView] })
  firms(@CurrentUser() p: Principal, @Param('officerId') officerId: string) {
    return this.officers.firms(p, officerId);
  }

  @Get(':officerId/visits')
  @Roles('supervisor', 'leader')
  @ApiOkResponse({ type: [VisitView] })
  visits(@CurrentUser() p: Principal, @Param('officerId') officerId: string) {
    return this.officers.visits(p, officerId);
  }
}
