import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Req, UseInterceptors } from '@nestjs/common';
import type { Request } from 'express';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { CurrentUser, Principal, Public, Roles } from '@app/core';
import { renderDisclosureIndex, renderDisclosureRound } from './disclosure-page';
import { DisclosureService } from './disclosure.service';
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

/** 公示: public lists and objections (no login), rounds and objection handling (reviewers). */
@ApiTags('disclosures')
@Controller()
export class DisclosureController {
  constructor(
    private readonly disclosure: DisclosureService,
    private readonly objectionService: ObjectionService,
  ) {}

  @Get('disclosures')
  @Public()
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

  @Get('disclosures/:roundId/page')
  @Public()
  @Header('content-type', 'text/html; charset=utf-8')
  async roundPage(@Param('roundId') roundId: string) {
    return renderDisclosureRound(await this.disclosure.publicRound(roundId));
  }

  @Get('disclosures/:roundId')
  @Public()
  round(@Param('roundId') roundId: string) {
    return this.disclosure.publicRound(roundId);
  }

  /** Step 1 without a login: a code by SMS to the objector's phone (limited per phone and per source). */
  @Post('disclosures/:roundId/objections/contact-code')
  @Public()
  @UseInterceptors(ObjectionAuditInterceptor)
  contactCode(@Param('roundId') roundId: string, @Body() dto: ContactCodeDto, @Req() req: Request & { user?: Principal }) {
    return this.objectionService.requestContactCode(roundId, dto.phone, req.ip ?? 'unknown');
  }

  /** An objection: with the code of step 1, or logged in. */
  @Post('disclosures/:roundId/objections')
  @Public()
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
