import { describeRequirement } from '../explain/explain';
import type { FactRegistry } from '../facts/fact-registry';
import type { FormatOptions } from '../format/fact-format';
import { formatMoney, groupDigits, roundForDisplay } from '../format/money-format';
import { formatRatePercent, parseRatePpm } from '../benefit/rate';
import type { BenefitFormula, BenefitTier } from '../benefit/benefit.types';
import { EvaluationContext, isAll, isAny, isLeaf, RuleCondition } from '../rule/rule.types';

/**
 * One line of a rule read aloud to the public, without any firm's values: a group heading
 * ("同时满足以下全部条件") or a condition ("营业收入 要求不低于 1,000万元"), indented by depth.
 */
export interface RuleLine {
  depth: number;
  kind: 'all' | 'any' | 'not' | 'condition';
  text: string;
}

const GROUP_TEXT = { all: '同时满足以下全部条件', any: '满足以下任一条件', not: '不得满足以下条件' } as const;

/**
 * The rule as plain Chinese lines for a policy page. A top-level `all` is the usual "every one of"
 * and is not announced; nested groups are. Labels for tags and region codes come from `options`.
 */
export function describeRule(rule: RuleCondition, registry: FactRegistry, ctx: EvaluationContext, options: FormatOptions = {}): RuleLine[] {
  const lines: RuleLine[] = [];
  const visit = (node: RuleCondition, depth: number, announce: boolean): void => {
    if (isLeaf(node)) {
      const def = registry.require(node.fact);
      lines.push({ depth, kind: 'condition', text: `${def.label} ${describeRequirement(def, node, ctx, options)}` });
      return;
    }
    const kind = isAll(node) ? 'all' : isAny(node) ? 'any' : 'not';
    const children = isAll(node) ? node.all : isAny(node) ? node.any : [node.not];
    if (announce || kind !== 'all') lines.push({ depth, kind, text: GROUP_TEXT[kind] });
    const inner = announce || kind !== 'all' ? depth + 1 : depth;
    for (const c of children) visit(c, inner, true);
  };
  visit(rule, 0, false);
  return lines;
}

function capsText(f: { min?: number; max?: number }, separator = '，'): string {
  const parts: string[] = [];
  if (f.min !== undefined) parts.push(`保底 ${formatMoney(f.min)}`);
  if (f.max !== undefined) parts.push(`最高不超过 ${formatMoney(f.max)}`);
  return parts.length ? `${separator}${parts.join('，')}` : '';
}

function rateText(rate: string | undefined): string {
  const ppm = parseRatePpm(rate);
  return ppm === undefined ? String(rate) : formatRatePercent(ppm);
}

/**
 * The benefit formula in plain Chinese: "按研发费用的 10% 给予补助，最高不超过 500万元".
 * Tier bounds are shown in the fact's own unit (money as 元/万元).
 */
export function describeBenefitFormula(formula: BenefitFormula, registry: FactRegistry): string {
  if (formula.kind === 'fixed') return `定额 ${formatMoney(formula.amount)}${capsText(formula)}`;
  const def = registry.get(formula.fact);
  const label = def?.label ?? formula.fact;
  const bound = (v: number) => (def?.type === 'money' ? formatMoney(v) : `${groupDigits(roundForDisplay(v))}${def?.unit ?? ''}`);
  if (formula.kind === 'rate') return `按${label}的 ${rateText(formula.rate)} 计算${capsText(formula)}`;
  const pay = (t: BenefitTier) => (t.amount !== undefined ? formatMoney(t.amount) : `${label}的 ${rateText(t.rate)}`);
  const tiers = formula.tiers.map((t, i) => {
    if (t.from !== undefined) {
      const next = formula.tiers[i + 1]?.from;
      return next !== undefined ? `${bound(t.from)}（含）至 ${bound(next)}：${pay(t)}` : `${bound(t.from)} 及以上：${pay(t)}`;
    }
    const prev = i > 0 ? formula.tiers[i - 1].upTo : undefined;
    if (t.upTo === undefined) return `${prev !== undefined ? `超过 ${bound(prev)}` : '全部'}：${pay(t)}`;
    return `${prev !== undefined ? `超过 ${bound(prev)} 至 ` : '不超过 '}${bound(t.upTo)}（含）：${pay(t)}`;
  });
  const head = formula.mode === 'progressive' ? `按${label}分段累进计算` : `按${label}分档`;
  return `${head}：${tiers.join('；')}${capsText(formula, '；')}`;
}
