import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, PageQueryDto, Principal, Roles } from '@app/core';
import { TagsService } from './tags.service';
import { CreateTagDto, DeriveTagDto, UpdateTagDto } from './dto/tags.dto';

@ApiTags('tags 标签库')
@ApiBearerAuth()
@Controller('tags')
export class TagsController {
  constructor(private readonly tags: TagsService) {}

  @Get()
  list(@Query('counts') counts?: string) {
    return this.tags.list(counts === 'true');
  }

  @Get(':code')
  get(@Param('code') code: string) {
    return this.tags.get(code);
  }

  @Get(':code/enterprises')
  @Roles('dept_editor', 'dept_reviewer', 'leader', 'auditor')
  members(@CurrentUser() user: Principal, @Param('code') code: string, @Query() q: PageQueryDto) {
    return this.tags.members(user, code, q.page, q.pageSize);
  }

  @Post()
  @Roles('dept_editor')
  create(@CurrentUser() user: Principal, @Body() dto: CreateTagDto) {
    return this.tags.create(user, dto);
  }

  /** Derive the tag by a rule over the profile facts (json-rules-engine JSON): set on every firm it holds for. */
  @Post(':code/derive')
  @HttpCode(200)
  @Roles('dept_editor')
  derive(@CurrentUser() user: Principal, @Param('code') code: string, @Body() dto: DeriveTagDto) {
    return this.tags.derive(user, code, dto.rule);
  }

  @Patch(':code')
  @Roles('dept_editor')
  update(@CurrentUser() user: Principal, @Param('code') code: string, @Body() dto: UpdateTagDto) {
    return this.tags.update(user, code, dto);
  }
}
