import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';
import { CurrentUser, DEPARTMENT_SCOPED_ROLES, DomainError, PageQueryDto, Principal, Roles } from '@app/core';
import { FundPoolRepository } from '../pool/fund-pool.repository';
import { ReviewService } from './review.service';

class DecisionDto {
  @ApiProperty({ enum: ['accept', 'approve', 'reject', 'return'] })
  @IsIn(['accept', 'approve', 'reject', 'return'])
  decision: 'accept' | 'approve' | 'reject' | 'return';

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  comment?: string;
}

class QueueQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  itemId?: string;

  @ApiPropertyOptional({ enum: ['pre_qualified', 'submitted', 'under_review', 'objection_raised'] })
  @IsOptional()
  @IsIn(['pre_qualified', 'submitted', 'under_review', 'objection_raised'])
  state?: string;

  @ApiPropertyOptional({ description: 'true：只看依据了人工修改数据的申请（已标记）；false：只看其余', enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  flagged?: 'true' | 'false';
}

class BatchApproveDto {
  @ApiProperty()
  @IsUUID()
  itemId: string;

  @ApiPropertyOptional({ description: '选中的申请；不填则为符合筛选条件的全部预审通过申请' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200_000)
  @IsUUID('all', { each: true })
  ids?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  minAmountFen?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  maxAmountFen?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  comment?: string;
}

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
  queue(@CurrentUser() p: Principal, @Query() q: QueueQueryDto) {
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
  batchApprove(@CurrentUser() p: Principal, @Body() dto: BatchApproveDto) {
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
