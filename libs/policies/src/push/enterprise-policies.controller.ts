import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal, Public, Roles } from '@app/core';
import { CalculatorService } from '../calculator/calculator.service';
import { CalculatorResultDto } from '../calculator/dto/calculator-result.dto';
import { InboxService } from './inbox.service';
import { NoticeService } from './notice.service';
import { MyPoliciesQueryDto, InboxQueryDto, NoticeQueryDto, NoticePageDto, CalculatorDto } from './dto/enterprise-policies.dto';
import { InboxPageDto, MyPoliciesDto, MyPolicyDetailDto } from './dto/my-policy-view.dto';

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
  @ApiOkResponse({ type: MyPoliciesDto })
  myPolicies(@CurrentUser() u: Principal, @Query() q: MyPoliciesQueryDto): Promise<MyPoliciesDto> {
    return this.inbox.myPolicies(u, q.sort ?? 'amount', q.page, q.pageSize);
  }

  /** One item in detail: every condition in plain Chinese with my values, materials, window, contact. */
  @ApiBearerAuth()
  @Get('me/policies/:itemId')
  @Roles('enterprise')
  @ApiOkResponse({ type: MyPolicyDetailDto })
  myPolicy(@CurrentUser() u: Principal, @Param('itemId') itemId: string): Promise<MyPolicyDetailDto> {
    return this.inbox.myPolicy(u, itemId);
  }

  @ApiBearerAuth()
  @Get('me/inbox')
  @Roles('enterprise')
  @ApiOkResponse({ type: InboxPageDto })
  myInbox(@CurrentUser() u: Principal, @Query() q: InboxQueryDto): Promise<InboxPageDto> {
    return this.inbox.inbox(u, q.page, q.pageSize, q.unread === 'true');
  }

  /** 办理通知: what the platform told my enterprise about its applications (also part of the inbox), newest first. */
  @ApiBearerAuth()
  @Get('me/notices')
  @Roles('enterprise')
  @ApiOkResponse({ type: NoticePageDto })
  myNotices(@CurrentUser() u: Principal, @Query() q: NoticeQueryDto): Promise<NoticePageDto> {
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
  calculate(@Body() body: CalculatorDto): Promise<CalculatorResultDto> {
    return this.calculator.calculate(body.facts);
  }
}
