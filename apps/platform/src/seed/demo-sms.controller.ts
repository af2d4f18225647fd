import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { FakeVerificationSender, VERIFICATION_SENDER, VerificationSender } from '@app/approvals';
import { APP_CONFIG, AppConfig, CurrentUser, DomainError, Principal, Public } from '@app/core';

export class DemoSmsQueryDto {
  @ApiPropertyOptional({ description: '手机号（公示异议的联系人）', example: '13912345678' })
  @IsOptional()
  @Matches(/^1[3-9]\d{9}$/, { message: '手机号应为 11 位大陆手机号码' })
  phone?: string;
}

export class DemoSmsDto {
  @ApiProperty({ description: '演示模式时为 true；否则从不返回验证码' }) enabled: boolean;
  @ApiProperty({ type: String, nullable: true, description: '最近一条短信验证码（演示用的模拟短信网关收到的）' }) code: string | null;
}

/**
 * 演示短信收件箱: in the demo mode the SMS gateway is a fake, so a person trying the console reads
 * the verification code here — the code a phone (an objector) or the signed-in firm's registered
 * contact last received. Only with SEED_DEMO and the fake sender (production refuses SEED_DEMO).
 */
@ApiTags('demo 演示')
@Controller('demo/sms')
export class DemoSmsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(VERIFICATION_SENDER) private readonly sender: VerificationSender,
  ) {}

  private fake(): FakeVerificationSender | null {
    return this.config.seedDemo && this.sender instanceof FakeVerificationSender ? this.sender : null;
  }

  /** The last code sent to a phone number. */
  @Public()
  @Get()
  @ApiOkResponse({ type: DemoSmsDto })
  byPhone(@Query() q: DemoSmsQueryDto): DemoSmsDto {
    const fake = this.fake();
    if (!fake) return { enabled: false, code: null };
    if (!q.phone) throw new DomainError('VALIDATION.FAILED', '请提供手机号');
    return { enabled: true, code: fake.lastCodeByPhone.get(q.phone) ?? null };
  }

  /** The last code sent to the signed-in firm's registered contact (账户确认/变更). */
  @Get('mine')
  @ApiOkResponse({ type: DemoSmsDto })
  mine(@CurrentUser() p: Principal): DemoSmsDto {
    const fake = this.fake();
    if (!fake || !p.enterpriseId) return { enabled: Boolean(fake), code: null };
    return { enabled: true, code: fake.lastCode.get(p.enterpriseId) ?? null };
  }
}
