import { compileColumnar, EvaluationContext, isAll, popcount, RowBitset, RuleCondition } from '@app/rules';
import { computeBenefits, planBenefit, sumOver } from '../benefit/columnar-benefit';
import type { EnterpriseSnapshot } from '../snapshot/enterprise-snapshot';
import type { BudgetPriority, ResolvedScenario } from '../scenario/scenario.types';
import type { BaselineCache, EvaluatedSide } from './baseline-cache';
import { distribute, Distribution } from './grouping';

export interface FirmSample {
  id: string;
  name: string | null;
  districtCode: string | null;
  industryCode: string | null;
  scale: string | null;
  /** Benefit under the scenario (gained, funded) or under the baseline (lost). */
  amountFen: number;
}

export interface Outcome {
  eligible: number;
  totalFen: number;
  /** Rounded to the fen; 0 when nobody is eligible. */
  averageFen: number;
  distribution: Distribution;
}

export interface ChangeSet {
  count: number;
  totalFen: number;
  /** The first firms in registration order. */
  sample: FirmSample[];
}

export interface BudgetOutcome {
  capFen: number;
  priority: BudgetPriority;
  /** Chinese statement of the order, for the UI and the CSV. */
  priorityDescription: string;
  funded: number;
  fundedFen: number;
  unfunded: number;
  unfundedFen: number;
  /** The first firm the money did not reach, or null when the cap covers everyone. */
  exhaustedAt: null | { rank: number; firm: FirmSample; cumulativeFenBefore: number; remainingFen: number };
}

export interface WhatIfAnswer {
  snapshot: { rows: number; asOf: string | null };
  /** The evaluation date of 成立满N年 conditions. */
  asOf: string;
  scenario: Outcome;
  baseline: Outcome;
  diff: { gained: ChangeSet; lost: ChangeSet; kept: number; deltaEligible: number; deltaFen: number };
  budget: BudgetOutcome | null;
  timingMs: number;
}

export const PRIORITY_DESCRIPTIONS: Record<BudgetPriority, string> = {
  registration: '按企业登记入库顺序（先登记先兑现），资金不足时在第一家无法足额兑现的企业处停止',
  amountAscending: '按补贴金额从小到大（金额相同按登记顺序），资金不足时在第一家无法足额兑现的企业处停止',
};

/** Evaluates a rule over the whole snapshot. */
export function eligibleRows(snapshot: EnterpriseSnapshot, rule: RuleCondition, ctx: EvaluationContext): RowBitset {
  return compileColumnar(rule, snapshot.registry, ctx)(snapshot.store);
}

/**
 * Answers a what-if (情景推演): the scenario and its baseline (the base without overrides) over the
 * snapshot, their costs and distributions, the firms gained and lost, and the budget cut-off.
 * Synchronous over the in-memory snapshot, so a refresh can never interleave with one answer.
 * With a `cache`, the baseline of an unchanged base on an unchanged snapshot is reused (a slider
 * move only changes the scenario side) and the scenario's amounts go into a reused array.
 */
export function runWhatIf(snapshot: EnterpriseSnapshot, s: ResolvedScenario, cache?: BaselineCache): WhatIfAnswer {
  const started = performance.now();
  const ctx = { asOf: s.asOf };
  const outcome = (rows: RowBitset, amounts: Float64Array): Outcome => {
    const eligible = popcount(rows);
    const totalFen = sumOver(amounts, rows);
    return {
      eligible,
      totalFen,
      averageFen: eligible === 0 ? 0 : Math.round(totalFen / eligible),
      distribution: distribute(snapshot, rows, amounts, s.groupBy, s.industryLevel),
    };
  };
  const evaluateBaseline = (): EvaluatedSide => {
    const rows = eligibleRows(snapshot, s.baseRule, ctx);
    const amounts = computeBenefits(planBenefit(s.baseFormula, snapshot.registry), snapshot.store, rows);
    return { rows, amounts, outcome: outcome(rows, amounts) };
  };
  const base = cache ? cache.baseline(snapshot, s, evaluateBaseline) : evaluateBaseline();
  const sameRule = JSON.stringify(s.rule) === JSON.stringify(s.baseRule);
  const sameFormula = JSON.stringify(s.formula) === JSON.stringify(s.baseFormula);
  let side: EvaluatedSide = base;
  if (!(sameRule && sameFormula)) {
    const rows = sameRule ? base.rows : scenarioRowsOf(snapshot, s, ctx, cache);
    const amounts = computeBenefits(planBenefit(s.formula, snapshot.registry), snapshot.store, rows, cache?.scratch(snapshot.rowCount));
    side = { rows, amounts, outcome: outcome(rows, amounts) };
  }
  const scenarioRows = side.rows;
  const baselineRows = base.rows;
  const scenarioAmounts = side.amounts;
  const scenario = side.outcome;
  const baseline = base.outcome;

  const gained = new Uint32Array(scenarioRows.length);
  const lost = new Uint32Array(scenarioRows.length);
  for (let w = 0; w < gained.length; w += 1) {
    gained[w] = scenarioRows[w] & ~baselineRows[w];
    lost[w] = baselineRows[w] & ~scenarioRows[w];
  }
  const change = (rows: RowBitset, amounts: Float64Array): ChangeSet => ({
    count: popcount(rows),
    totalFen: sumOver(amounts, rows),
    sample: firstRows(rows, s.sampleSize).map((r) => firmSample(snapshot, r, amounts[r])),
  });
  const g = change(gained, scenarioAmounts);
  const l = change(lost, base.amounts);
  return {
    snapshot: { rows: snapshot.rowCount, asOf: snapshot.readUpTo?.toISOString() ?? null },
    asOf: s.asOf,
    scenario,
    baseline,
    diff: {
      gained: g,
      lost: l,
      kept: scenario.eligible - g.count,
      deltaEligible: scenario.eligible - baseline.eligible,
      deltaFen: scenario.totalFen - baseline.totalFen,
    },
    budget: s.budget ? allocateBudget(snapshot, scenarioRows, scenarioAmounts, s.budget.capFen, s.budget.priority, scenario) : null,
    timingMs: Math.round((performance.now() - started) * 100) / 100,
  };
}

