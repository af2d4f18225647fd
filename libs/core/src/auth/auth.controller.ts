import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { Request } from 'express';
import { CurrentUser, Public } from './auth.decorators';
import { AuthService } from './auth.service';
import { LoginResultDto, PrincipalDto } from './dto/auth-response.dto';
import type { Principal } from './roles';

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

@ApiTags('auth 登录')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResultDto })
  login(@Body() dto: LoginDto, @Req() req: Request) {
    return this.auth.login(dto.username, dto.password, req.ip ?? 'unknown');
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOkResponse({ type: PrincipalDto })
  me(@CurrentUser() user: Principal): Principal {
    return user;
  }
}
