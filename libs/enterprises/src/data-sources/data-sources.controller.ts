import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { CurrentUser, PageQueryDto, Principal, Roles } from '@app/core';
import { DataSourceSyncService } from './data-source-sync.service';
import { DataSourceRejectionPageDto, DataSourceStatusDto, SyncResultDto } from './dto/data-source-view.dto';

class RejectionQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: '数据来源代码（market, tax, social, tech, credit）' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  source?: string;
}

@ApiTags('data-sources 数据共享')
@ApiBearerAuth()
@Controller('data-sources')
export class DataSourcesController {
  constructor(private readonly sync: DataSourceSyncService) {}

  @Get()
  @Roles('dept_editor', 'dept_reviewer', 'admin', 'leader', 'auditor')
  @ApiOperation({ summary: '各部门数据来源：字段映射、同步游标、已应用与拒收的记录数、最近同步与错误' })
  @ApiOkResponse({ type: [DataSourceStatusDto] })
  status(): Promise<DataSourceStatusDto[]> {
    return this.sync.status();
  }

  @Post(':source/sync')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: '立即从该数据来源增量拉取（按游标）并更新企业档案' })
  @ApiOkResponse({ type: SyncResultDto })
  run(@CurrentUser() p: Principal, @Param('source') source: string): Promise<SyncResultDto> {
    return this.sync.sync(source, p);
  }

  @Get('rejections')
  @Roles('admin', 'auditor', 'dept_editor', 'dept_reviewer')
  @ApiOperation({ summary: '拒收的数据记录（未配置映射的字段、未知企业、无效取值），每条未写入任何数据' })
  @ApiOkResponse({ type: DataSourceRejectionPageDto })
  rejections(@Query() q: RejectionQueryDto): Promise<DataSourceRejectionPageDto> {
    return this.sync.rejections(q.source, q.page, q.pageSize);
  }
}
