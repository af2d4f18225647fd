import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@app/core';
import { SANDBOX_ROLES } from '../sandbox.roles';
import { EffectAnswerDto } from './dto/effect-answer.dto';
import { EffectAnalysisService } from './effect-analysis.service';

@ApiTags('sandbox 数据沙盘')
@ApiBearerAuth()
@Roles(...SANDBOX_ROLES)
@Controller('sandbox')
export class EffectController {
  constructor(private readonly effects: EffectAnalysisService) {}

  /** 政策效果分析 of a published item: paid firms against near misses, before and after (DiD). */
  @Get('effects/:itemId')
  @ApiOperation({ summary: '政策效果分析：已兑付企业与“差一点符合”企业的指标前后变化对比（双重差分）' })
  @ApiOkResponse({ type: EffectAnswerDto })
  effect(@CurrentUser() user: Principal, @Param('itemId') itemId: string): Promise<EffectAnswerDto> {
    return this.effects.analyse(user, itemId);
  }
}
