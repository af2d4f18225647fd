import { Body, Controller, Get, Param, Post, Put, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, DomainError, Principal, Public, Roles } from '@app/core';
import { chinaDate } from '@app/approvals';
import { IntakeService } from '../intake/intake.service';
import { RegisterImportService } from '../intake/register-import.service';
import { LedgerService } from '../ledger/ledger.service';
import { isAppealNumber } from './appeal-number';
import { AppealDirectory } from './appeal-directory.service';
import { AppealRepository } from './appeal.repository';
import { APPEAL_COMMAND_LABELS, APPEAL_STATE_LABELS } from './appeal.states';
import { ANSWER_KIND_LABELS, CHANNEL_LABELS, DUE_KIND_LABELS, LETTER_KIND_LABELS, LEVEL_LABELS, RATING_LABELS } from './appeal.types';
import { AppealPage, AppealView, CategoryView, LabelSet, PublicAppealStatus } from './dto/appeal.views';
import { CategoryUpdateDto, ImportRegisterDto, LedgerQueryDto, RecordAppealDto, SubmitAppealDto } from './dto/appeal.requests';

export const APPEAL_READERS = ['enterprise', 'dept_editor', 'dept_reviewer', 'supervisor', 'officer', 'leader', 'auditor'] as const;
const MULTIPART_CAP = 20 * 1024 * 1024;

class ImportResult {
  @ApiProperty() created: number;
  @ApiProperty({ type: [String] }) appealIds: string[];
}

/** 诉求: collecting (online, on a firm's behalf, a register), the ledger (台账) and its export, labels and categories, the public status. */
@ApiTags('appeals 企业诉求')
@ApiBearerAuth()
@Controller('appeals')
export class AppealsController {
  constructor(
    private readonly intake: IntakeService,
    private readonly registers: RegisterImportService,
    private readonly ledger: LedgerService,
    private readonly directory: AppealDirectory,
    private readonly repo: AppealRepository,
  ) {}

  @Post()
  @Roles('enterprise')
  @ApiOperation({ summary: '企业在线提交诉求（附件随后上传：POST /appeals/:id/attachments）' })
  @ApiCreatedResponse({ type: AppealView })
  submit(@CurrentUser() p: Principal, @Body() dto: SubmitAppealDto) {
    return this.intake.submitOnline(p, dto);
  }

  @Post('record')
  @Roles('supervisor', 'officer')
  @ApiOperation({ summary: '代企业登记诉求（接待日、恳谈会、12345、走访、来信）' })
  @ApiCreatedResponse({ type: AppealView })
  record(@CurrentUser() p: Principal, @Body() dto: RecordAppealDto) {
    const receivedAt = dto.receivedOn ? new Date(`${dto.receivedOn}T09:00:00+08:00`) : undefined;
    if (receivedAt && Number.isNaN(receivedAt.getTime())) throw new DomainError('APPEAL.RECEIVED_AT_INVALID', '反映日期无效');
    return this.intake.recordOnBehalf(p, { ...dto, receivedAt });
  }

  @Post('import')
  @Roles('supervisor')
  @ApiConsumes('multipart/form-data')
  @ApiOperation({ summary: '导入接待日登记表（CSV/XLSX，全部通过才导入，逐行报错）' })
  @ApiCreatedResponse({ type: ImportResult })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MULTIPART_CAP, files: 1 } }))
  import(@CurrentUser() p: Principal, @Body() dto: ImportRegisterDto, @UploadedFile() file?: Express.Multer.File) {
    return this.registers.import(p, file, { receptionDayId: dto.receptionDayId, channel: dto.channel });
  }

  @Get()
  @Roles(...APPEAL_READERS)
  @ApiOperation({ summary: '诉求台账（按权限范围，可筛选、分页）' })
  @ApiOkResponse({ type: AppealPage })
  list(@CurrentUser() p: Principal, @Query() q: LedgerQueryDto) {
    const { page, pageSize, ...filter } = q;
    return this.ledger.list(p, filter, page, pageSize);
  }

  @Get('ledger.xlsx')
  @Roles('dept_editor', 'dept_reviewer', 'supervisor', 'officer', 'leader', 'auditor')
  @ApiOperation({ summary: '导出台账（XLSX，与列表相同的筛选与权限）' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async export(@CurrentUser() p: Principal, @Query() q: LedgerQueryDto, @Res() res: Response) {
    const { page: _page, pageSize: _size, ...filter } = q;
    const buf = await this.ledger.exportXlsx(p, filter);
    res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('诉求台账.xlsx')}`);
    res.send(buf);
  }

  @Get('labels')
  @Roles(...APPEAL_READERS)
  @ApiOperation({ summary: '所有代码的中文名称（状态、操作、渠道、层级、答复方式、评价、时限、函件、类别）' })
  @ApiOkResponse({ type: LabelSet })
  async labels(): Promise<LabelSet> {
    return {
      states: APPEAL_STATE_LABELS, commands: APPEAL_COMMAND_LABELS, channels: CHANNEL_LABELS, levels: LEVEL_LABELS, answerKinds: ANSWER_KIND_LABELS,
      ratings: RATING_LABELS, dueKinds: DUE_KIND_LABELS, letterKinds: LETTER_KIND_LABELS, categories: await this.directory.categoryViews(),
    };
  }

  @Get('categories')
  @Roles(...APPEAL_READERS)
  @ApiOkResponse({ type: [CategoryView] })
  categories() {
    return this.directory.categoryViews();
  }

  @Put('categories/:code')
  @Roles('supervisor')
  @ApiOperation({ summary: '设置类别的默认牵头单位与各环节工作日时限（对之后交办的诉求生效）' })
  @ApiOkResponse({ type: CategoryView })
  updateCategory(@CurrentUser() p: Principal, @Param('code') code: string, @Body() dto: CategoryUpdateDto) {
    return this.directory.updateCategory(p, code, {
      lead_department: dto.leadDepartment, dispatch_days: dto.dispatchDays, accept_days: dto.acceptDays, progress_days: dto.progressDays,
      answer_days: dto.answerDays, second_days: dto.secondDays,
      requirements: dto.requirements === undefined ? undefined : dto.requirements.trim() || null,
    });
  }

  @Get('public/:number')
  @Public()
  @ApiOperation({ summary: '凭诉求编号查询进度（无需登录，不含企业与问题内容）' })
  @ApiOkResponse({ type: PublicAppealStatus })
  async publicStatus(@Param('number') number: string): Promise<PublicAppealStatus> {
    const n = number.trim().toUpperCase();
    const a = isAppealNumber(n) ? await this.repo.byNumber(n) : null;
    if (!a) throw new DomainError('APPEAL.NOT_FOUND', '未找到该诉求编号');
    const cats = await this.directory.categoryMap();
    const steps = (await this.repo.timeline(a.id))
      .filter((t) => t.from_state !== t.to_state || t.command === 'create')
      .map((t) => `${chinaDate(new Date(t.at))} ${APPEAL_COMMAND_LABELS[t.command as keyof typeof APPEAL_COMMAND_LABELS] ?? t.command}`);
    return { number: a.number, categoryLabel: cats.get(a.category)?.name ?? a.category, stateLabel: APPEAL_STATE_LABELS[a.state],
      receivedAt: new Date(a.received_at).toISOString(), closedAt: a.closed_at ? new Date(a.closed_at).toISOString() : null, steps };
  }
}
