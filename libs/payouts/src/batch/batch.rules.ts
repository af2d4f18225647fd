import type { Principal, Role } from '@app/core';
import type { PayerBacklog } from './batches.repository';
import { AutoCheckResult, FINANCE_PAYER, PayerCode } from './batch.types';

/** The auto-batcher and the auto-check act as these system principals (batch columns hold uuids; audit shows the names). */
export const AUTO_BATCHER = { id: '00000000-0000-4000-8000-0000000a0b01', username: 'system:auto-batch', displayName: '自动组批', role: 'system' } as const;
export const AUTO_CHECKER = { id: '00000000-0000-4000-8000-0000000a0c01', username: 'system:auto-check', displayName: '规则自动复核', role: 'system' } as const;

export const BATCH_MAKER_ROLES: readonly Role[] = ['finance_maker', 'dept_payer_maker'];
export const BATCH_CHECKER_ROLES: readonly Role[] = ['finance_checker', 'dept_payer_checker'];

/**
 * Whose batches a person works on: finance staff on finance-paid pools, a department's payers on
 * the pools their department pays from its own account; null for the roles that only read.
 */
export function payerScopeOf(p: Pick<Principal, 'role' | 'departmentCode'>): PayerCode | null {
  // The platform admin passes every role check; it builds finance batches (and may act on any, see mayActFor).
  if (p.role === 'finance_maker' || p.role === 'finance_checker' || p.role === 'admin') return FINANCE_PAYER;
  if ((p.role === 'dept_payer_maker' || p.role === 'dept_payer_checker') && p.departmentCode) return p.departmentCode;
  return null;
}

/** Whether this person may build, submit, approve or reject a batch of this payer. */
export function mayActFor(p: Pick<Principal, 'role' | 'departmentCode'>, payerCode: PayerCode): boolean {
  return p.role === 'admin' || payerScopeOf(p) === payerCode;
}

/** Human-readable payer for messages. */
export const payerLabel = (payer: PayerCode) => (payer === FINANCE_PAYER ? '财政' : `部门 ${payer}`);

/**
 * How many batches to cut for each payer now: a full batch for every `max` ready instructions, and
 * the remainder too once the oldest has waited `everyMs` (0: auto-batching off). `age` gives how
 * long an instruction ready at a database time has waited on the payout clock.
 */
export function dueCuts(backlog: PayerBacklog[], opts: { everyMs: number; max: number; age: (readyAt: Date) => number }): Array<{ payerCode: PayerCode; cuts: number }> {
  if (opts.everyMs <= 0) return [];
  const out: Array<{ payerCode: PayerCode; cuts: number }> = [];
  for (const b of backlog) {
    if (b.count <= 0) continue;
    const cuts = opts.age(b.oldestAt) >= opts.everyMs ? Math.ceil(b.count / opts.max) : Math.floor(b.count / opts.max);
    if (cuts > 0) out.push({ payerCode: b.payerCode, cuts });
  }
  return out;
}

/**
 * 规则自动复核: a batch passes when its total is below the limit (0: nothing passes), it holds no
 * reissue (a returned payment goes again only after a person looked), and every pool can carry it.
 * Otherwise it waits for a human checker.
 */
export function autoCheck(batch: { totalFen: number }, facts: { reissues: number; shortPools: Array<{ fundPoolId: string; requiredFen: number; availableFen: number }> }, limitFen: number): AutoCheckResult {
  const rules: AutoCheckResult['rules'] = [
    {
      rule: 'total_under_limit',
      passed: limitFen > 0 && batch.totalFen < limitFen,
      detail: limitFen > 0 ? `批次金额 ${batch.totalFen} 分，自动复核上限 ${limitFen} 分` : '未启用自动复核（AUTO_CHECK_MAX_FEN=0）',
    },
    { rule: 'no_reissues', passed: facts.reissues === 0, detail: facts.reissues === 0 ? '无重新支付指令' : `含 ${facts.reissues} 笔重新支付指令，须人工复核` },
    {
      rule: 'pool_capacity',
      passed: facts.shortPools.length === 0,
      detail: facts.shortPools.length === 0 ? '各资金池余额充足' : `资金池余额不足：${facts.shortPools.map((p) => p.fundPoolId).join('、')}`,
    },
  ];
  return { passed: rules.every((r) => r.passed), limitFen, rules };
}
