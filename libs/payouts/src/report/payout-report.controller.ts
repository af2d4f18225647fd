import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Response } from 'express';
import { IsAcceptedDate, Roles } from '@app/core';
import { PAYOUT_READERS } from '../payout.roles';
import { PaidReportDto } from './dto/paid-report.dto';
import { PayoutReportService, REPORT_GROUPINGS, ReportGrouping } from './payout-report.service';

export class PaidReportQueryDto {
  @ApiPropertyOptional({ enum: REPORT_GROUPINGS, default: 'item' }) @IsOptional() @IsIn(REPORT_GROUPINGS) groupBy?: ReportGrouping;
  @ApiPropertyOptional({ example: '2026-11-01' }) @IsOptional() @IsAcceptedDate() from?: string;
  @ApiPropertyOptional({ example: '2026-11-30' }) @IsOptional() @IsAcceptedDate() to?: string;
}

@ApiTags('payouts 兑付中心：统计报表')
@ApiBearerAuth()
@Controller('payouts/reports')
export class PayoutReportController {
  constructor(private readonly reports: PayoutReportService) {}

  @Get('paid')
  @Roles(...PAYOUT_READERS)
  @ApiOkResponse({ type: PaidReportDto })
  paid(@Query() q: PaidReportQueryDto): Promise<PaidReportDto> {
    return this.reports.paid(q.groupBy ?? 'item', { from: q.from, to: q.to });
  }

  @Get('paid.xlsx')
  @Roles(...PAYOUT_READERS)
  async xlsx(@Query() q: PaidReportQueryDto, @Res() res: Response) {
    const buf = await this.reports.exportXlsx({ from: q.from, to: q.to });
    res
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .setHeader('content-disposition', `attachment; filename="payouts-paid.xlsx"; filename*=UTF-8''${encodeURIComponent('兑付统计.xlsx')}`)
      .send(buf);
  }
}
