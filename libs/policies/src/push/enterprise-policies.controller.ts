import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiParam, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBooleanString, IsIn, IsInt, IsObject, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { CurrentUser, PageQueryDto, Principal, Public, Roles } from '@app/core';
import { CalculatorService } from '../calculator/calculator.service';
import { CalculatorResultDto } from '../calculator/dto/calculator-result.dto';
import { InboxService } from './inbox.service';
import { NoticeService } from './notice.service';

export class MyPoliciesQueryDto {
  @IsOptional() @IsIn(['amount', 'deadline']) sort?: 'amount' | 'deadline';

  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page: number = 1;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200, description: '每页条数（可享受与差一点符合两个列表各取一页）' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize: number = 50;
}

export class InboxQueryDto extends PageQueryDto {
  @IsOptional() @IsBooleanString() unread?: string;
}

export class NoticeQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: '只看某一申请的通知' })
  @IsOptional()
  @IsUUID()
  applicationId?: string;
}

export class NoticeDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: '类别', example: 'confirm_account' }) kind: string;
  @ApiProperty({ description: '标题', example: '请确认收款账户' }) title: string;
  @ApiProperty({ description: '正文' }) body: string;
  @ApiProperty({ nullable: true, type: String }) itemId: string | null;
  @ApiProperty({ nullable: true, type: String }) applicationId: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) readAt: string | null;
}

class NoticePageDto {
  @ApiProperty({ type: [NoticeDto] }) items: NoticeDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class CalculatorDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: '企业信息（条件项见 GET /facts；金额单位：分）', example: { revenue: 3200000000, tags: ['hitech'], districtCode: '410105' } })
  @IsObject()
  facts: Record<string, unknown>;
}

@ApiTags('me 企业端：我的政策')
@Controller()
export class EnterprisePoliciesController {
  constructor(
    private readonly inbox: InboxService,
    private readonly calculator: CalculatorService,
    private readonly notices: NoticeService,
  ) {}

  /**
   * Items my enterprise qualifies for (with estimates) and near misses (with what is lacking), a page
   * of each, with the totals (how many, and the estimated sum of everything I qualify for).
   */
  @ApiBearerAuth()
  @Get('me/policies')
  @Roles('enterprise')
  myPolicies(@CurrentUser() u: Principal, @Query() q: MyPoliciesQueryDto) {
    return this.inbox.myPolicies(u, q.sort ?? 'amount', q.page, q.pageSize);
  }

  /** One item in detail: every condition in plain Chinese with my values, materials, window, contact. */
  @ApiBearerAuth()
  @Get('me/policies/:itemId')
  @Roles('enterprise')
  myPolicy(@CurrentUser() u: Principal, @Param('itemId') itemId: string) {
    return this.inbox.myPolicy(u, itemId);
  }

  @ApiBearerAuth()
  @Get('me/inbox')
  @Roles('enterprise')
  myInbox(@CurrentUser() u: Principal, @Query() q: InboxQueryDto) {
    return this.inbox.inbox(u, q.page, q.pageSize, q.unread === 'true');
  }

  /** 办理通知: what the platform told my enterprise about its applications (also part of the inbox), newest first. */
  @ApiBearerAuth()
  @Get('me/notices')
  @Roles('enterprise')
  @ApiOkResponse({ type: NoticePageDto })
  myNotices(@CurrentUser() u: Principal, @Query() q: NoticeQueryDto) {
    return this.notices.list(u, q.page, q.pageSize, { applicationId: q.applicationId });
  }

  @ApiBearerAuth()
  @Post('me/inbox/:id/read')
  @ApiParam({ name: 'id', description: '消息编号：消息列表中的 id（政策推送为事项版本编号，办理通知为通知编号）' })
  @Roles('enterprise')
  @HttpCode(204)
  read(@CurrentUser() u: Principal, @Param('id') id: string) {
    return this.inbox.mark(u, id, 'read');
  }

  @ApiBearerAuth()
  @Post('me/inbox/:id/dismiss')
  @ApiParam({ name: 'id', description: '消息编号：消息列表中的 id（政策推送为事项版本编号，办理通知为通知编号）' })
  @Roles('enterprise')
  @HttpCode(204)
  dismiss(@CurrentUser() u: Principal, @Param('id') id: string) {
    return this.inbox.mark(u, id, 'dismissed');
  }

  /** 政策计算器: hypothetical facts in, qualifying items out. No account needed; nothing stored. */
  @Public()
  @Post('calculator')
  @HttpCode(200)
  @ApiOkResponse({ type: CalculatorResultDto })
  calculate(@Body() body: CalculatorDto) {
    return this.calculator.calculate(body.facts);
  }
}
