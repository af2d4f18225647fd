import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { CurrentUser, IsAcceptedDate, Principal, Roles } from '@app/core';
import { CalendarRepository } from './calendar.repository';
import { SupervisionService } from './supervision.service';

class CalendarDayDto {
  @ApiProperty({ example: '2026-10-01' })
  @IsAcceptedDate()
  day: string;

  @ApiProperty({ enum: ['holiday', 'workday'], nullable: true, description: 'null 删除该日设置' })
  @IsOptional()
  @IsIn(['holiday', 'workday', null])
  kind: 'holiday' | 'workday' | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 50)
  name?: string;
}

class CalendarDto {
  @ApiProperty({ type: [CalendarDayDto] })
  @IsArray()
  @ArrayMaxSize(400)
  @ValidateNested({ each: true })
  @Type(() => CalendarDayDto)
  days: CalendarDayDto[];
}

class YearQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^(19|20|21)\d{2}$/)
  year?: string;
}

/** 督办: overdue nodes, reminders, the department board, the working-day calendar. */
@ApiTags('supervision')
@ApiBearerAuth()
@Controller('supervision')
export class SupervisionController {
  constructor(
    private readonly supervision: SupervisionService,
    private readonly calendar: CalendarRepository,
  ) {}

  @Get('overdue')
  @Roles('dept_reviewer', 'dept_editor', 'leader', 'auditor')
  overdue(@CurrentUser() p: Principal) {
    return this.supervision.overdue(p);
  }

  @Post('reminders')
  @HttpCode(200)
  @Roles('admin')
  async remind() {
    return { sent: await this.supervision.sendReminders() };
  }

  @Get('board')
  @Roles('dept_reviewer', 'dept_editor', 'leader', 'auditor')
  board(@CurrentUser() p: Principal) {
    return this.supervision.board(p);
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
