import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Page, Public } from '@app/core';
import { SearchPoliciesQueryDto } from './dto/search-policies.dto';
import { PolicySearchPageDto } from './dto/search-result.dto';
import { PolicySearchResult, PolicySearchService } from './policy-search.service';

@ApiTags('search 政策搜索')
@Controller('search')
export class PolicySearchController {
  constructor(private readonly search: PolicySearchService) {}

  /** Public: policies are public documents. */
  @Get('policies')
  @Public()
  @ApiOkResponse({ type: PolicySearchPageDto })
  policies(@Query() q: SearchPoliciesQueryDto): Promise<Page<PolicySearchResult>> {
    return this.search.search(q);
  }
}
