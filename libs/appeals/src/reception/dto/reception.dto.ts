import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { AssignDto } from '../../appeal/dto/appeal.requests';
import { RECEPTION_KINDS, ReceptionKind } from '../reception.views';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class ScheduleDto {
  @ApiProperty({ example: '2026年12月企业家接待日' }) @IsString() @Length(2, 200) title: string;
  @ApiPropertyOptional({ example: '要素保障专场' }) @IsOptional() @IsString() @Length(1, 200) theme?: string;
  @ApiProperty({ enum: RECEPTION_KINDS }) @IsIn(RECEPTION_KINDS) kind: ReceptionKind;
  @ApiProperty({ example: '2026-12-05' }) @Matches(DATE) heldOn: string;
  @ApiProperty() @IsString() @Length(2, 200) location: string;
  @ApiProperty({ description: '接待领导（轮值）' }) @IsString() @Length(2, 100) host: string;
  @ApiPropertyOptional({ description: '区县代码（区县举办时）' }) @IsOptional() @Matches(/^\d{6}$/) districtCode?: string;
  @ApiProperty({ minimum: 1, maximum: 10000 }) @Type(() => Number) @IsInt() @Min(1) @Max(10000) capacity: number;
  @ApiProperty({ example: '2026-12-01' }) @Matches(DATE) registrationDeadline: string;
  @ApiProperty({ description: '公告正文' }) @IsString() @Length(2, 5000) notice: string;
}

export class RegisterDto {
  @ApiProperty({ description: '拟反映的问题' }) @IsString() @Length(2, 2000) topics: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 50) contactName?: string;
  @ApiPropertyOptional({ description: '督办人员点名邀请时：企业 id' }) @IsOptional() @IsUUID() enterpriseId?: string;
}

export class RollCallDto {
  @ApiProperty({ type: [String], description: '到场的报名 id；其余报名记为缺席' }) @IsArray() @ArrayMaxSize(10000) @IsUUID('all', { each: true }) present: string[];
}

export class MinutesItemDto {
  @ApiProperty() @IsUUID() enterpriseId: string;
  @ApiProperty() @IsString() @Length(1, 40) category: string;
  @ApiProperty() @IsString() @Length(2, 200) title: string;
  @ApiProperty() @IsString() @Length(5, 5000) description: string;
  @ApiPropertyOptional({ description: '现场拍板：当场答复内容' }) @IsOptional() @IsString() @Length(2, 5000) onSpotAnswer?: string;
  @ApiPropertyOptional({ type: AssignDto, description: '现场交办' }) @IsOptional() @ValidateNested() @Type(() => AssignDto) assign?: AssignDto;
}

export class MinutesDto {
  @ApiProperty({ description: '纪要正文' }) @IsString() @Length(2, 20000) summary: string;
  @ApiProperty({ type: [MinutesItemDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => MinutesItemDto) items: MinutesItemDto[];
}

export class PeriodQueryDto {
  @ApiPropertyOptional() @IsOptional() @Matches(DATE) from?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(DATE) to?: string;
}
