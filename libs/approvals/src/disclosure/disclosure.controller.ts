import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Req, UseInterceptors } from '@nestjs/common';
import type { Request } from 'express';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal, Public, Roles } from '@app/core';
import { PublishedResults } from '../results/published-results.service';
import { filterQuery } from '../results/results-page';
import { renderDisclosureHistory, renderDisclosureIndex, renderDisclosureRound, renderEndedRound } from './disclosure-page';
import { DisclosureService } from './disclosure.service';
import { ContactCodeIssuedDto, DisclosureRoundDetailDto, DisclosureRoundDto, ObjectionReceiptDto, ObjectionViewDto } from './dto/disclosure-view.dto';
import { ObjectionAuditInterceptor } from './objection-audit.interceptor';
import { ObjectionService } from './objection.service';
import { OpenRoundDto, ContactCodeDto, ObjectionDto, SpamDto, ResolveDto, ObjectionQueryDto, HistoryQueryDto, EndedRoundPageDto, EndedRoundDetailDto } from './dto/disclosure.dto';

/** 公示: public lists and objections (no login), rounds and objection handling (reviewers). */
@ApiTags('disclosures')
@Controller()
export class DisclosureController {
  constructor(
    private readonly disclosure: DisclosureService,
    private readonly results: PublishedResults,
    private readonly objectionService: ObjectionService,
  ) {}

  @Get('disclosures')
  @Public()
  @ApiOkResponse({ type: [DisclosureRoundDto] })
  rounds() {
    return this.disclosure.openRounds();
  }

  /** The same lists as web pages for people (公示 is meant to be read by the public). */
  @Get('disclosures/page')
  @Public()
  @Header('content-type', 'text/html; charset=utf-8')
  async roundsPage() {
    return renderDisclosureIndex(await this.disclosure.openRounds());
  }

  /** 往期公示: rounds whose period is over, with their outcome (objections and how they were resolved). */
  @Get('disclosures/history')
  @Public()
  @ApiOkResponse({ type: EndedRoundPageDto })
  async history(@Query() q: HistoryQueryDto) {
    const rounds = await this.disclosure.endedRounds(q);
    await this.results.countVisit('disclosures');
    return rounds;
  }

  @Get('disclosures/history/page')
  @Public()
  @ApiProduces('text/html')
  @Header('content-type', 'text/html; charset=utf-8')
  async historyPage(@Query() q: HistoryQueryDto) {
    await this.results.countVisit('disclosures');
    return renderDisclosureHistory(await this.disclosure.endedRounds(q), filterQuery({ itemId: q.itemId, department: q.department, from: q.from, to: q.to }));
  }

  @Get('disclosures/history/:roundId')
  @Public()
  @ApiOkResponse({ type: EndedRoundDetailDto })
  endedRound(@Param('roundId') roundId: string) {
    return this.disclosure.endedRound(roundId);
  }

  @Get('disclosures/history/:roundId/page')
  @Public()
  @ApiProduces('text/html')
  @Header('content-type', 'text/html; charset=utf-8')
  async endedRoundPage(@Param('roundId') roundId: string) {
    return renderEndedRound(await this.disclosure.endedRound(roundId));
  }

  @Get('disclosures/:roundId/page')
  @Public()
  @Header('content-type', 'text/html; charset=utf-8')
  async roundPage(@Param('roundId') roundId: string) {
    return renderDisclosureRound(await this.disclosure.publicRound(roundId));
  }

  @Get('disclosures/:roundId')
  @Public()
  @ApiOkResponse({ type: DisclosureRoundDetailDto })
  round(@Param('roundId') roundId: string) {
    return this.disclosure.publicRound(roundId);
  }

  /** Step 1 without a login: a code by SMS to the objector's phone (limited per phone and per source). */
  @Post('disclosures/:roundId/objections/contact-code')
  @Public()
  @UseInterceptors(ObjectionAuditInterceptor)
  @ApiCreatedResponse({ type: ContactCodeIssuedDto })
  contactCode(@Param('roundId') roundId: string, @Body() dto: ContactCodeDto, @Req() req: Request & { user?: Principal }) {
    return this.objectionService.requestContactCode(roundId, dto.phone, req.ip ?? 'unknown');
  }

  /** An objection: with the code of step 1, or logged in. */
  @Post('disclosures/:roundId/objections')
  @Public()
  @ApiCreatedResponse({ type: ObjectionReceiptDto })
  @UseInterceptors(ObjectionAuditInterceptor)
  object(@Param('roundId') roundId: string, @Body() dto: ObjectionDto, @Req() req: Request & { user?: Principal }) {
    return this.objectionService.fileObjection(roundId, { ...dto, category: dto.category ?? 'other' }, { user: req.user ?? null, source: req.ip ?? 'unknown' });
  }

  @Post('disclosures')
  @ApiBearerAuth()
  @Roles('dept_reviewer')
  open(@CurrentUser() p: Principal, @Body() dto: OpenRoundDto) {
    return this.disclosure.openRound(p, dto.itemId, dto.workingDays);
  }

  @Get('objections')
  @ApiBearerAuth()
  @Roles('dept_reviewer', 'leader', 'auditor')
  @ApiOkResponse({ type: [ObjectionViewDto] })
  objections(@CurrentUser() p: Principal, @Query() q: ObjectionQueryDto): Promise<ObjectionViewDto[]> {
    return this.objectionService.objections(p, q.status ?? 'open');
  }

  @Post('objections/:id/resolve')
  @HttpCode(200)
  @ApiBearerAuth()
  @Roles('dept_reviewer')
  resolve(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: ResolveDto) {
    return this.objectionService.resolveObjection(p, id, dto.decision, dto.resolution);
  }

  /** 无效异议: marked as spam with a reason (audited); the firm's payment is no longer held by it. */
  @Post('objections/:id/spam')
  @HttpCode(200)
  @ApiBearerAuth()
  @Roles('dept_reviewer')
  spam(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: SpamDto) {
    return this.objectionService.markSpam(p, id, dto.reason);
  }
}
