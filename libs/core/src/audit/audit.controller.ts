import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { AuditService } from './audit.service';
import { AuditQueryDto } from './dto/audit.dto';

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
