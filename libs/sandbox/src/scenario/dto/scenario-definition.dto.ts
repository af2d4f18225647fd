import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional } from 'class-validator';
import { GROUP_KEYS } from '../resolve-scenario';
import { BUDGET_PRIORITIES, INDUSTRY_LEVELS } from '../scenario.types';
import type { InlineBase, ItemVersionBase, ScenarioDefinition, ScenarioOptions, ScenarioOverrides } from '../scenario.types';

/** Any JSON value (a threshold, a condition, a tier…): what a JSON Patch `value` may be. */
const JSON_VALUE = { oneOf: [{ type: 'number' }, { type: 'string' }, { type: 'boolean' }, { type: 'object', additionalProperties: true }, { type: 'array', items: {} }] };
/** A rule or formula: checked by the sandbox itself, which answers with JSON pointers into it. */
const JSON_OBJECT = { type: 'object', additionalProperties: true } as const;

/*
 * The classes below only document the nested parts of a scenario for the OpenAPI document (and so
 * the console's types). They are not validated field by field: resolveScenario checks them and
 * names the exact pointer of a problem, which class-validator could not.
 */

export class ScenarioBaseDto {
  @ApiPropertyOptional({ description: '政策事项版本 ID（以现行事项为基准）' }) itemVersionId?: string;
  @ApiPropertyOptional({ ...JSON_OBJECT, description: '申报条件（与 formula 一起给出时为内联基准）' }) rule?: unknown;
  @ApiPropertyOptional({ ...JSON_OBJECT, description: '补贴公式' }) formula?: unknown;
}

export class PatchOperationDto {
  @ApiProperty({ enum: ['replace', 'add', 'remove'] }) op: 'replace' | 'add' | 'remove';
  @ApiProperty({ description: 'JSON 指针', example: '/all/0/value' }) path: string;
  @ApiPropertyOptional({ ...JSON_VALUE, description: '新值（remove 时省略）' }) value?: unknown;
}

export class ScenarioOverridesDto {
  @ApiPropertyOptional({ type: () => PatchOperationDto, isArray: true, description: '对基准申报条件的 JSON Patch' }) rule?: PatchOperationDto[];
  @ApiPropertyOptional({ ...JSON_OBJECT, description: '整体替换申报条件（与 rule 不可同时使用）' }) replaceRule?: unknown;
  @ApiPropertyOptional({ type: () => PatchOperationDto, isArray: true, description: '对基准补贴公式的 JSON Patch' }) formula?: PatchOperationDto[];
  @ApiPropertyOptional({ ...JSON_OBJECT, description: '整体替换补贴公式' }) replaceFormula?: unknown;
  @ApiPropertyOptional({ description: '预算上限（分）' }) budgetCapFen?: number;
  @ApiPropertyOptional({ enum: [...BUDGET_PRIORITIES], description: '资金分配顺序，默认 registration（按登记顺序）' }) budgetPriority?: ScenarioOverrides['budgetPriority'];
}

export class ScenarioOptionsDto {
  @ApiPropertyOptional({ enum: [...GROUP_KEYS], isArray: true, description: '分布的分组维度' }) groupBy?: ScenarioOptions['groupBy'];
  @ApiPropertyOptional({ enum: [...INDUSTRY_LEVELS], description: '行业分组：section（门类）或 division（大类）' }) industryLevel?: ScenarioOptions['industryLevel'];
  @ApiPropertyOptional({ description: '新增/减少企业各列出的家数，默认 20，至多 200' }) sampleSize?: number;
  @ApiPropertyOptional({ description: '测算基准日 YYYY-MM-DD，默认今天', example: '2026-11-27' }) asOf?: string;
}

/**
 * A scenario (情景) as the HTTP body. The nested rule, formula and edits are checked by the
 * sandbox itself (resolveScenario), which answers with JSON pointers into them.
 */
export class ScenarioDefinitionDto implements ScenarioDefinition {
  @ApiProperty({
    type: () => ScenarioBaseDto,
    description: '基准：{itemVersionId}（政策事项版本）或 {rule, formula}（申报条件 + 补贴公式）',
    example: {
      rule: { all: [{ fact: 'revenue', operator: 'greaterThanInclusive', value: 5_000_000_000 }] },
      formula: { kind: 'rate', fact: 'rdExpense', rate: '0.1', max: 50_000_000 },
    },
  })
  @IsObject()
  base: InlineBase | ItemVersionBase;

  @ApiPropertyOptional({
    type: () => ScenarioOverridesDto,
    description:
      '调整：rule/formula 为 JSON Patch（op: replace|add|remove, path: JSON 指针, value），或 replaceRule/replaceFormula 整体替换；budgetCapFen 预算上限（分）；budgetPriority: registration | amountAscending',
    example: {
      rule: [
        { op: 'replace', path: '/all/0/value', value: 3_000_000_000 },
        { op: 'add', path: '/all/-', value: { fact: 'tags', operator: 'hasTag', value: 'specialized' } },
      ],
      budgetCapFen: 100_000_000_000,
    },
  })
  @IsOptional()
  @IsObject()
  overrides?: ScenarioOverrides;

  @ApiPropertyOptional({ type: () => ScenarioOptionsDto, description: 'groupBy（district|industry|scale|tag）、industryLevel（section|division）、sampleSize、asOf', example: { groupBy: ['district', 'industry'] } })
  @IsOptional()
  @IsObject()
  options?: ScenarioOptions;
}

/** A definition DTO back to plain JSON (drops unset optional fields), as it is resolved and saved. */
export function definitionOf(dto: ScenarioDefinitionDto): ScenarioDefinition {
  return JSON.parse(JSON.stringify({ base: dto.base, overrides: dto.overrides, options: dto.options })) as ScenarioDefinition;
}
