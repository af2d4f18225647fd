import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
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
import {
  AccountChangeIssuedDto, ApplicationDto, ApplicationPageDto, CommitmentSignatureDto, CommitmentTextDto, MaterialDto, RatingResultDto, TimelineNodeDto,
} from './dto/application-view.dto';

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
  @ApiCreatedResponse({ type: ApplicationDto })
  create(@CurrentUser() p: Principal, @Body() dto: CreateApplicationDto): Promise<ApplicationDto> {
    return this.applications.create(p, dto.itemId);
  }

  @Get()
  @Roles(...READERS)
  @ApiOkResponse({ type: ApplicationPageDto })
  list(@CurrentUser() p: Principal, @Query() q: ApplicationQueryDto): Promise<ApplicationPageDto> {
    return this.applications.list(p, { state: q.state, itemId: q.itemId, page: q.page, pageSize: q.pageSize });
  }

  @Get('commitment-text')
  @Roles('enterprise')
  @ApiOkResponse({ type: CommitmentTextDto })
  commitmentText(): CommitmentTextDto {
    return { textVersion: CURRENT_COMMITMENT_VERSION, text: COMMITMENT_TEXTS[CURRENT_COMMITMENT_VERSION] };
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOkResponse({ type: ApplicationDto })
  get(@CurrentUser() p: Principal, @Param('id') id: string): Promise<ApplicationDto> {
    return this.applications.get(p, id);
  }

  @Get(':id/timeline')
  @Roles(...READERS)
  @ApiOkResponse({ type: [TimelineNodeDto] })
  timeline(@CurrentUser() p: Principal, @Param('id') id: string): Promise<TimelineNodeDto[]> {
    return this.applications.timeline(p, id);
  }

  @Post(':id/materials')
  @Roles('enterprise')
  @ApiConsumes('multipart/form-data')
  // browsers send the file name in UTF-8 without a charset parameter; busboy's default (latin1) garbles 营业执照.pdf
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MULTIPART_CAP, files: 1 }, defParamCharset: 'utf8' }))
  @ApiCreatedResponse({ type: MaterialDto })
  upload(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: UploadMaterialDto, @UploadedFile() file?: Express.Multer.File): Promise<MaterialDto> {
    return this.materials.upload(p, id, dto.materialName, file);
  }

  @Get(':id/materials')
  @Roles(...READERS)
  @ApiOkResponse({ type: [MaterialDto] })
  listMaterials(@CurrentUser() p: Principal, @Param('id') id: string): Promise<MaterialDto[]> {
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
  @ApiCreatedResponse({ type: CommitmentSignatureDto })
  commit(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: CommitmentDto): Promise<CommitmentSignatureDto> {
    return this.materials.commit(p, id, dto.textVersion);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Roles('enterprise')
  @ApiOkResponse({ type: ApplicationDto })
  submit(@CurrentUser() p: Principal, @Param('id') id: string): Promise<ApplicationDto> {
    return this.applications.submit(p, id);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Roles('enterprise')
  @ApiOkResponse({ type: ApplicationDto })
  withdraw(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: ReasonDto): Promise<ApplicationDto> {
    return this.applications.withdraw(p, id, dto.reason ?? null);
  }

  @Post(':id/account-change')
  @Roles('enterprise')
  @ApiCreatedResponse({ type: AccountChangeIssuedDto })
  accountChange(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: AccountChangeDto): Promise<AccountChangeIssuedDto> {
    return this.confirmation.requestAccountChange(p, id, { holderName: dto.holderName, bankName: dto.bankName ?? null, accountNumber: dto.accountNumber });
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @Roles('enterprise')
  @ApiOkResponse({ type: ApplicationDto })
  confirm(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: ConfirmDto): Promise<ApplicationDto> {
    return this.confirmation.confirm(p, id, dto);
  }

  /** 申请恢复办理: a lapsed application (未按期确认), within the grace period; the department decides. */
  @Post(':id/reopen')
  @HttpCode(200)
  @Roles('enterprise')
  @ApiOkResponse({ type: ApplicationDto })
  reopen(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: ReopenDto): Promise<ApplicationDto> {
    return this.deadlines.requestReopen(p, id, dto.reason);
  }

  @Post(':id/reopen-decision')
  @HttpCode(200)
  @Roles('dept_reviewer')
  @ApiOkResponse({ type: ApplicationDto })
  decideReopen(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: ReopenDecisionDto): Promise<ApplicationDto> {
    return this.deadlines.decideReopen(p, id, dto.decision, dto.comment ?? null);
  }

  @Post(':id/rating')
  @Roles('enterprise')
  @ApiCreatedResponse({ type: RatingResultDto })
  rate(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: RatingDto): Promise<RatingResultDto> {
    return this.supervision.rate(p, id, dto.score, dto.comment ?? null);
  }
}
