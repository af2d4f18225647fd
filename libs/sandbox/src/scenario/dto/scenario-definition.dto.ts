import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional } from 'class-validator';
import type { InlineBase, ItemVersionBase, ScenarioOptions, ScenarioOverrides } from '../../scenario/scenario.types';


/**
 * A scenario (情景) as the HTTP body. The nested rule, formula and edits are checked by the
 * sandbox itself (resolveScenario), which answers with JSON pointers into them.
 */
export class ScenarioDefinitionDto {
  @ApiProperty({
    description: '基准：{rule, formula}（申报条件 + 补贴公式）；预留 {itemVersionId}（政策中心上线后）',
    example: {
      rule: { all: [{ fact: 'revenue', operator: 'greaterThanInclusive', value: 5_000_000_000 }] },
      formula: { kind: 'rate', fact: 'rdExpense', rate: '0.1', max: 50_000_000 },
    },
  })
  @IsObject()
  base: InlineBase | ItemVersionBase;

  @ApiPropertyOptional({
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

  @ApiPropertyOptional({ description: 'groupBy（district|industry|scale|tag）、industryLevel（section|division）、sampleSize、asOf', example: { groupBy: ['district', 'industry'] } })
  @IsOptional()
  @IsObject()
  options?: ScenarioOptions;
}
