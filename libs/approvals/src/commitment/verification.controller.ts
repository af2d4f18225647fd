import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@app/core';
import { CommitmentVerificationService } from './verification.service';
import { VerificationQueryDto, VerificationDecisionDto, CreditRecordQueryDto, VerificationDto, VerificationPageDto } from './dto/verification.dto';

/** 承诺兑现: the department's post-verification tasks and their results; firms' credit records. */
@ApiTags('commitment 承诺兑现')
@ApiBearerAuth()
@Controller()
export class VerificationController {
  constructor(private readonly verifications: CommitmentVerificationService) {}

  @Get('verifications')
  @Roles('dept_reviewer', 'dept_editor', 'leader', 'auditor', 'admin')
  @ApiOkResponse({ type: VerificationPageDto })
  list(@CurrentUser() p: Principal, @Query() q: VerificationQueryDto) {
    return this.verifications.list(p, q);
  }

  @Post('verifications/:id/decision')
  @HttpCode(200)
  @Roles('dept_reviewer')
  @ApiOkResponse({ type: VerificationDto })
  decide(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: VerificationDecisionDto) {
    return this.verifications.decide(p, id, dto);
  }

  @Get('credit/records')
  @Roles('enterprise', 'dept_reviewer', 'leader', 'auditor', 'admin')
  records(@CurrentUser() p: Principal, @Query() q: CreditRecordQueryDto) {
    return this.verifications.creditRecords(p, q.enterpriseId, q.page, q.pageSize);
  }
}
