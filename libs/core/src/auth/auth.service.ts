import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainError } from '../errors/domain-error';
import { LoginRateLimiter } from './login-rate-limiter';
import { Principal } from './roles';
import { toPrincipal, UsersService } from './users.service';

export interface LoginResult {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: Principal;
}

@Injectable()
export class AuthService {
  /** Per account: slows guessing one password. Per address: ten times looser, for offices behind one NAT. */
  private readonly perUser: LoginRateLimiter;
  private readonly perAddress: LoginRateLimiter;

  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.perUser = new LoginRateLimiter(config.loginRateLimit);
    this.perAddress = new LoginRateLimiter(config.loginRateLimit * 10);
  }

  async login(username: string, password: string, ip: string): Promise<LoginResult> {
    const userKey = [`user:${username.toLowerCase()}`];
    const ipKey = [`ip:${ip}`];
    this.perUser.check(userKey);
    this.perAddress.check(ipKey);
    const user = await this.users.checkPassword(username, password);
    if (!user) {
      this.perUser.fail(userKey);
      this.perAddress.fail(ipKey);
      await this.audit.record({
        actor: null,
        action: 'auth.login_failed',
        outcome: 'denied',
        details: { username, ip },
      });
      throw new DomainError('AUTH.INVALID_CREDENTIALS', '用户名或密码错误');
    }
    this.perUser.succeed(userKey);
    const principal = toPrincipal(user);
    await this.audit.record({ actor: principal, action: 'auth.login', targetType: 'user', targetId: user.id, details: { ip } });
    return {
      accessToken: await this.jwt.signAsync({ ...principal }, { expiresIn: this.config.jwt.ttlSeconds, subject: user.id }),
      tokenType: 'Bearer',
      expiresIn: this.config.jwt.ttlSeconds,
      user: principal,
    };
  }
}
