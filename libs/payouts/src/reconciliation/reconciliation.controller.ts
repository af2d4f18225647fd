import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { Transform } from 'class-transformer';
import { CurrentUser, Principal, Roles } from '@app/core';
import { PAYOUT_READERS } from '../payout.roles';
import { ReconItemDto, ReconRunDto } from './dto/reconciliation-view.dto';
import { ReconciliationService } from './reconciliation.service';

export class ImportFileDto {
  @ApiProperty({ description: '文件内容（定长格式文本）' }) @IsString() @MaxLength(50_000_000) content: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) fileName?: string;
  @ApiPropertyOptional({ description: '只对该批次对账（对账单）' }) @IsOptional() @IsUUID() batchId?: string;
}

export class ResolveItemDto {
  @ApiProperty({ enum: ['acknowledged', 'requeried', 'reissued', 'written_off'] })
  @IsIn(['acknowledged', 'requeried', 'reissued', 'written_off'])
  action: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) note?: string;
}

export class ExceptionQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() runId?: string;
  @ApiPropertyOptional() @IsOptional() @Transform(({ value }) => value === true || value === 'true') @IsBoolean() includeResolved?: boolean;
}

@ApiTags('payouts 兑付中心：对账')
@ApiBearerAuth()
@Controller('payouts/reconciliation')
export class ReconciliationController {
  constructor(private readonly recon: ReconciliationService) {}

  @Post('statements')
  @Roles('finance_maker', 'finance_checker')
  @ApiCreatedResponse({ type: ReconRunDto })
  importStatement(@CurrentUser() u: Principal, @Body() dto: ImportFileDto): Promise<ReconRunDto> {
    return this.recon.importStatement(u, dto);
  }

  @Post('result-files')
  @Roles('finance_maker', 'finance_checker')
  @ApiCreatedResponse({ type: ReconRunDto })
  importResults(@CurrentUser() u: Principal, @Body() dto: ImportFileDto): Promise<ReconRunDto> {
    return this.recon.importResultFile(u, dto);
  }

  @Get('runs/:id')
  @Roles(...PAYOUT_READERS)
  @ApiOkResponse({ type: ReconRunDto })
  run(@Param('id', ParseUUIDPipe) id: string): Promise<ReconRunDto> {
    return this.recon.getRun(id);
  }

  @Get('exceptions')
  @Roles(...PAYOUT_READERS)
  @ApiOkResponse({ type: [ReconItemDto] })
  exceptions(@Query() q: ExceptionQueryDto): Promise<ReconItemDto[]> {
    return this.recon.exceptions(q);
  }

  @Post('items/:id/resolve')
  @Roles('finance_maker', 'finance_checker')
  @HttpCode(200)
  @ApiOkResponse({ type: ReconItemDto })
  resolve(@CurrentUser() u: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ResolveItemDto): Promise<ReconItemDto> {
    return this.recon.resolve(u, id, dto.action, dto.note ?? null);
  }
}
