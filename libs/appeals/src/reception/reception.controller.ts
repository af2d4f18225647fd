import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import type { Response } from 'express';
import { CurrentUser, Principal, Public, Roles } from '@app/core';
import { AssignDto } from '../appeal/dto/appeal.requests';
import { ReceptionService } from './reception.service';
import { MinutesResult, RECEPTION_KINDS, ReceptionDayView, ReceptionKind, RegistrationView, RollCallResult } from './reception.views';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

class ScheduleDto {
  @ApiProperty({ example: '2026年12月企业家接待日' }) @IsString() @Length(2, 200) title: string;
  @ApiPropertyOptional({ example: '要素保障专场' }) @IsOptional() @IsString() @Length(1, 200) theme?: string;
  @ApiProperty({ enum: RECEPTION_KINDS }) @IsIn(RECEPTION_KINDS) kind: ReceptionKind;
  @ApiProperty({ example: '2026-12-05' }) @Matches(DATE) heldOn: string;
  @ApiProperty() @IsString() @Length(2, 200) location: string;
  @ApiProperty({ description: '接待领导（轮值）' }) @IsString() @Length(2, 100) host: string;
  @ApiPropertyOptional({ description: '区县代码（区县举办时）' }) @IsOptional() @Matches(/^\d{6}$/) districtCode?: string;
  @ApiProperty({ minimum: 1, maximum: 10000 }) @Type(() => Number) @IsInt() @Min(1) @Max(10000) capacity: number;
  @ApiProperty({ example: '2026-12-01' }) @Matches(DATE) registrationDeadline: string;
  @ApiProperty({ description: '公告正文' }) @IsString() @Length(2, 5000) notice: string;
}

class RegisterDto {
  @ApiProperty({ description: '拟反映的问题' }) @IsString() @Length(2, 2000) topics: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 50) contactName?: string;
  @ApiPropertyOptional({ description: '督办人员点名邀请时：企业 id' }) @IsOptional() @IsUUID() enterpriseId?: string;
}

class RollCallDto {
  @ApiProperty({ type: [String], description: '到场的报名 id；其余报名记为缺席' }) @IsArray() @ArrayMaxSize(10000) @IsUUID('all', { each: true }) present: string[];
}

class MinutesItemDto {
  @ApiProperty() @IsUUID() enterpriseId: string;
  @ApiProperty() @IsString() @Length(1, 40) category: string;
  @ApiProperty() @IsString() @Length(2, 200) title: string;
  @ApiProperty() @IsString() @Length(5, 5000) description: string;
  @ApiPropertyOptional({ description: '现场拍板：当场答复内容' }) @IsOptional() @IsString() @Length(2, 5000) onSpotAnswer?: string;
  @ApiPropertyOptional({ type: AssignDto, description: '现场交办' }) @IsOptional() @ValidateNested() @Type(() => AssignDto) assign?: AssignDto;
}

class MinutesDto {
  @ApiProperty({ description: '纪要正文' }) @IsString() @Length(2, 20000) summary: string;
  @ApiProperty({ type: [MinutesItemDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => MinutesItemDto) items: MinutesItemDto[];
}

class PeriodQueryDto {
  @ApiPropertyOptional() @IsOptional() @Matches(DATE) from?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(DATE) to?: string;
}

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
