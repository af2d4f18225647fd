import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { Role, ROLES } from '../roles';

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
