import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import type { ReferenceObject, SchemaObject } from '@nestjs/swagger';
import { CUSTOM_OPERATORS, STANDARD_OPERATORS } from '@app/rules';
import type { BenefitTier, RuleCondition, RuleOperator, RuleValue } from '@app/rules';

/**
 * The stored rule (申报条件, json-rules-engine conditions) and benefit formula (补贴测算公式) as
 * response schemas: unions of the classes below, so the console's generated types are the same
 * discriminated unions as @app/rules. The classes are registered with `@ApiExtraModels` where a
 * response uses them (schemas named by string, since the rule refers to itself).
 */

/**
 * A property whose value is one of several schemas. Its TypeScript type is a union, which reflects
 * as `Object`; @nestjs/swagger would put `type: object` beside the `oneOf` — `type: Array` with a
 * combinator makes it emit the `oneOf` alone.
 */
export const oneOf = (...schemas: Array<SchemaObject | ReferenceObject>) => ({ type: Array, oneOf: schemas });
const ref = (name: string): ReferenceObject => ({ $ref: getSchemaPath(name) });

/** A property that may hold any JSON value (a fact's value, a changed leaf of a rule). */
export const JSON_VALUE = { ...oneOf({ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'object', additionalProperties: true }, { type: 'array', items: {} }), nullable: true };
/** A property that is a rule: one of the four condition shapes. */
export const RULE_SCHEMA = oneOf(ref('RuleAllDto'), ref('RuleAnyDto'), ref('RuleNotDto'), ref('RuleLeafDto'));
/** A property that is a benefit formula: fixed, rate or tiers. */
export const FORMULA_SCHEMA = oneOf(ref('FixedBenefitDto'), ref('RateBenefitDto'), ref('TieredBenefitDto'));

export class RuleAllDto {
  @ApiProperty({ type: 'array', items: { oneOf: RULE_SCHEMA.oneOf }, description: '全部满足' }) all: RuleCondition[];
}

export class RuleAnyDto {
  @ApiProperty({ type: 'array', items: { oneOf: RULE_SCHEMA.oneOf }, description: '满足其一' }) any: RuleCondition[];
}

export class RuleNotDto {
  @ApiProperty({ ...RULE_SCHEMA, description: '不满足' }) not: RuleCondition;
}

export class RuleLeafDto {
  @ApiProperty({ description: '条件项（见 GET /facts）', example: 'rdExpense' }) fact: string;
  @ApiProperty({ enum: [...STANDARD_OPERATORS, ...CUSTOM_OPERATORS] }) operator: RuleOperator;
  @ApiProperty({
    ...oneOf({ type: 'number' }, { type: 'string' }, { type: 'boolean' }, { type: 'array', items: { oneOf: [{ type: 'number' }, { type: 'string' }] } }),
    description: '比较值（金额单位：分）',
  })
  value: RuleValue;
}

export const RULE_MODELS = [RuleAllDto, RuleAnyDto, RuleNotDto, RuleLeafDto];

export class FixedBenefitDto {
  @ApiProperty({ enum: ['fixed'] }) kind: 'fixed';
  @ApiProperty({ description: '定额（分）' }) amount: number;
  @ApiPropertyOptional({ description: '保底（分）' }) min?: number;
  @ApiPropertyOptional({ description: '封顶（分）' }) max?: number;
}

export class RateBenefitDto {
  @ApiProperty({ enum: ['rate'] }) kind: 'rate';
  @ApiProperty({ description: '金额类条件项', example: 'rdExpense' }) fact: string;
  @ApiProperty({ description: '比例（小数文本）', example: '0.1' }) rate: string;
  @ApiPropertyOptional({ description: '保底（分）' }) min?: number;
  @ApiPropertyOptional({ description: '封顶（分）' }) max?: number;
}

export class BenefitTierDto implements BenefitTier {
  @ApiPropertyOptional({ description: '上限（含，分）' }) upTo?: number;
  @ApiPropertyOptional({ description: '下限（含，分）' }) from?: number;
  @ApiPropertyOptional({ description: '定额（分）' }) amount?: number;
  @ApiPropertyOptional({ description: '比例（小数文本）' }) rate?: string;
}

export class TieredBenefitDto {
  @ApiProperty({ enum: ['tiers'] }) kind: 'tiers';
  @ApiProperty({ description: '金额类条件项' }) fact: string;
  @ApiProperty({ enum: ['bracketed', 'progressive'], description: 'bracketed：所在档适用全部金额；progressive：超额累进' }) mode: 'bracketed' | 'progressive';
  @ApiProperty({ type: () => [BenefitTierDto] }) tiers: BenefitTierDto[];
  @ApiPropertyOptional({ description: '保底（分）' }) min?: number;
  @ApiPropertyOptional({ description: '封顶（分）' }) max?: number;
}

export const FORMULA_MODELS = [FixedBenefitDto, RateBenefitDto, TieredBenefitDto];
