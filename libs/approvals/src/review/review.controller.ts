import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, DEPARTMENT_SCOPED_ROLES, DomainError, Principal, Roles } from '@app/core';
import { FundPoolRepository } from '../pool/fund-pool.repository';
import { ReviewService } from './review.service';
import { DecisionDto, QueueQueryDto, BatchApproveDto } from './dto/review.dto';
import { BatchApprovalDto, ReviewQueuePageDto } from './dto/review-view.dto';

/** 审核: the department's queue, single decisions, batch approval with a spot-check sample, fund pools. */
@ApiTags('review')
@ApiBearerAuth()
@Controller()
export class ReviewController {
  constructor(
    private readonly review: ReviewService,
    private readonly pools: FundPoolRepository,
  ) {}

  @Get('review/queue')
  @Roles('dept_reviewer')
  @ApiOkResponse({ type: ReviewQueuePageDto })
  queue(@CurrentUser() p: Principal, @Query() q: QueueQueryDto): Promise<ReviewQueuePageDto> {
    return this.review.queue(p, { itemId: q.itemId, state: q.state, flagged: q.flagged === undefined ? undefined : q.flagged === 'true', page: q.page, pageSize: q.pageSize });
  }

  @Post('applications/:id/decision')
  @HttpCode(200)
  @Roles('dept_reviewer')
  decide(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: DecisionDto) {
    return this.review.decide(p, id, dto.decision, dto.comment ?? null);
  }

  @Post('review/batch-approve')
  @HttpCode(200)
  @Roles('dept_reviewer')
  @ApiOkResponse({ type: BatchApprovalDto })
  batchApprove(@CurrentUser() p: Principal, @Body() dto: BatchApproveDto): Promise<BatchApprovalDto> {
    return this.review.batchApprove(p, { itemId: dto.itemId, ids: dto.ids, minAmountFen: dto.minAmountFen, maxAmountFen: dto.maxAmountFen }, dto.comment ?? null);
  }

  @Get('fund-pools')
  @Roles('dept_reviewer', 'dept_editor', 'finance_maker', 'finance_checker', 'leader', 'auditor')
  listPools(@CurrentUser() p: Principal) {
    return this.pools.list(DEPARTMENT_SCOPED_ROLES.includes(p.role) ? p.departmentCode : null);
  }

  @Get('fund-pools/:itemId')
  @Roles('dept_reviewer', 'dept_editor', 'finance_maker', 'finance_checker', 'leader', 'auditor')
  async pool(@CurrentUser() p: Principal, @Param('itemId') itemId: string) {
    const pool = await this.pools.get(itemId);
    if (!pool || (DEPARTMENT_SCOPED_ROLES.includes(p.role) && pool.departmentCode !== p.departmentCode)) {
      throw new DomainError('FUND_POOL.NOT_FOUND', '资金池不存在或无权访问', { itemId });
    }
    return pool;
  }
}
