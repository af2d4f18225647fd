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
  @ApiProperty({ description: '有效期（秒）' }) expiresIn: number;
  @ApiProperty({ type: PrincipalDto }) user: PrincipalDto;
}
