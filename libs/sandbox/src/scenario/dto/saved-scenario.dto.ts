import { ApiProperty } from '@nestjs/swagger';
import { ITEM_STATUSES } from '@app/policies';
import type { ItemStatus } from '@app/policies';
import { WhatIfAnswerDto } from '../../what-if/dto/what-if-answer.dto';
import { ScenarioDefinitionDto } from './scenario-definition.dto';

/** 情景 as saved: visible to its owner, the owner's department, and everyone once shared. */
export class SavedScenarioDto {
  @ApiProperty() id: string;
  @ApiProperty() ownerId: string;
  @ApiProperty({ type: String, nullable: true }) ownerName: string | null;
  @ApiProperty({ example: 'leader' }) ownerRole: string;
  @ApiProperty({ type: String, nullable: true }) departmentCode: string | null;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: () => ScenarioDefinitionDto }) definition: ScenarioDefinitionDto;
  @ApiProperty({ description: '共享给其他领导与部门' }) shared: boolean;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class SavedScenarioPageDto {
  @ApiProperty({ type: () => SavedScenarioDto, isArray: true }) items: SavedScenarioDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class ScenarioRunDto {
  @ApiProperty({ type: () => SavedScenarioDto }) scenario: SavedScenarioDto;
  @ApiProperty({ type: () => WhatIfAnswerDto }) answer: WhatIfAnswerDto;
}

/** The draft version a scenario became (its main fields; the policy center's item view has them all). */
export class ProposedDraftDto {
  @ApiProperty({ description: '新草稿版本 ID' }) id: string;
  @ApiProperty() itemId: string;
  @ApiProperty() itemCode: string;
  @ApiProperty() policyId: string;
  @ApiProperty({ description: '版本号' }) version: number;
  @ApiProperty({ enum: [...ITEM_STATUSES], example: 'draft' }) status: ItemStatus;
  @ApiProperty() name: string;
  @ApiProperty() ownerDepartment: string;
  @ApiProperty({ type: String, nullable: true }) changeNote: string | null;
}
