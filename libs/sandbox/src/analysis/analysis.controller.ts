import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@app/core';
import { definitionOf } from '../scenario/dto/scenario-definition.dto';
import { SANDBOX_ROLES } from '../sandbox.roles';
import { AnalysisService } from './analysis.service';
import { OverlapDto, SweepRequestDto, TagCombinationsDto } from './dto/analysis.dto';
import { ExclusionGroupWarningDto, OverlapAnswerDto, SweepAnswerDto, TagCombinationAnswerDto } from './dto/analysis-answer.dto';

/** The sandbox's analyses: threshold sweep, tag combinations, duplicate-benefit overlap and warnings. */
@ApiTags('sandbox 数据沙盘')
@ApiBearerAuth()
@Roles(...SANDBOX_ROLES)
@Controller('sandbox')
export class AnalysisController {
  constructor(private readonly analysis: AnalysisService) {}

  @Post('sweep')
  @HttpCode(200)
  @ApiOperation({ summary: '阈值扫描：某一数值门槛在区间内变化时的企业数与成本曲线' })
  @ApiOkResponse({ type: SweepAnswerDto })
  sweep(@CurrentUser() user: Principal, @Body() dto: SweepRequestDto): Promise<SweepAnswerDto> {
    return this.analysis.sweep(definitionOf(dto), dto.sweep, user);
  }

  @Post('tags')
  @HttpCode(200)
  @ApiOperation({ summary: '标签库组合分析：各标签及两两组合的企业数' })
  @ApiOkResponse({ type: TagCombinationAnswerDto })
  tags(@Body() dto: TagCombinationsDto): TagCombinationAnswerDto {
    return this.analysis.tags(dto);
  }

  @Post('overlap')
  @HttpCode(200)
  @ApiOperation({ summary: '重复享受预警：多个事项的重叠矩阵与同时符合多项的企业' })
  @ApiOkResponse({ type: OverlapAnswerDto })
  overlap(@Body() dto: OverlapDto): OverlapAnswerDto {
    return this.analysis.overlap(dto);
  }

  @Get('exclusion-groups')
  @ApiOperation({ summary: '不重复享受预警：各互斥分组中同时符合两项及以上已发布事项的企业' })
  @ApiOkResponse({ type: [ExclusionGroupWarningDto] })
  exclusionGroups(): Promise<ExclusionGroupWarningDto[]> {
    return this.analysis.exclusionGroupWarnings();
  }
}
