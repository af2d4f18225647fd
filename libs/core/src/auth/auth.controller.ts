import { Body, Controller, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { WithoutIdempotency } from '../http/idempotency.interceptor';
import { CurrentUser, Public, Roles } from './auth.decorators';
import type { AuthenticatedRequest } from './auth.guard';
import { AuthService } from './auth.service';
import { LoggedOutDto, LoginResultDto, PrincipalDto } from './dto/auth-response.dto';
import { Principal, Role, ROLES } from './roles';
import { UsersService } from './users.service';

export class LoginDto {
  @ApiProperty({ example: 'keji_editor' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username: string;

  @ApiProperty({ example: 'demo12345' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password: string;
}

export class RefreshDto {
  @ApiProperty({ description: '登录或上次刷新返回的 refreshToken（一次有效）' })
  @IsString()
  @Length(1, 200)
  refreshToken: string;
}

export class LogoutDto {
  @ApiPropertyOptional({ description: '访问令牌已过期时，用 refreshToken 注销其会话' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  refreshToken?: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @Length(1, 256)
  currentPassword: string;

  @ApiProperty({ minLength: 8 })
  @IsString()
  @Length(8, 256)
  newPassword: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @Length(1, 32)
  departmentCode?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  enterpriseId?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiProperty({ description: '变更理由（审计）' })
  @IsString()
  @Length(2, 500)
  reason: string;
}

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
