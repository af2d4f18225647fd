import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { CurrentUser, PageQueryDto, Principal, Roles } from '@app/core';
import { TagsService } from './tags.service';

export class CreateTagDto {
  @ApiProperty({ example: 'specialized' })
  @Matches(/^[a-z][a-z0-9_]{1,47}$/, { message: 'code 须为小写字母开头的 2–48 位小写字母、数字或下划线' })
  code: string;

  @ApiProperty({ example: '专精特新中小企业' })
  @IsString()
  @MinLength(2)
  @MaxLength(50)
  name: string;

  @ApiProperty({ example: '资质认定' })
  @IsString()
  @MinLength(1)
  @MaxLength(20)
  category: string;

  @ApiPropertyOptional({ enum: ['manual', 'imported', 'derived'] })
  @IsOptional()
  @IsIn(['manual', 'imported', 'derived'])
  source?: 'manual' | 'imported' | 'derived';

  @ApiPropertyOptional({ description: '所属部门（仅管理员可指定）' })
  @IsOptional()
  @IsString()
  ownerDepartment?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class DeriveTagDto {
  @ApiProperty({ description: '派生规则（条件项见 GET /facts）', example: { all: [{ fact: 'revenue', operator: 'greaterThanInclusive', value: 2000000000 }] } })
  @IsObject()
  rule: Record<string, unknown>;
}

export class UpdateTagDto {
  @IsOptional() @IsString() @MinLength(2) @MaxLength(50) name?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(20) category?: string;
  @IsOptional() @IsString() @MaxLength(500) description?: string;
}

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
