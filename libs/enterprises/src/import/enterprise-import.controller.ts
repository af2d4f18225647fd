import { Controller, HttpCode, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import { AuditService, CurrentUser, DomainError, Principal, Roles } from '@app/core';
import { EnterpriseImportService } from './enterprise-import.service';
import { formatOf } from './record-sources';

const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

@ApiTags('enterprises 一企一档')
@ApiBearerAuth()
@Controller('enterprises/import')
export class EnterpriseImportController {
  constructor(
    private readonly importer: EnterpriseImportService,
    private readonly audit: AuditService,
  ) {}

  /** Upload a CSV, XLSX or NDJSON file (field `file`); returns the row-level report. */
  @Post()
  @HttpCode(200)
  @Roles('admin')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } }))
  async upload(@CurrentUser() user: Principal, @UploadedFile() file?: Express.Multer.File) {
    if (!file) throw new DomainError('IMPORT.FILE_REQUIRED', '请上传文件（字段名 file）');
    const format = formatOf(file.originalname);
    if (!format) throw new DomainError('IMPORT.UNSUPPORTED_FORMAT', '仅支持 .csv、.xlsx、.ndjson 文件', { filename: file.originalname });
    const report = await this.importer.import(Readable.from(file.buffer), format, user);
    await this.audit.record({
      actor: user,
      action: 'enterprise.import',
      targetType: 'enterprise',
      details: { filename: file.originalname, rows: report.rows, created: report.created, updated: report.updated, invalid: report.invalid },
    });
    return report;
  }
}
