import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { AppealClock } from '@app/appeals';
import { ApprovalClock } from '@app/approvals';
import { PayoutClock } from '@app/payouts';
import { APP_CONFIG, AppConfig, AuditService, CurrentUser, DomainError, Principal, Public, Roles } from '@app/core';

export class DemoClockAdvanceDto {
  @ApiProperty({ description: '向前拨动的天数（日历日，1–60）', example: 8 })
  @IsInt()
  @Min(1)
  @Max(60)
  days: number;
}

export class DemoClockDto {
  @ApiProperty({ description: '演示模式时为 true；否则时钟不可拨动' }) enabled: boolean;
  @ApiProperty({ description: '平台当前时间（审批与诉求时钟）' }) now: string;
}

/**
 * 演示时钟: in the demo a person walking a 免申即享 journey through the console cannot wait the five
 * working days of a 公示 or the ten of a confirmation period, so an administrator may move the
 * platform's clocks (approval, payouts and appeals — deadlines, 公示 ends, confirmation periods) forward. Only
 * with SEED_DEMO (production refuses it); every move is audited. The deadline job then runs on its
 * schedule, or at once through `POST /supervision/run`.
 */
@ApiTags('demo 演示')
@Controller('demo/clock')
export class DemoClockController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly approvals: ApprovalClock,
    private readonly appeals: AppealClock,
    private readonly payouts: PayoutClock,
    private readonly audit: AuditService,
  ) {}

  @Public()
  @Get()
  @ApiOkResponse({ type: DemoClockDto })
  read(): DemoClockDto {
    return { enabled: this.config.seedDemo, now: this.approvals.now().toISOString() };
  }

  @Post('advance')
  @Roles('admin')
  @HttpCode(200)
  @ApiOkResponse({ type: DemoClockDto })
  async advance(@CurrentUser() p: Principal, @Body() dto: DemoClockAdvanceDto): Promise<DemoClockDto> {
    if (!this.config.seedDemo) throw new DomainError('DEMO.DISABLED', '仅演示模式可以拨动平台时钟');
    const before = this.approvals.now().toISOString();
    const ms = dto.days * 86_400_000;
    this.approvals.advance(ms);
    this.appeals.advance(ms);
    this.payouts.advance(ms);
    await this.audit.record({ actor: p, action: 'demo.clock_advance', targetType: 'clock', targetId: 'platform', before: { now: before }, after: { now: this.approvals.now().toISOString(), days: dto.days } });
    return this.read();
  }
}
