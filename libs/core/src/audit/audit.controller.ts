import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { AuditService } from './audit.service';
import { AuditQueryDto } from './dto/audit.dto';
import { AuditEntryPageDto, AuditVerificationDto } from './dto/audit-view.dto';

@ApiTags('audit 审计日志')
@ApiBearerAuth()
@Controller('audit')
@Roles('auditor', 'admin')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Newest first, filtered by object and actor. */
  @Get('entries')
  @ApiOkResponse({ type: AuditEntryPageDto })
  list(@Query() q: AuditQueryDto): Promise<AuditEntryPageDto> {
    return this.audit.list(q);
  }

  /** Recomputes the hash chain; reports the first tampered entry. */
  @Get('verify')
  @ApiOkResponse({ type: AuditVerificationDto })
  verify(): Promise<AuditVerificationDto> {
    return this.audit.verify();
  }
}
