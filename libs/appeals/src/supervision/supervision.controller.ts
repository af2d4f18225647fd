import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Principal, Roles } from '@app/core';
import { FlagQueryDto, FollowUpQueryDto, MarkReadDto, MonthQueryDto, NoticeQueryDto, OverdueQueryDto, RankingQueryDto, ThemeQueryDto, TrendQueryDto } from '../appeal/dto/appeal.requests';
import { APPEAL_READERS } from '../appeal/appeals.controller';
import { APPEAL_OPTIONS, AppealOptions } from '../appeal.options';
import { FeedbackService } from '../feedback/feedback.service';
import { AppealNoticeService } from '../notices/notice.service';
import { NoticePage } from '../notices/notice.views';
import { PolicyBridgeService } from '../policy/policy-bridge.service';
import { PolicyFlagView, PolicyTheme } from '../policy/policy-bridge.views';
import { RankingService } from '../ranking/ranking.service';
import { RankingResult, TrendPoint } from '../ranking/ranking.views';
import { AppealSupervisionService } from './supervision.service';
import { FollowUpView, JobResult, OverduePage } from './supervision.views';
import { Inject } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

class FollowUpPage {
  @ApiProperty({ type: [FollowUpView] }) items: FollowUpView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

class MarkedResult {
  @ApiProperty() marked: number;
}

const STAFF = ['dept_editor', 'dept_reviewer', 'supervisor', 'officer', 'leader', 'auditor'] as const;
const OVERSIGHT = ['supervisor', 'leader', 'auditor', 'dept_editor', 'dept_reviewer'] as const;

/** 督办 around the loop: overdue list, follow-ups, notices inbox, jobs, ranking and 通报, appeals → policy. */
@ApiTags('appeals 督办与考核')
@ApiBearerAuth()
@Controller('appeals')
export class AppealSupervisionController {
  constructor(
    private readonly supervision: AppealSupervisionService,
    private readonly feedback: FeedbackService,
    private readonly notices: AppealNoticeService,
    private readonly ranking: RankingService,
    private readonly policy: PolicyBridgeService,
    @Inject(APPEAL_OPTIONS) private readonly options: AppealOptions,
  ) {}

  @Get('overdue')
  @Roles(...STAFF)
  @ApiOperation({ summary: '超期清单（当前时限已过的在办诉求，按权限范围）' })
  @ApiOkResponse({ type: OverduePage })
  overdue(@CurrentUser() p: Principal, @Query() q: OverdueQueryDto) {
    return this.supervision.overdue(p, q);
  }

  @Get('follow-ups')
  @Roles('supervisor')
  @ApiOperation({ summary: '回访任务（销号后）' })
  @ApiOkResponse({ type: FollowUpPage })
  followUps(@CurrentUser() p: Principal, @Query() q: FollowUpQueryDto) {
    return this.feedback.followUps(p, q.status, q.page, q.pageSize);
  }

  @Get('notices')
  @Roles(...APPEAL_READERS)
  @ApiOperation({ summary: '我的诉求消息（交办、答复、函件、提醒……）' })
  @ApiOkResponse({ type: NoticePage })
  inbox(@CurrentUser() p: Principal, @Query() q: NoticeQueryDto) {
    return this.notices.inbox(p, q.page, q.pageSize, q.unread ?? false);
  }

  @Post('notices/read')
  @HttpCode(200)
  @Roles(...APPEAL_READERS)
  @ApiOkResponse({ type: MarkedResult })
  async markRead(@CurrentUser() p: Principal, @Body() dto: MarkReadDto): Promise<MarkedResult> {
    return { marked: await this.notices.markRead(p, dto.ids) };
  }

  @Post('jobs/escalate')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({ summary: '立即执行逐级上报（每日定时执行）' })
  @ApiOkResponse({ type: JobResult })
  async escalate(): Promise<JobResult> {
    return { count: await this.supervision.escalateOverdue() };
  }

  @Post('jobs/weekly-reminders')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({ summary: '立即发送本周提醒（每日检查，每件每周一次）' })
  @ApiOkResponse({ type: JobResult })
  async remind(): Promise<JobResult> {
    return { count: await this.supervision.weeklyReminders() };
  }

  @Get('ranking')
  @Roles(...OVERSIGHT)
  @ApiOperation({ summary: '月度考核排序（按牵头部门或区县）：响应率、按期办结率、解决率、满意率、二次督办、平均办理工作日' })
  @ApiOkResponse({ type: RankingResult })
  rank(@Query() q: RankingQueryDto) {
    return this.ranking.ranking(q.month, q.by ?? 'department');
  }

  @Get('ranking/trend')
  @Roles(...OVERSIGHT)
  @ApiOkResponse({ type: [TrendPoint] })
  trend(@Query() q: TrendQueryDto) {
    return this.ranking.trend(q.from, q.to, q.department);
  }

  @Get('ranking/report')
  @Roles(...OVERSIGHT)
  @ApiOperation({ summary: '月度通报（可打印的 HTML）' })
  @ApiProduces('text/html')
  async report(@Query() q: MonthQueryDto, @Res() res: Response) {
    res.type('html').send(await this.ranking.report(q.month));
  }

  @Get('policy-themes')
  @Roles('supervisor', 'leader', 'dept_editor', 'dept_reviewer')
  @ApiOperation({ summary: '共性诉求主题（多家企业反映的类别与关键词），及相关政策和部门' })
  @ApiOkResponse({ type: [PolicyTheme] })
  themes(@Query() q: ThemeQueryDto) {
    return this.policy.themes(q.from, q.to, q.minFirms ?? this.options.themeMinFirms);
  }

  @Post('policy-themes/flag')
  @Roles('supervisor')
  @ApiOperation({ summary: '向相关政策的制定部门推送共性诉求提示（未诉先办）' })
  @ApiOkResponse({ type: [PolicyFlagView] })
  flag(@CurrentUser() p: Principal, @Body() q: ThemeQueryDto) {
    return this.policy.flag(p, q.from, q.to, q.minFirms ?? this.options.themeMinFirms);
  }

  @Get('policy-flags')
  @Roles('supervisor', 'leader', 'dept_editor', 'dept_reviewer')
  @ApiOkResponse({ type: [PolicyFlagView] })
  flags(@CurrentUser() p: Principal, @Query() q: FlagQueryDto) {
    return this.policy.flags(p, q.status);
  }

  @Post('policy-flags/:flagId/acknowledge')
  @HttpCode(204)
  @Roles('supervisor', 'dept_editor', 'dept_reviewer')
  async acknowledge(@CurrentUser() p: Principal, @Param('flagId') flagId: string): Promise<void> {
    await this.policy.acknowledge(p, flagId);
  }
}
