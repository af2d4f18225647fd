import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@app/core';
import { renderCompendiumHtml, renderCompendiumXlsx } from './compendium';
import { CompendiumQueryDto } from './dto/compendium-query.dto';
import { PublicCatalogueDto, PublicPolicyDto } from './dto/public-policy.dto';
import { PublicPolicyService } from './public-policy.service';

/** 政策公开: published policies for anyone, no login (the public portal's policy page). */
@ApiTags('public 公开政策')
@Controller('public')
export class PublicPoliciesController {
  constructor(private readonly policies: PublicPolicyService) {}

  @Public()
  @Get('policies/:policyId')
  @ApiOkResponse({ type: PublicPolicyDto })
  policy(@Param('policyId') policyId: string): Promise<PublicPolicyDto> {
    return this.policies.policy(policyId);
  }

  @Public()
  @Get('items/:itemId/policy')
  @ApiOkResponse({ type: PublicPolicyDto, description: '事项所属政策（仅已发布内容）' })
  policyOfItem(@Param('itemId') itemId: string): Promise<PublicPolicyDto> {
    return this.policies.policyOfItem(itemId);
  }

  @Public()
  @Get('catalogue')
  @ApiOkResponse({ type: PublicCatalogueDto })
  catalogue(): Promise<PublicCatalogueDto> {
    return this.policies.catalogue();
  }

  @Public()
  @Get('compendium')
  @ApiOperation({ summary: '政策汇编：按部门或主题导出已发布政策（可打印网页或 XLSX）' })
  @ApiProduces('text/html', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async compendium(@Query() q: CompendiumQueryDto, @Res() res: Response): Promise<void> {
    const c = await this.policies.compendium(q);
    if (c.format === 'xlsx') {
      res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${c.title}.xlsx`)}`);
      res.send(await renderCompendiumXlsx(c));
      return;
    }
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.send(renderCompendiumHtml(c));
  }
}
