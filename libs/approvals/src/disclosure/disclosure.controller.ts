import { Body, Controller, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { CurrentUser, Principal, Public, Roles } from '@app/core';
import { renderDisclosureIndex, renderDisclosureRound } from './disclosure-page';
import { DisclosureService } from './disclosure.service';
import { DisclosureRoundDetailDto, DisclosureRoundDto, ObjectionReceiptDto } from './dto/disclosure-view.dto';

class OpenRoundDto {
  @ApiProperty()
  @IsUUID()
  itemId: string;

  @ApiPropertyOptional({ description: '公示期（工作日），默认按配置' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(30)
  workingDays?: number;
}

class ObjectionDto {
  @ApiProperty()
  @IsUUID()
  applicationId: string;

  @ApiProperty()
  @IsString()
  @Length(1, 50)
  contactName: string;

  @ApiProperty()
  @IsString()
  @Length(5, 30)
  contactPhone: string;

  @ApiProperty()
  @IsString()
  @Length(5, 2000)
  reason: string;
}

class ResolveDto {
  @ApiProperty({ enum: ['upheld', 'dismissed'] })
  @IsIn(['upheld', 'dismissed'])
  decision: 'upheld' | 'dismissed';

  @ApiProperty()
  @IsString()
  @Length(2, 2000)
  resolution: string;
}

class ObjectionQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'upheld', 'dismissed'] })
  @IsOptional()
  @IsIn(['open', 'upheld', 'dismissed'])
  status?: string;
}

/** 公示: public lists and objections (no login), rounds and objection handling (reviewers). */
@ApiTags('disclosures')
@Controller()
export class DisclosureController {
  constructor(private readonly disclosure: DisclosureService) {}

  @Get('disclosures')
  @Public()
  @ApiOkResponse({ type: [DisclosureRoundDto] })
  rounds() {
    return this.disclosure.openRounds();
  }

  /** The same lists as web pages for people (公示 is meant to be read by the public). */
  @Get('disclosures/page')
  @Public()
  @Header('content-type', 'text/html; charset=utf-8')
  async roundsPage() {
    return renderDisclosureIndex(await this.disclosure.openRounds());
  }

  @Get('disclosures/:roundId/page')
  @Public()
  @Header('content-type', 'text/html; charset=utf-8')
  async roundPage(@Param('roundId') roundId: string) {
    return renderDisclosureRound(await this.disclosure.publicRound(roundId));
  }

  @Get('disclosures/:roundId')
  @Public()
  @ApiOkResponse({ type: DisclosureRoundDetailDto })
  round(@Param('roundId') roundId: string) {
    return this.disclosure.publicRound(roundId);
  }

  @Post('disclosures/:roundId/objections')
  @Public()
  @ApiCreatedResponse({ type: ObjectionReceiptDto })
  object(@Param('roundId') roundId: string, @Body() dto: ObjectionDto) {
    return this.disclosure.fileObjection(roundId, dto);
  }

  @Post('disclosures')
  @ApiBearerAuth()
  @Roles('dept_reviewer')
  open(@CurrentUser() p: Principal, @Body() dto: OpenRoundDto) {
    return this.disclosure.openRound(p, dto.itemId, dto.workingDays);
  }

  @Get('objections')
  @ApiBearerAuth()
  @Roles('dept_reviewer', 'leader', 'auditor')
  objections(@CurrentUser() p: Principal, @Query() q: ObjectionQueryDto) {
    return this.disclosure.objections(p, q.status ?? 'open');
  }

  @Post('objections/:id/resolve')
  @HttpCode(200)
  @ApiBearerAuth()
  @Roles('dept_reviewer')
  resolve(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: ResolveDto) {
    return this.disclosure.resolveObjection(p, id, dto.decision, dto.resolution);
  }
}
