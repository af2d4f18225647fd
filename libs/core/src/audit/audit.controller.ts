import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { Roles } from '../auth/auth.decorators';
import { AuditService } from './audit.service';

export class AuditQueryDto {
  @IsOptional() @IsString() targetType?: string;
  @IsOptional() @IsString() targetId?: string;
  @IsOptional() @IsString() actorId?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit = 50;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset = 0;
}

@ApiTags('audit 审计日志')
@ApiBearerAuth()
@Controller('audit')
@Roles('auditor', 'admin')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('entries')
  list(@Query() q: AuditQueryDto) {
    return this.audit.list(q);
  }

  /** Recomputes the hash chain; reports the first tampered entry. */
  @Get('verify')
  verify() {
    return this.audit.verify();
  }
}
