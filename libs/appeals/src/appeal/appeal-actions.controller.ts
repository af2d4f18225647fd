import { Body, Controller, Get, HttpCode, Param, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Principal, Roles } from '@app/core';
import { FeedbackService } from '../feedback/feedback.service';
import { HandlingService } from '../handling/handling.service';
import { AttachmentsService } from '../intake/attachments.service';
import { PolicyBridgeService } from '../policy/policy-bridge.service';
import { PolicyDraftCandidate, PolicyLinkView } from '../policy/policy-bridge.views';
import { LetterService } from '../supervision/letter.service';
import { AppealSupervisionService } from '../supervision/supervision.service';
import { ExtensionView, LetterView } from '../supervision/supervision.views';
import { SimilarityService } from '../triage/similarity.service';
import { TriageService } from '../triage/triage.service';
import { SimilarAppeal } from '../triage/triage.views';
import { loadScoped } from './appeal-access';
import { AppealRepository } from './appeal.repository';
import { AppealViews } from './appeal-views.service';
import { APPEAL_READERS } from './appeals.controller';
import {
  AnswerDto, AssignDto, ExtensionDecisionDto, ExtensionRequestDto, FeedbackDto, FollowUpDto, LetterDto, MergeDto, OptionalCommentDto, PolicyLinkDto, ReasonDto,
  RedispatchDto, TextDto,
} from './dto/appeal.requests';
import { AppealTimelineNode, AppealView, AttachmentView } from './dto/appeal.views';

const MULTIPART_CAP = 50 * 1024 * 1024;
const DEPT = ['dept_editor', 'dept_reviewer'] as const;

class AssignResult {
  @ApiProperty({ type: AppealView }) appeal: AppealView;
  @ApiProperty({ type: LetterView, description: '交办函（GET /appeals/:id/letters/:letterId 打印）' }) letter: LetterView;
}

/** One appeal: its detail and timeline, and every step of the loop on it. */
@ApiTags('appeals 企业诉求')
@ApiBearerAuth()
@Controller('appeals/:id')
export class AppealActionsController {
  constructor(
    private readonly repo: AppealRepository,
    private readonly views: AppealViews,
    private readonly attachments: AttachmentsService,
    private readonly similarity: SimilarityService,
    private readonly triage: TriageService,
    private readonly handling: HandlingService,
    private readonly feedback: FeedbackService,
    private readonly letters: LetterService,
    private readonly supervision: AppealSupervisionService,
    private readonly policy: PolicyBridgeService,
  ) {}

  @Get()
  @Roles(...APPEAL_READERS)
  @ApiOkResponse({ type: AppealView })
  async get(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.views.one(await loadScoped(this.repo, p, id));
  }

  @Get('timeline')
  @Roles(...APPEAL_READERS)
  @ApiOperation({ summary: '全程时间轴（企业可见每一步）' })
  @ApiOkResponse({ type: [AppealTimelineNode] })
  async timeline(@CurrentUser() p: Principal, @Param('id') id: string) {
    await loadScoped(this.repo, p, id);
    return this.views.timeline(await this.repo.timeline(id));
  }

  @Get('similar')
  @Roles('supervisor', 'officer', 'leader', 'dept_editor', 'dept_reviewer')
  @ApiOperation({ summary: '相似诉求（同一企业，或同类别且关键词相近）' })
  @ApiOkResponse({ type: [SimilarAppeal] })
  similar(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.similarity.forAppeal(p, id);
  }

