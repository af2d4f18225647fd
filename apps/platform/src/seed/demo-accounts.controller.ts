import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, AppConfig, Public, ROLE_LABELS, ROLES } from '@app/core';
import type { Role } from '@app/core';
import { DEMO_PASSWORD, DemoSeedService } from './demo-seed.service';

export class DemoAccountDto {
  @ApiProperty() username: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ example: '财政经办' }) roleLabel: string;
  @ApiProperty() displayName: string;
}

export class DemoAccountsDto {
  @ApiProperty({ description: '演示模式（SEED_DEMO=true）时为 true；否则不列出任何账号' }) enabled: boolean;
  @ApiProperty({ type: String, nullable: true, description: '演示账号的共同密码' }) password: string | null;
  @ApiProperty({ type: [DemoAccountDto] }) accounts: DemoAccountDto[];
}

/**
 * The demo logins for the console's login page — only in the demo mode (`npm start` seeds them);
 * a deployment without SEED_DEMO lists nothing.
 */
@ApiTags('demo 演示')
@Controller('demo')
export class DemoAccountsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly seed: DemoSeedService,
  ) {}

  @Public()
  @Get('accounts')
  @ApiOkResponse({ type: DemoAccountsDto })
  accounts(): DemoAccountsDto {
    if (!this.config.seedDemo) return { enabled: false, password: null, accounts: [] };
    const users = this.seed.seededUsers();
    return { enabled: true, password: DEMO_PASSWORD, accounts: users.map((u) => ({ ...u, roleLabel: ROLE_LABELS[u.role] })) };
  }
}
