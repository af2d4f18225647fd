import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Principal, Public, Roles } from '@app/core';
import { ReceptionService } from './reception.service';
import { MinutesResult, ReceptionDayView, RegistrationView, RollCallResult } from './reception.views';
import { ScheduleDto, RegisterDto, RollCallDto, MinutesDto, PeriodQueryDto } from './dto/reception.dto';

/** 企业家接待日 / 政企恳谈会: schedule and public notice, registration and roll call, minutes → appeals. */
@ApiTags('reception-days 企业家接待日')
@ApiBearerAuth()
@Controller('reception-days')
export class ReceptionController {
  constructor(private readonly reception: ReceptionService) {}

  @Get('notices')
  @Public()
  @ApiOperation({ summary: '公告：即将举办、可报名的接待日（无需登录）' })
  @ApiOkResponse({ type: [ReceptionDayView] })
  notices() {
    return this.reception.publicNotices();
  }

  @Post()
  @Roles('supervisor')
  @ApiOperation({ summary: '安排接待日（轮值领导、名额、报名截止、公告）' })
  @ApiCreatedResponse({ type: ReceptionDayView })
  schedule(@CurrentUser() p: Principal, @Body() dto: ScheduleDto) {
    return this.reception.schedule(p, dto);
  }

  @Get()
  @Roles('enterprise', 'supervisor', 'officer', 'leader', 'auditor', 'dept_editor', 'dept_reviewer')
  @ApiOkResponse({ type: [ReceptionDayView] })
  list(@Query() q: PeriodQueryDto) {
    return this.reception.list(q.from, q.to);
  }

  @Get('registrations/mine')
  @Roles('enterprise')
  @ApiOperation({ summary: '本企业的接待日报名（含点名结果）' })
  @ApiOkResponse({ type: [RegistrationView] })
  myRegistrations(@CurrentUser() p: Principal) {
    return this.reception.myRegistrations(p);
  }

  @Get(':id')
  @Roles('enterprise', 'supervisor', 'officer', 'leader', 'auditor', 'dept_editor', 'dept_reviewer')
  @ApiOkResponse({ type: ReceptionDayView })
  get(@Param('id') id: string) {
    return this.reception.get(id);
  }

  @Post(':id/registrations')
  @Roles('enterprise', 'supervisor')
  @ApiOperation({ summary: '企业报名（截止前、名额内）或督办点名邀请' })
  @ApiCreatedResponse({ type: RegistrationView })
  register(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: RegisterDto) {
    return this.reception.register(p, id, dto);
  }

  @Get(':id/registrations')
  @Roles('supervisor')
  @ApiOkResponse({ type: [RegistrationView] })
  registrations(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.reception.registrations(p, id);
  }

  @Post(':id/roll-call')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({ summary: '点名：登记到场企业' })
  @ApiOkResponse({ type: RollCallResult })
  rollCall(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: RollCallDto) {
    return this.reception.rollCall(p, id, dto.present);
  }

  @Post(':id/minutes')
  @Roles('supervisor')
  @ApiOperation({ summary: '登记会议纪要：每个事项一步生成诉求（可当场答复或现场交办）' })
  @ApiCreatedResponse({ type: MinutesResult })
  minutes(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: MinutesDto) {
    return this.reception.recordMinutes(p, id, dto.summary, dto.items);
  }

  @Get(':id/minutes')
  @Roles('supervisor', 'leader', 'auditor', 'dept_editor', 'dept_reviewer', 'officer')
  @ApiOperation({ summary: '会议纪要（可打印的 HTML）' })
  @ApiProduces('text/html')
  async minutesHtml(@Param('id') id: string, @Res() res: Response) {
    res.type('html').send(await this.reception.minutesHtml(id));
  }
}
