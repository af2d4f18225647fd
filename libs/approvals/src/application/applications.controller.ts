import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Principal, Roles } from '@app/core';
import { ConfirmationDeadlines } from '../deadline/confirmation-deadlines.service';
import { ConfirmationService } from '../disclosure/confirmation.service';
import { SupervisionService } from '../supervision/supervision.service';
import { ApplicationsService } from './applications.service';
import { COMMITMENT_TEXTS, CURRENT_COMMITMENT_VERSION, MaterialsService } from './materials.service';
import {
  AccountChangeDto, ApplicationQueryDto, CommitmentDto, ConfirmDto, CreateApplicationDto, RatingDto, ReasonDto, ReopenDecisionDto, ReopenDto, UploadMaterialDto,
} from './dto/application.dto';

/** Hard cap for the multipart parser; the configured limit is checked with a coded error. */
const MULTIPART_CAP = 50 * 1024 * 1024;
const READERS = ['enterprise', 'dept_reviewer', 'dept_editor', 'finance_maker', 'finance_checker', 'leader', 'auditor'] as const;

/** The firm's application: apply, materials, commitment, submit, withdraw, confirm, rate; everyone's read side (全程透明). */
@ApiTags('applications')
@ApiBearerAuth()
@Controller('applications')
export class ApplicationsController {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly materials: MaterialsService,
    private readonly confirmation: ConfirmationService,
    private readonly supervision: SupervisionService,
    private readonly deadlines: ConfirmationDeadlines,
  ) {}

  @Post()
  @Roles('enterprise')
  create(@CurrentUser() p: Principal, @Body() dto: CreateApplicationDto) {
    return this.applications.create(p, dto.itemId);
  }

  @Get()
  @Roles(...READERS)
  list(@CurrentUser() p: Principal, @Query() q: ApplicationQueryDto) {
    return this.applications.list(p, { state: q.state, itemId: q.itemId, page: q.page, pageSize: q.pageSize });
  }

  @Get('commitment-text')
  @Roles('enterprise')
  commitmentText() {
    return { textVersion: CURRENT_COMMITMENT_VERSION, text: COMMITMENT_TEXTS[CURRENT_COMMITMENT_VERSION] };
  }

  @Get(':id')
  @Roles(...READERS)
  get(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.applications.get(p, id);
  }

  @Get(':id/timeline')
  @Roles(...READERS)
  timeline(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.applications.timeline(p, id);
  }

  @Post(':id/materials')
  @Roles('enterprise')
  @ApiConsumes('multipart/form-data')
  // browsers send the file name in UTF-8 without a charset parameter; busboy's default (latin1) garbles 营业执照.pdf
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MULTIPART_CAP, files: 1 }, defParamCharset: 'utf8' }))
  upload(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: UploadMaterialDto, @UploadedFile() file?: Express.Multer.File) {
    return this.materials.upload(p, id, dto.materialName, file);
  }

  @Get(':id/materials')
  @Roles(...READERS)
  listMaterials(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.materials.list(p, id);
  }

  @Get(':id/materials/:materialId')
  @Roles('enterprise', 'dept_reviewer', 'dept_editor', 'auditor')
  async download(@CurrentUser() p: Principal, @Param('id') id: string, @Param('materialId') materialId: string, @Res() res: Response) {
    const f = await this.materials.download(p, id, materialId);
    res.setHeader('content-type', f.contentType);
    res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}`);
    res.send(f.content);
  }

  @Post(':id/commitment')
  @Roles('enterprise')
  commit(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: CommitmentDto) {
    return this.materials.commit(p, id, dto.textVersion);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Roles('enterprise')
  submit(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.applications.submit(p, id);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Roles('enterprise')
  withdraw(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: ReasonDto) {
    return this.applications.withdraw(p, id, dto.reason ?? null);
  }

  @Post(':id/account-change')
  @Roles('enterprise')
  accountChange(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: AccountChangeDto) {
    return this.confirmation.requestAccountChange(p, id, { holderName: dto.holderName, bankName: dto.bankName ?? null, accountNumber: dto.accountNumber });
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @Roles('enterprise')
  confirm(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: ConfirmDto) {
    return this.confirmation.confirm(p, id, dto);
  }

  /** 申请恢复办理: a lapsed application (未按期确认), within the grace period; the department decides. */
  @Post(':id/reopen')
  @HttpCode(200)
  @Roles('enterprise')
  reopen(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: ReopenDto) {
    return this.deadlines.requestReopen(p, id, dto.reason);
  }

  @Post(':id/reopen-decision')
  @HttpCode(200)
  @Roles('dept_reviewer')
  decideReopen(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: ReopenDecisionDto) {
    return this.deadlines.decideReopen(p, id, dto.decision, dto.comment ?? null);
  }

  @Post(':id/rating')
  @Roles('enterprise')
  rate(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: RatingDto) {
    return this.supervision.rate(p, id, dto.score, dto.comment ?? null);
  }
}
