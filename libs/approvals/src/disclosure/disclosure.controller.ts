import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Req, UseInterceptors } from '@nestjs/common';
import type { Request } from 'express';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { CurrentUser, PageQueryDto, Principal, Public, Roles } from '@app/core';
import { PublishedResults } from '../results/published-results.service';
import { filterQuery } from '../results/results-page';
import { renderDisclosureHistory, renderDisclosureIndex, renderDisclosureRound, renderEndedRound } from './disclosure-page';
import { DisclosureService } from './disclosure.service';
import { ContactCodeIssuedDto, DisclosureRoundDetailDto, DisclosureRoundDto, ObjectionReceiptDto } from './dto/disclosure-view.dto';
import { ObjectionAuditInterceptor } from './objection-audit.interceptor';
import { OBJECTION_CATEGORIES, ObjectionCategory, ObjectionService } from './objection.service';

const PHONE = /^1[3-9]\d{9}$/;

class OpenRoundDto {
  @ApiProperty()
  @IsUUID()
  itemId: string;

  @ApiPropertyOptional({ description: '公示期（工作日），默认按配置' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(30)
  workingDays?: number;
}

class ContactCodeDto {
  @ApiProperty({ description: '提出异议人的手机号（接收短信验证码）', example: '13912345678' })
  @IsString()
  @Matches(PHONE, { message: '手机号应为 11 位大陆手机号码' })
  phone: string;
}

class ObjectionDto {
  @ApiProperty()
  @IsUUID()
  applicationId: string;

  @ApiProperty()
  @IsString()
  @Length(1, 50)
  contactName: string;

  @ApiPropertyOptional({ enum: Object.keys(OBJECTION_CATEGORIES), description: '异议类型（企业只看到类型，看不到异议内容和异议人）' })
  @IsOptional()
  @IsIn(Object.keys(OBJECTION_CATEGORIES))
  category?: ObjectionCategory;

  @ApiProperty()
  @IsString()
  @Length(5, 2000)
  reason: string;

  @ApiPropertyOptional({ description: '未登录时必填：获取验证码返回的 verificationId' })
  @IsOptional()
  @IsUUID()
  verificationId?: string;

  @ApiPropertyOptional({ description: '未登录时必填：短信验证码' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: '验证码为 6 位数字' })
  code?: string;
}

class SpamDto {
  @ApiProperty({ description: '标记为无效异议的理由（审计）' })
  @IsString()
  @Length(2, 500)
  reason: string;
}

class ResolveDto {
  @ApiProperty({ enum: ['upheld', 'dismissed'] })
  @IsIn(['upheld', 'dismissed'])
  decision: 'upheld' | 'dismissed';

  @ApiProperty()
  @IsString()
  @Length(2, 2000)
  resolution: string;
}

class ObjectionQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'upheld', 'dismissed', 'spam'] })
  @IsOptional()
  @IsIn(['open', 'upheld', 'dismissed', 'spam'])
  status?: string;
}

class HistoryQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: '兑现事项 id' })
  @IsOptional()
  @IsUUID()
  itemId?: string;

  @ApiPropertyOptional({ description: '主管部门代码' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  department?: string;

  @ApiPropertyOptional({ description: '公示截止不早于：YYYY-MM 或 YYYY-MM-DD' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}(-\d{2})?$/, { message: 'from 应为 YYYY-MM 或 YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ description: '公示截止不晚于：YYYY-MM 或 YYYY-MM-DD' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}(-\d{2})?$/, { message: 'to 应为 YYYY-MM 或 YYYY-MM-DD' })
  to?: string;
}

class RoundOutcomeDto {
  @ApiProperty({ description: '已兑付' }) paid: number;
  @ApiProperty({ description: '已确认待拨付' }) confirmed: number;
  @ApiProperty({ description: '异议成立不予兑现' }) rejected: number;
  @ApiProperty({ description: '逾期未确认或放弃' }) lapsed: number;
  @ApiProperty({ description: '待企业确认' }) waiting: number;
  @ApiProperty({ description: '异议件数' }) objections: number;
  @ApiProperty({ description: '异议成立' }) upheld: number;
  @ApiProperty({ description: '异议不成立' }) dismissed: number;
  @ApiProperty({ description: '异议核查中' }) openObjections: number;
}

class EndedRoundDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: '兑现事项' }) itemName: string;
  @ApiProperty() departmentCode: string;
  @ApiProperty() openedAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty({ description: '公示期（工作日）' }) workingDays: number;
  @ApiProperty({ description: '公示企业数' }) entries: number;
  @ApiProperty({ type: RoundOutcomeDto, description: '公示结果' }) outcome: RoundOutcomeDto;
}

class EndedRoundPageDto {
  @ApiProperty({ type: [EndedRoundDto] }) items: EndedRoundDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

class EndedEntryDto {
  @ApiProperty() enterpriseName: string;
  @ApiProperty() itemName: string;
  @ApiProperty() amountFen: number;
  @ApiProperty() amountText: string;
  @ApiProperty({ description: '结果', example: '已兑付' }) result: string;
}

class EndedObjectionDto {
  @ApiProperty({ description: '涉及企业' }) enterpriseName: string;
  @ApiProperty({ enum: ['open', 'upheld', 'dismissed'] }) status: string;
  @ApiProperty({ description: '处理结论', example: '异议不成立' }) statusLabel: string;
  @ApiProperty({ nullable: true, type: String, description: '处理意见' }) resolution: string | null;
  @ApiProperty() raisedAt: string;
  @ApiProperty({ nullable: true, type: String }) resolvedAt: string | null;
}

class EndedRoundDetailDto extends EndedRoundDto {
  @ApiProperty({ type: [EndedEntryDto] }) list: EndedEntryDto[];
  @ApiProperty({ type: [EndedObjectionDto], description: '异议及处理（不含异议人联系方式）' }) objections: EndedObjectionDto[];
}

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
  objections(@CurrentUser() p: Principal, @Query() q: ObjectionQueryDto) {
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
