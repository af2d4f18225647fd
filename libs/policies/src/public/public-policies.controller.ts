import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/core';
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
}
