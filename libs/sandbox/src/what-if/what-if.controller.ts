import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@app/core';
import { definitionOf, ScenarioDefinitionDto } from '../scenario/dto/scenario-definition.dto';
import { SANDBOX_ROLES } from '../sandbox.roles';
import { WhatIfAnswerDto } from './dto/what-if-answer.dto';
import { WhatIfService } from './what-if.service';

@ApiTags('sandbox 数据沙盘')
@ApiBearerAuth()
@Roles(...SANDBOX_ROLES)
@Controller('sandbox')
export class WhatIfController {
  constructor(private readonly whatIfs: WhatIfService) {}

  @Post('what-if')
  @HttpCode(200)
  @ApiOperation({ summary: '情景推演：符合条件企业数、成本、分布、较基准新增/减少的企业、预算用尽位置' })
  @ApiOkResponse({ type: WhatIfAnswerDto })
  whatIf(@CurrentUser() user: Principal, @Body() dto: ScenarioDefinitionDto): Promise<WhatIfAnswerDto> {
    return this.whatIfs.whatIf(definitionOf(dto), user);
  }
}
