import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Principal, Roles } from '@app/core';
import { CorrectionPageDto, CorrectionQueryDto, CorrectionView, CreateCorrectionDto, ResolveCorrectionDto } from './dto/correction.dto';
import { CorrectionsService } from './corrections.service';

const READERS = ['enterprise', 'dept_editor', 'dept_reviewer', 'admin', 'leader', 'auditor'] as const;

@ApiTags('data-corrections 数据异议')
@ApiBearerAuth()
@Controller('data-corrections')
export class CorrectionsController {
  constructor(private readonly corrections: CorrectionsService) {}

  @Post()
  @Roles('enterprise')
  @ApiOperation({ summary: '企业对来自部门数据来源的数据项提出异议（送数据来源所属部门核实）' })
  @ApiCreatedResponse({ type: CorrectionView })
  create(@CurrentUser() p: Principal, @Body() dto: CreateCorrectionDto) {
    return this.corrections.create(p, dto);
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: '数据异议列表：企业看本企业的，部门看送本部门核实的' })
  @ApiOkResponse({ type: CorrectionPageDto })
  list(@CurrentUser() p: Principal, @Query() q: CorrectionQueryDto) {
    return this.corrections.list(p, q);
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOkResponse({ type: CorrectionView })
  get(@CurrentUser() p: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.corrections.get(p, id);
  }

  @Post(':id/attachment')
  @Roles('enterprise')
  @ApiConsumes('multipart/form-data')
  @ApiOperation({ summary: '上传证明材料（PDF/JPG/PNG/OFD，按内容识别类型，不超过 10MB；再次上传替换）' })
  @ApiCreatedResponse({ type: CorrectionView })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: 20 * 1024 * 1024, files: 1 } }))
  attach(@CurrentUser() p: Principal, @Param('id', ParseUUIDPipe) id: string, @UploadedFile() file?: Express.Multer.File) {
    return this.corrections.attach(p, id, file);
  }

  @Get(':id/attachment')
  @Roles(...READERS)
  async attachment(@CurrentUser() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    const f = await this.corrections.attachment(p, id);
    res.setHeader('content-type', f.contentType);
    res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}`);
    res.send(f.content);
  }

  @Post(':id/resolve')
  @Roles('dept_editor', 'admin')
  @ApiOperation({ summary: '数据来源所属部门处理异议：予以更正（写回企业档案并重新匹配）或不予更正（说明理由）' })
  @ApiCreatedResponse({ type: CorrectionView })
  resolve(@CurrentUser() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ResolveCorrectionDto) {
    return this.corrections.resolve(p, id, dto);
  }
}
