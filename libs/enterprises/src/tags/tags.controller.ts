import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, PageQueryDto, Principal, Roles } from '@app/core';
import { TagsService } from './tags.service';
import { CreateTagDto, DeriveTagDto, UpdateTagDto } from './dto/tags.dto';
import { TagDerivationDto, TagMemberPageDto, TagViewDto } from './dto/tag-view.dto';

@ApiTags('tags 标签库')
@ApiBearerAuth()
@Controller('tags')
export class TagsController {
  constructor(private readonly tags: TagsService) {}

  @Get()
  @ApiOkResponse({ type: [TagViewDto] })
  list(@Query('counts') counts?: string): Promise<TagViewDto[]> {
    return this.tags.list(counts === 'true');
  }

  @Get(':code')
  @ApiOkResponse({ type: TagViewDto })
  get(@Param('code') code: string): Promise<TagViewDto> {
    return this.tags.get(code);
  }

  @Get(':code/enterprises')
  @Roles('dept_editor', 'dept_reviewer', 'leader', 'auditor')
  @ApiOkResponse({ type: TagMemberPageDto })
  members(@CurrentUser() user: Principal, @Param('code') code: string, @Query() q: PageQueryDto): Promise<TagMemberPageDto> {
    return this.tags.members(user, code, q.page, q.pageSize);
  }

  @Post()
  @Roles('dept_editor')
  @ApiCreatedResponse({ type: TagViewDto })
  create(@CurrentUser() user: Principal, @Body() dto: CreateTagDto): Promise<TagViewDto> {
    return this.tags.create(user, dto);
  }

  /** Derive the tag by a rule over the profile facts (json-rules-engine JSON): set on every firm it holds for. */
  @Post(':code/derive')
  @HttpCode(200)
  @Roles('dept_editor')
  @ApiOkResponse({ type: TagDerivationDto })
  derive(@CurrentUser() user: Principal, @Param('code') code: string, @Body() dto: DeriveTagDto): Promise<TagDerivationDto> {
    return this.tags.derive(user, code, dto.rule);
  }

  @Patch(':code')
  @Roles('dept_editor')
  @ApiOkResponse({ type: TagViewDto })
  update(@CurrentUser() user: Principal, @Param('code') code: string, @Body() dto: UpdateTagDto): Promise<TagViewDto> {
    return this.tags.update(user, code, dto);
  }
}
