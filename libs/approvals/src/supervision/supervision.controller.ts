import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@app/core';
import { ConfirmationDeadlines } from '../deadline/confirmation-deadlines.service';
import { CalendarRepository } from './calendar.repository';
import { AlertQueryDto, BoardRowDto, DrillRunDto, OverdueEntryDto, StaffAlertPageDto, TimeToMoneyReportDto } from './dto/supervision.dto';
import { StaffAlertsService } from './staff-alerts.service';
import { SupervisionService } from './supervision.service';
import { CalendarDto, YearQueryDto } from './dto/calendar.dto';

const STAFF = ['dept_reviewer', 'dept_editor', 'finance_maker', 'finance_checker', 'leader', 'auditor', 'admin'] as const;

/** 督办: overdue steps, reminders and escalations, the board, time to money, staff alerts, the working-day calendar. */
@ApiTags('supervision')
@ApiBearerAuth()
@Controller('supervision')
export class SupervisionController {
  constructor(
    private readonly supervision: SupervisionService,
    private readonly calendar: CalendarRepository,
    private readonly alerts: StaffAlertsService,
    private readonly deadlines: ConfirmationDeadlines,
  ) {}

  /** Everything past its step's limit: a department sees its own, finance the payout steps, leaders all. */
  @Get('overdue')
  @Roles(...STAFF)
  @ApiOkResponse({ type: [OverdueEntryDto] })
  overdue(@CurrentUser() p: Principal) {
    return this.supervision.overdue(p);
  }

  /** One 督办 pass now (it also runs hourly in the worker): reminders due within a working day, escalations of overdue steps. */
  @Post('reminders')
  @HttpCode(200)
  @Roles('admin')
  async remind() {
    return { sent: await this.supervision.sendReminders() };
  }

  /** Confirmation deadlines and 督办 now (drills; the worker runs both hourly). */
  @Post('run')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ type: DrillRunDto })
  async run() {
    const deadlines = await this.deadlines.run();
    return { deadlines, reminders: await this.supervision.sendReminders() };
  }

  /**
   * The board: per department (its own rows only, for department roles) and for finance — on-time
   * rate, average working days per step, open and overdue per step, the slowest items, and the days
   * from publication or application to money.
   */
  @Get('board')
  @Roles(...STAFF)
  @ApiOkResponse({ type: [BoardRowDto] })
  board(@CurrentUser() p: Principal) {
    return this.supervision.board(p);
  }

  /** 亲清在线's headline: average days from publication (免申即享) or application to money in the account, per item and department. */
  @Get('time-to-money')
  @Roles(...STAFF)
  @ApiOkResponse({ type: TimeToMoneyReportDto })
  timeToMoney(@CurrentUser() p: Principal) {
    return this.supervision.timeToMoney(p);
  }

  /** 督办提醒 addressed to me (my role, and my department for department roles): the in-app channel. */
  @Get('alerts')
  @Roles(...STAFF)
  @ApiOkResponse({ type: StaffAlertPageDto })
  alertList(@CurrentUser() p: Principal, @Query() q: AlertQueryDto) {
    return this.alerts.list(p, q.page, q.pageSize, q.unread === 'true');
  }

  @Post('alerts/:id/read')
  @HttpCode(204)
  @Roles(...STAFF)
  async readAlert(@CurrentUser() p: Principal, @Param('id') id: string) {
    await this.alerts.markRead(p, id);
  }

  @Get('calendar')
  @Roles('dept_reviewer', 'dept_editor', 'leader', 'auditor')
  days(@Query() q: YearQueryDto) {
    return this.calendar.list(q.year);
  }

  @Put('calendar')
  @Roles('admin')
  async setDays(@Body() dto: CalendarDto) {
    await this.calendar.set(dto.days.map((d) => ({ day: d.day, kind: d.kind ?? null, name: d.name })));
    return this.calendar.list();
  }
}