  @Post('attachments')
  @Roles('enterprise', 'supervisor', 'officer', 'dept_editor', 'dept_reviewer')
  @ApiConsumes('multipart/form-data')
  @ApiOperation({ summary: '上传附件（PDF/JPG/PNG/OFD，按内容识别类型，大小受限）' })
  @ApiCreatedResponse({ type: AttachmentView })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MULTIPART_CAP, files: 1 } }))
  upload(@CurrentUser() p: Principal, @Param('id') id: string, @UploadedFile() file?: Express.Multer.File) {
    return this.attachments.upload(p, id, file);
  }

  @Get('attachments')
  @Roles(...APPEAL_READERS)
  @ApiOkResponse({ type: [AttachmentView] })
  listAttachments(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.attachments.list(p, id);
  }

  @Get('attachments/:attachmentId')
  @Roles(...APPEAL_READERS)
  async download(@CurrentUser() p: Principal, @Param('id') id: string, @Param('attachmentId') attachmentId: string, @Res() res: Response) {
    const f = await this.attachments.download(p, id, attachmentId);
    res.setHeader('content-type', f.contentType);
    res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}`);
    res.send(f.content);
  }

  @Post('merge')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({ summary: '预研：并入相似诉求' })
  @ApiOkResponse({ type: AppealView })
  merge(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: MergeDto) {
    return this.triage.merge(p, id, dto.into, dto.reason ?? null);
  }

  @Post('answer-on-spot')
  @HttpCode(200)
  @Roles('supervisor', 'officer')
  @ApiOperation({ summary: '当场答复（待企业评价后销号）' })
  @ApiOkResponse({ type: AppealView })
  answerOnSpot(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: TextDto) {
    return this.triage.answerOnSpot(p, id, dto.text);
  }

  @Post('forward')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: '包联干部上报预研' })
  @ApiOkResponse({ type: AppealView })
  forward(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: OptionalCommentDto) {
    return this.triage.forward(p, id, dto.comment ?? null);
  }

  @Post('assign')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({ summary: '交办牵头单位与协办单位，生成交办函，按类别计算工作日时限' })
  @ApiOkResponse({ type: AssignResult })
  assign(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: AssignDto) {
    return this.triage.assign(p, id, dto);
  }

  @Post('accept')
  @HttpCode(200)
  @Roles(...DEPT)
  @ApiOperation({ summary: '牵头单位签收' })
  @ApiOkResponse({ type: AppealView })
  accept(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: OptionalCommentDto) {
    return this.handling.accept(p, id, dto.comment ?? null);
  }

  @Post('send-back')
  @HttpCode(200)
  @Roles(...DEPT)
  @ApiOperation({ summary: '牵头单位退回预研（说明理由）' })
  @ApiOkResponse({ type: AppealView })
  sendBack(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: ReasonDto) {
    return this.handling.sendBack(p, id, dto.reason);
  }

  @Post('redispatch')
  @HttpCode(200)
  @Roles(...DEPT)
  @ApiOperation({ summary: '首问负责：分办给协办单位牵头' })
  @ApiOkResponse({ type: AppealView })
  redispatch(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: RedispatchDto) {
    return this.handling.redispatch(p, id, dto.to, dto.reason);
  }

  @Post('progress')
  @HttpCode(200)
  @Roles(...DEPT)
  @ApiOperation({ summary: '报送办理进展（牵头单位）或协办意见（协办单位）' })
  @ApiOkResponse({ type: AppealView })
  progress(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: TextDto) {
    return this.handling.progress(p, id, dto.text);
  }

  @Post('extensions')
  @Roles(...DEPT)
  @ApiOperation({ summary: '申请延期（督办审批）' })
  @ApiCreatedResponse({ type: ExtensionView })
  requestExtension(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: ExtensionRequestDto) {
    return this.handling.requestExtension(p, id, dto.workingDays, dto.reason);
  }

  @Get('extensions')
  @Roles('supervisor', 'leader', 'auditor', 'dept_editor', 'dept_reviewer')
  @ApiOkResponse({ type: [ExtensionView] })
  extensions(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.handling.extensions(p, id);
  }

  @Post('extensions/:extensionId/decision')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOkResponse({ type: ExtensionView })
  decide(@CurrentUser() p: Principal, @Param('id') id: string, @Param('extensionId') extensionId: string, @Body() dto: ExtensionDecisionDto) {
    return this.handling.decideExtension(p, id, extensionId, dto.approve, dto.comment);
  }

  @Post('answer')
  @HttpCode(200)
  @Roles(...DEPT)
  @ApiOperation({ summary: '牵头单位答复企业：已解决 / 解释说明 / 已转办' })
  @ApiOkResponse({ type: AppealView })
  answer(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: AnswerDto) {
    return this.handling.answer(p, id, dto.kind, dto.text);
  }

  @Post('feedback')
  @HttpCode(200)
  @Roles('enterprise', 'supervisor')
  @ApiOperation({ summary: '企业评价答复：满意 / 基本满意（销号）或不满意（二次督办）；督办人员可电话回访代录' })
  @ApiOkResponse({ type: AppealView })
  rate(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: FeedbackDto) {
    return this.feedback.rate(p, id, dto.rating, dto.comment ?? null);
  }

  @Post('close')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({ summary: '督办销号（企业未满意时，须书面说明理由）' })
  @ApiOkResponse({ type: AppealView })
  close(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: ReasonDto) {
    return this.feedback.overrideClose(p, id, dto.reason);
  }

  @Post('withdraw')
  @HttpCode(200)
  @Roles('enterprise')
  @ApiOkResponse({ type: AppealView })
  withdraw(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: OptionalCommentDto) {
    return this.feedback.withdraw(p, id, dto.comment ?? null);
  }

  @Post('follow-ups/:followUpId')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({ summary: '登记回访结果（回头看未解决则重启办理）' })
  @ApiOkResponse({ type: AppealView })
  followUp(@CurrentUser() p: Principal, @Param('id') id: string, @Param('followUpId') followUpId: string, @Body() dto: FollowUpDto) {
    return this.feedback.recordFollowUp(p, id, followUpId, dto.finding, dto.note);
  }

  @Get('letters')
  @Roles('supervisor', 'officer', 'leader', 'auditor', 'dept_editor', 'dept_reviewer')
  @ApiOkResponse({ type: [LetterView] })
  listLetters(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.letters.list(p, id);
  }

  @Post('letters')
  @Roles('supervisor')
  @ApiOperation({ summary: '发提示函（质量不高、企业再次反映）或督办函（已超期）' })
  @ApiCreatedResponse({ type: LetterView })
  issueLetter(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: LetterDto) {
    return this.supervision.issueLetter(p, id, dto.kind, dto.reason);
  }

  @Get('letters/:letterId')
  @Roles('supervisor', 'officer', 'leader', 'auditor', 'dept_editor', 'dept_reviewer')
  @ApiOperation({ summary: '函件（可打印的 HTML）' })
  @ApiProduces('text/html')
  async letter(@CurrentUser() p: Principal, @Param('id') id: string, @Param('letterId') letterId: string, @Res() res: Response) {
    res.type('html').send(await this.letters.html(p, id, letterId));
  }

  @Get('policy-links')
  @Roles(...APPEAL_READERS)
  @ApiOkResponse({ type: [PolicyLinkView] })
  links(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.policy.links(p, id);
  }

  @Get('policy-candidates')
  @Roles('supervisor', 'dept_editor', 'dept_reviewer')
  @ApiOperation({ summary: '可关联的正在起草或审核中的政策事项（部门只看本部门的）' })
  @ApiOkResponse({ type: [PolicyDraftCandidate] })
  candidates(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.policy.candidates(p, id);
  }

  @Post('policy-links')
  @Roles('supervisor', 'dept_editor', 'dept_reviewer')
  @ApiOperation({ summary: '关联正在起草的政策事项（发布后通知企业）' })
  @ApiCreatedResponse({ type: PolicyLinkView })
  link(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: PolicyLinkDto) {
    return this.policy.link(p, id, dto.itemId);
  }
}
