import { DomainError } from '@app/core';
import { fullBitset, isNumericFact, popcount, RuleCondition } from '@app/rules';
import { computeBenefits, planBenefit, sumOver } from '../benefit/columnar-benefit';
import { invalid, SandboxErrors } from '../sandbox.errors';
import { applyPatch, parsePointer, valueAt } from '../scenario/json-pointer';
import { checkRule } from '../scenario/resolve-scenario';
import type { ResolvedScenario } from '../scenario/scenario.types';
import type { EnterpriseSnapshot } from '../snapshot/enterprise-snapshot';
import { eligibleRows } from '../what-if/what-if.engine';

export interface SweepSpec {
  /** Pointer to a numeric threshold in the scenario rule: `/all/0/value` or `/all/2/value/1` (between). */
  pointer: string;
  from: number;
  to: number;
  /** 2–50, default 20. */
  points?: number;
}

export interface SweepPoint {
  value: number;
  eligible: number;
  totalFen: number;
}

export interface SweepAnswer {
  pointer: string;
  fact: string;
  operator: string;
  points: SweepPoint[];
  timingMs: number;
}

export const MAX_SWEEP_POINTS = 50;

/**
 * 阈值扫描: the eligible count and cost as one numeric threshold of the scenario rule moves over
 * [from, to]. Amounts are computed once for every firm; each point is one columnar evaluation and
 * one masked sum.
 */
export function runSweep(snapshot: EnterpriseSnapshot, s: ResolvedScenario, spec: SweepSpec): SweepAnswer {
  const started = performance.now();
  const leaf = locateLeaf(s.rule, spec, snapshot);
  const n = spec.points ?? 20;
  const values = sweepValues(spec.from, spec.to, n, leaf.integer);
  const amounts = computeBenefits(planBenefit(s.formula, snapshot.registry), snapshot.store, fullBitset(snapshot.rowCount));
  const points = values.map((value) => {
    const rule = checkRule(applyPatch(s.rule, [{ op: 'replace', path: spec.pointer, value }]), snapshot.registry, '/sweep', '扫描后的条件不合法');
    const rows = eligibleRows(snapshot, rule, { asOf: s.asOf });
    return { value, eligible: popcount(rows), totalFen: sumOver(amounts, rows) };
  });
  return { pointer: spec.pointer, fact: leaf.fact, operator: leaf.operator, points, timingMs: Math.round((performance.now() - started) * 100) / 100 };
}

function locateLeaf(rule: RuleCondition, spec: SweepSpec, snapshot: EnterpriseSnapshot): { fact: string; operator: string; integer: boolean } {
  const bad = (message: string) => invalid(SandboxErrors.InvalidSweep, message, '/sweep/pointer', [{ pointer: spec.pointer, code: SandboxErrors.InvalidSweep, message }]);
  const pts = spec.points ?? 20;
  if (!Number.isInteger(pts) || pts < 2 || pts > MAX_SWEEP_POINTS) throw bad(`扫描点数应为 2–${MAX_SWEEP_POINTS} 的整数`);
  if (!Number.isFinite(spec.from) || !Number.isFinite(spec.to)) throw bad('扫描区间应为有限数值');
  let tokens: string[];
  try {
    tokens = parsePointer(spec.pointer);
  } catch {
    throw bad('扫描位置应为 JSON 指针');
  }
  const valueIndex = tokens.lastIndexOf('value');
  const leafPointer = valueIndex < 0 ? '' : '/' + tokens.slice(0, valueIndex).join('/');
  const leaf = valueIndex < 0 ? undefined : (valueAt(rule, leafPointer === '/' ? '' : leafPointer) as Record<string, unknown> | undefined);
  if (!leaf || typeof leaf.fact !== 'string' || typeof valueAt(rule, spec.pointer) !== 'number') {
    throw bad('扫描位置须指向某个条件的数值比较值（如 /all/0/value）');
  }
  const def = snapshot.registry.get(leaf.fact);
  if (!def || !isNumericFact(def)) throw new DomainError(SandboxErrors.InvalidSweep, '只能扫描数值类条件', { at: '/sweep/pointer', pointer: spec.pointer });
  return { fact: def.key, operator: String(leaf.operator), integer: def.type !== 'number' };
}

/** Evenly spaced values from `from` to `to` inclusive; rounded and de-duplicated for integer facts. */
export function sweepValues(from: number, to: number, points: number, integer: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < points; i += 1) {
    const x = from + ((to - from) * i) / (points - 1);
    const v = integer ? Math.round(x) : x;
    if (out[out.length - 1] !== v) out.push(v);
  }
  return out;
}
