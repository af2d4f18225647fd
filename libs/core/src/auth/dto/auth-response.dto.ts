import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES } from '../roles';
import type { Role } from '../roles';

/** The caller as the API sees it (what the JWT carries). */
export class PrincipalDto {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiPropertyOptional({ type: String, nullable: true }) departmentCode: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) enterpriseId: string | null;
}

export class LoginResultDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ description: '访问令牌有效期（秒）' }) expiresIn: number;
  @ApiProperty({ description: '刷新令牌（一次有效，用 POST /auth/refresh 换取新的一对令牌）' }) refreshToken: string;
  @ApiProperty({ description: '刷新令牌有效期（秒）' }) refreshExpiresIn: number;
  @ApiProperty({ type: PrincipalDto }) user: PrincipalDto;
}

export class LoggedOutDto {
  @ApiProperty({ description: '是否结束了一个会话' }) loggedOut: boolean;
}
