import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public, UsersService } from '@app/core';
import { PeriodQueryDto, PublicResultPageDto, PublicStatisticsDto, ResultQueryDto } from './dto/results.dto';
import { PublishedResults } from './published-results.service';
import { renderResultsPage, renderStatisticsPage } from './results-page';

/** 结果公开 and 兑现统计: public, no login; JSON for programs and the console, HTML for people. */
@ApiTags('public 结果公开')
@Controller('public')
export class ResultsController {
  constructor(
    private readonly results: PublishedResults,
    private readonly users: UsersService,
  ) {}

  @Get('results')
  @Public()
  @ApiOkResponse({ type: PublicResultPageDto, description: '已到账的兑现结果：企业名称、事项、部门、金额、到账日期（不含账号、电话、证件号）' })
  async list(@Query() q: ResultQueryDto) {
    const page = await this.results.list(q);
    await this.results.countVisit('results');
    return page;
  }

  @Get('results/page')
  @Public()
  @ApiProduces('text/html')
  @Header('content-type', 'text/html; charset=utf-8')
  async page(@Query() q: ResultQueryDto) {
    const page = await this.results.list(q);
    await this.results.countVisit('results');
    const departments = (await this.users.listDepartments()).map((d) => ({ code: d.code, name: d.name }));
    return renderResultsPage(page, { itemId: q.itemId, department: q.department, from: q.from, to: q.to, q: q.q }, departments);
  }

  @Get('statistics')
  @Public()
  @ApiOkResponse({ type: PublicStatisticsDto, description: '兑现统计：事项、企业、笔数、金额，按月、按部门；访问量；平均到账天数' })
  async statistics(@Query() q: PeriodQueryDto) {
    const s = await this.results.statistics(q);
    await this.results.countVisit('statistics');
    return s;
  }

  @Get('statistics/page')
  @Public()
  @ApiProduces('text/html')
  @Header('content-type', 'text/html; charset=utf-8')
  async statisticsPage(@Query() q: PeriodQueryDto) {
    await this.results.countVisit('statistics');
    return renderStatisticsPage(await this.results.statistics(q));
  }
}

