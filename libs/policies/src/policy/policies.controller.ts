import { Body, Controller, Get, Header, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Principal, registerBodyLimit, Roles } from '@app/core';
import { InboxService } from '../push/inbox.service';
import { CreatePolicyDto, EditItemDto, ImportPoliciesDto, NewItemDto, PolicyListQueryDto, ReviewDto, UpdatePolicyDto, WithdrawDto } from './dto/policy.dto';
import { ItemPushStatsDto } from './dto/policy-stats.dto';
import { ItemVersionDto, PolicyPageDto, PolicyViewDto, VersionDiffDto } from './dto/policy-view.dto';
import { PoliciesService } from './policies.service';
import { PolicyPortService } from './policy-port.service';
import type { ItemContent } from './policy.types';

const READERS = ['dept_editor', 'dept_reviewer', 'leader', 'auditor'] as const;

/** The documented 5 MB of YAML/JSON import text, plus room for its escaping inside a JSON string. */
registerBodyLimit('POST', '/policies/import', 12 * 1024 * 1024);
/** An edit of 政策信息 may carry the whole 原文 (≤ 200 000 characters, up to 3 bytes each) with 解读 and FAQ. */
registerBodyLimit('PATCH', '/policies/:id', 2 * 1024 * 1024);

@ApiTags('policies 政策中心（部门）')
@ApiBearerAuth()
@Controller()
export class PoliciesController {
  constructor(
    private readonly policies: PoliciesService,
    private readonly port: PolicyPortService,
    private readonly inbox: InboxService,
  ) {}

  @Get('policies')
  @Roles(...READERS)
  @ApiOkResponse({ type: PolicyPageDto })
  list(@CurrentUser() u: Principal, @Query() q: PolicyListQueryDto): Promise<PolicyPageDto> {
    return this.policies.listPolicies(u, q);
  }

  @Post('policies')
  @Roles('dept_editor')
  @ApiCreatedResponse({ type: PolicyViewDto })
  create(@CurrentUser() u: Principal, @Body() dto: CreatePolicyDto): Promise<PolicyViewDto> {
    return this.policies.createPolicy(u, {
      ...dto, docNumber: dto.docNumber ?? null, tags: dto.tags ?? [], sourceUrl: dto.sourceUrl ?? null, fullText: dto.fullText ?? '',
      publishDate: dto.publishDate ?? null, effectiveTo: dto.effectiveTo ?? null, isDemo: dto.isDemo ?? false,
      items: dto.items.map((i) => ({ ...(i as unknown as ItemContent), code: i.code })),
    });
  }

  /** Import policies from YAML or JSON (body text); validated as a whole — nothing written on any error. */
  @Post('policies/import')
  @Roles('dept_editor')
  @HttpCode(200)
  import(@CurrentUser() u: Principal, @Body() body: ImportPoliciesDto) {
    return this.port.importText(u, body.content, body.format ?? 'yaml');
  }

  @Get('policies/export')
  @Roles(...READERS)
  @Header('content-type', 'text/yaml; charset=utf-8')
  async export(@CurrentUser() u: Principal, @Query('format') format: 'yaml' | 'json' = 'yaml', @Res() res: Response) {
    const text = await this.port.exportText(u, format === 'json' ? 'json' : 'yaml');
    res.type(format === 'json' ? 'application/json' : 'text/yaml').send(text);
  }

  @Get('policies/:id')
  @Roles(...READERS)
  @ApiOkResponse({ type: PolicyViewDto })
  get(@CurrentUser() u: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<PolicyViewDto> {
    return this.policies.getPolicy(u, id);
  }

  /** 编辑政策信息: partial, with a reason, at the revision read (stale → 409 POLICY.STALE_REVISION). */
  @Patch('policies/:id')
  @Roles('dept_editor')
  update(@CurrentUser() u: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdatePolicyDto) {
    return this.policies.updatePolicy(u, id, dto);
  }

  @Get('policies/:id/stats')
  @Roles(...READERS)
  @ApiOkResponse({ type: [ItemPushStatsDto], description: '驾驶舱：各事项的推送、已读、忽略、申报数' })
  stats(@CurrentUser() u: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.inbox.policyStats(u, id);
  }

  @Post('policies/:id/items')
  @Roles('dept_editor')
  @ApiCreatedResponse({ type: ItemVersionDto })
  addItem(@CurrentUser() u: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: NewItemDto): Promise<ItemVersionDto> {
    const { code, ...content } = dto;
    return this.policies.addItem(u, id, code, content as unknown as ItemContent);
  }

  @Patch('items/:itemId')
  @Roles('dept_editor')
  @ApiOkResponse({ type: ItemVersionDto })
  edit(@CurrentUser() u: Principal, @Param('itemId', ParseUUIDPipe) itemId: string, @Body() dto: EditItemDto): Promise<ItemVersionDto> {
    return this.policies.editItem(u, itemId, dto.changes as Partial<ItemContent>, dto.changeNote ?? null);
  }

  @Post('items/:itemId/submit')
  @Roles('dept_editor')
  @HttpCode(200)
  @ApiOkResponse({ type: ItemVersionDto })
  submit(@CurrentUser() u: Principal, @Param('itemId', ParseUUIDPipe) itemId: string): Promise<ItemVersionDto> {
    return this.policies.submit(u, itemId);
  }

  @Post('items/:itemId/review')
  @Roles('dept_reviewer')
  @HttpCode(200)
  @ApiOkResponse({ type: ItemVersionDto })
  review(@CurrentUser() u: Principal, @Param('itemId', ParseUUIDPipe) itemId: string, @Body() dto: ReviewDto): Promise<ItemVersionDto> {
    return this.policies.review(u, itemId, dto.decision, dto.comment ?? null);
  }

  @Post('items/:itemId/withdraw')
  @Roles('dept_reviewer')
  @HttpCode(200)
  @ApiOkResponse({ type: ItemVersionDto })
  withdraw(@CurrentUser() u: Principal, @Param('itemId', ParseUUIDPipe) itemId: string, @Body() dto: WithdrawDto): Promise<ItemVersionDto> {
    return this.policies.withdraw(u, itemId, dto.reason);
  }

  @Get('items/:itemId/versions')
  @Roles(...READERS)
  @ApiOkResponse({ type: [ItemVersionDto] })
  versions(@CurrentUser() u: Principal, @Param('itemId', ParseUUIDPipe) itemId: string): Promise<ItemVersionDto[]> {
    return this.policies.itemVersions(u, itemId);
  }

  @Get('items/:itemId/diff')
  @Roles(...READERS)
  @ApiOkResponse({ type: VersionDiffDto })
  diff(@CurrentUser() u: Principal, @Param('itemId', ParseUUIDPipe) itemId: string, @Query('from', ParseIntPipe) from: number, @Query('to', ParseIntPipe) to: number): Promise<VersionDiffDto> {
    return this.policies.diff(u, itemId, from, to);
  }
}