/**
 * The scenario's eligible rows. A slider edits one condition of the base's top-level `all`: the
 * rows meeting the other conditions are the same for every position, so with a cache they are
 * computed once and only the edited conditions are tested, within them (all ∧ is order-free).
 */
function scenarioRowsOf(snapshot: EnterpriseSnapshot, s: ResolvedScenario, ctx: EvaluationContext, cache?: BaselineCache): RowBitset {
  const base = s.baseRule;
  const rule = s.rule;
  if (!cache || !isAll(base) || !isAll(rule) || base.all.length !== rule.all.length) return eligibleRows(snapshot, rule, ctx);
  const edited: number[] = [];
  rule.all.forEach((child, i) => {
    if (JSON.stringify(child) !== JSON.stringify(base.all[i])) edited.push(i);
  });
  if (edited.length === 0 || edited.length === rule.all.length) return eligibleRows(snapshot, rule, ctx);
  const kept = base.all.filter((_, i) => !edited.includes(i));
  const within = cache.remember(snapshot, JSON.stringify(['unedited', base, edited, s.asOf]), () => eligibleRows(snapshot, { all: kept }, ctx));
  return compileColumnar({ all: edited.map((i) => rule.all[i]) }, snapshot.registry, ctx)(snapshot.store, within);
}

export function firmSample(snapshot: EnterpriseSnapshot, row: number, amountFen: number): FirmSample {
  return {
    id: snapshot.idOf(row),
    name: snapshot.textOf(row, 'name'),
    districtCode: snapshot.textOf(row, 'districtCode'),
    industryCode: snapshot.textOf(row, 'industryCode'),
    scale: snapshot.textOf(row, 'scale'),
    amountFen,
  };
}

/** The first `n` set rows, in row (registration) order. */
export function firstRows(rows: RowBitset, n: number): number[] {
  const out: number[] = [];
  for (let w = 0; w < rows.length && out.length < n; w += 1) {
    let word = rows[w];
    while (word !== 0 && out.length < n) {
      const low = word & -word;
      out.push((w << 5) + (31 - Math.clz32(low)));
      word ^= low;
    }
  }
  return out;
}

/**
 * Funds eligible firms in the priority order until the next firm's amount no longer fits; that
 * firm and every one after it are unfunded (no skipping ahead to smaller amounts), so "where the
 * money runs out" is one firm and one rank.
 */
export function allocateBudget(
  snapshot: EnterpriseSnapshot,
  rows: RowBitset,
  amounts: Float64Array,
  capFen: number,
  priority: BudgetPriority,
  /** The count and sum of `rows` when the caller has them already (saves a walk over the rows). */
  known?: { eligible: number; totalFen: number },
): BudgetOutcome {
  const eligible = known?.eligible ?? popcount(rows);
  const total = known?.totalFen ?? sumOver(amounts, rows);
  const result = (funded: number, fundedFen: number, exhaustedAt: BudgetOutcome['exhaustedAt']): BudgetOutcome => ({
    capFen,
    priority,
    priorityDescription: PRIORITY_DESCRIPTIONS[priority],
    funded,
    fundedFen,
    unfunded: eligible - funded,
    unfundedFen: total - fundedFen,
    exhaustedAt,
  });
  if (total <= capFen) return result(eligible, total, null);

  if (priority === 'registration') {
    let cumulative = 0;
    let rank = 0;
    for (let w = 0; w < rows.length; w += 1) {
      let word = rows[w];
      while (word !== 0) {
        const low = word & -word;
        const row = (w << 5) + (31 - Math.clz32(low));
        const a = amounts[row];
        if (cumulative + a > capFen) {
          return result(rank, cumulative, { rank: rank + 1, firm: firmSample(snapshot, row, a), cumulativeFenBefore: cumulative, remainingFen: capFen - cumulative });
        }
        cumulative += a;
        rank += 1;
        word ^= low;
      }
    }
    return result(eligible, total, null);
  }

  // amountAscending: sort the amounts only (a native numeric sort), find the cut-off amount, then
  // find the marginal firm among those with exactly that amount in registration order.
  const sorted = new Float64Array(eligible);
  let i = 0;
  for (let w = 0; w < rows.length; w += 1) {
    let word = rows[w];
    while (word !== 0) {
      const low = word & -word;
      sorted[i++] = amounts[(w << 5) + (31 - Math.clz32(low))];
      word ^= low;
    }
  }
  sorted.sort();
  let cumulative = 0;
  let k = 0;
  while (k < sorted.length && cumulative + sorted[k] <= capFen) cumulative += sorted[k++];
  const cutAmount = sorted[k];
  let below = 0;
  while (below < k && sorted[below] < cutAmount) below += 1;
  let skip = k - below; // firms with exactly cutAmount that were funded
  for (let w = 0; w < rows.length; w += 1) {
    let word = rows[w];
    while (word !== 0) {
      const low = word & -word;
      const row = (w << 5) + (31 - Math.clz32(low));
      if (amounts[row] === cutAmount) {
        if (skip === 0) {
          return result(k, cumulative, { rank: k + 1, firm: firmSample(snapshot, row, cutAmount), cumulativeFenBefore: cumulative, remainingFen: capFen - cumulative });
        }
        skip -= 1;
      }
      word ^= low;
    }
  }
  return result(k, cumulative, null);
}
