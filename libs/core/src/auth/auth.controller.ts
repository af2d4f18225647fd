import { Body, Controller, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { WithoutIdempotency } from '../http/idempotency.interceptor';
import { CurrentUser, Public, Roles } from './auth.decorators';
import type { AuthenticatedRequest } from './auth.guard';
import { AuthService } from './auth.service';
import { LoggedOutDto, LoginResultDto, PrincipalDto } from './dto/auth-response.dto';
import { Principal } from './roles';
import { UsersService } from './users.service';
import { LoginDto, RefreshDto, LogoutDto, ChangePasswordDto, UpdateUserDto } from './dto/auth-request.dto';

const sourceOf = (req: AuthenticatedRequest) => req.ip ?? 'unknown';

@ApiTags('auth 登录')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  /** `{ accessToken, tokenType, expiresIn, refreshToken, refreshExpiresIn, user }`. */
  @Public()
  @Post('auth/login')
  @WithoutIdempotency() // the answer carries tokens: never stored
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResultDto })
  login(@Body() dto: LoginDto, @Req() req: AuthenticatedRequest) {
    return this.auth.login(dto.username, dto.password, sourceOf(req));
  }

  /** Spends the refresh token for a new pair (same shape as login). A spent token again ends the session. */
  @Public()
  @Post('auth/refresh')
  @WithoutIdempotency() // the answer carries tokens: never stored
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResultDto })
  refresh(@Body() dto: RefreshDto, @Req() req: AuthenticatedRequest) {
    return this.auth.refresh(dto.refreshToken, sourceOf(req));
  }

  /** Ends the session of the bearer token (or of `refreshToken`): both stop working at once. */
  @Public()
  @Post('auth/logout')
  @WithoutIdempotency()
  @HttpCode(200)
  @ApiOkResponse({ type: LoggedOutDto })
  logout(@Body() dto: LogoutDto, @Req() req: AuthenticatedRequest) {
    return this.auth.logout(req.user ? { ...req.user, sessionId: req.sessionId } : null, dto.refreshToken, sourceOf(req));
  }

  /** Changes the caller's password: every session of the account ends; the answer is a new login. */
  @ApiBearerAuth()
  @Post('auth/password')
  @WithoutIdempotency() // the answer carries tokens: never stored
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResultDto })
  changePassword(@CurrentUser() p: Principal, @Body() dto: ChangePasswordDto, @Req() req: AuthenticatedRequest) {
    return this.auth.changePassword(p, dto.currentPassword, dto.newPassword, sourceOf(req));
  }

  @ApiBearerAuth()
  @Get('auth/me')
  @ApiOkResponse({ type: PrincipalDto })
  me(@CurrentUser() user: Principal): Principal {
    return user;
  }

  /** Role, scope or status of an account (admin); the account's sessions end at once. */
  @ApiBearerAuth()
  @Roles('admin')
  @Patch('users/:id')
  update(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: UpdateUserDto) {
    const { reason, ...change } = dto;
    return this.users.update(p, id, change, reason);
  }
}
