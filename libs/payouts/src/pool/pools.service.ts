import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, formatMoney, Page, Principal, uuid7 } from '@app/core';
import { PayoutErrors, payoutError, pgErrorOf } from '../payout.errors';
import type { FundPoolView, MovementKind, MovementStatus, PoolHistoryEntry, PoolMovementView } from './pool.types';
import { MovementRow, PoolRow, PoolsRepository } from './pools.repository';

const num = (v: string | number | null) => (v === null ? null : Number(v));
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function toPoolView(r: PoolRow): FundPoolView {
  const budgetFen = num(r.budget_fen);
  const committedFen = Number(r.committed_fen);
  return {
    id: r.id,
    itemId: r.item_id,
    itemName: r.item_name,
    departmentCode: r.department_code,
    payer: r.payer,
    payerCode: r.payer === 'department' && r.department_code ? r.department_code : 'finance',
    budgetFen,
    committedFen,
    availableFen: budgetFen === null ? null : budgetFen - committedFen,
    budgetLineFen: num(r.budget_line_fen),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

const toMovementView = (r: MovementRow): PoolMovementView => ({
  id: r.id,
  kind: r.kind,
  fromPoolId: r.from_pool_id,
  toPoolId: r.to_pool_id,
  amountFen: Number(r.amount_fen),
  amountText: formatMoney(Number(r.amount_fen)),
  reason: r.reason,
  status: r.status,
  requestedBy: r.requested_by,
  requestedByName: r.requested_by_name,
  requestedAt: new Date(r.requested_at).toISOString(),
  decidedBy: r.decided_by,
  decidedAt: iso(r.decided_at),
  rejectReason: r.reject_reason,
});

/**
 * 资金池: who pays it, its budget line (预算指标), and the money moved into it by finance — 追加
 * (top-up) and 调拨 (transfer between pools, 动态调拨) — each requested by a finance maker and
 * applied only when a different finance checker approves. Publishing an item version never changes
 * a pool that exists. Every change of budget or commitment lands in the pool's balance history.
 * All SQL is in PoolsRepository.
 */
@Injectable()
export class PoolsService {
  constructor(
    private readonly repo: PoolsRepository,
    private readonly audit: AuditService,
  ) {}

  async list(user: Principal, page = 1, pageSize = 20): Promise<Page<FundPoolView>> {
    const { rows, total } = await this.repo.list(this.departmentPayer(user) ? { departmentCode: user.departmentCode } : {}, page, pageSize);
    return { items: rows.map(toPoolView), total, page, pageSize };
  }

  async get(id: string, user?: Principal, m: EntityManager | DataSource = this.repo.db): Promise<FundPoolView> {
    const row = await this.repo.find(m, id);
    const pool = row ? toPoolView(row) : null;
    if (!pool || (user && this.departmentPayer(user) && pool.payerCode !== user.departmentCode)) {
      throw payoutError(PayoutErrors.PoolNotFound, `资金池 ${id} 不存在`, { id });
    }
    return pool;
  }

  /** Who pays the pool and its budget line; audited. A department-paid pool needs its department. */
  async updateSettings(user: Principal, id: string, change: { payer?: 'finance' | 'department'; budgetLineFen?: number | null }): Promise<FundPoolView> {
    return this.repo.transaction(async (m) => {
      await this.lockPools(m, [id]);
      const before = await this.get(id, undefined, m);
      const payer = change.payer ?? before.payer;
      if (payer === 'department' && !before.departmentCode) {
        throw payoutError(PayoutErrors.PoolPayerInvalid, `资金池 ${id} 没有主管部门，不能由部门支付`, { id });
      }
      if (payer !== before.payer) {
        const n = await this.repo.instructionsAwaitingCheck(m, id);
        if (n > 0) throw payoutError(PayoutErrors.PoolBatchWaiting, `资金池 ${id} 有 ${n} 笔指令在待复核的批次中，复核或退回后再变更支付单位`, { id, waiting: n });
      }
      const line = change.budgetLineFen === undefined ? before.budgetLineFen : change.budgetLineFen;
      if (line !== null && before.budgetFen !== null && before.budgetFen > line) {
        throw payoutError(PayoutErrors.PoolOverBudgetLine, `资金池额度 ${formatMoney(before.budgetFen)} 已超过该预算指标`, { id, budgetFen: before.budgetFen, budgetLineFen: line });
      }
      await this.repo.updateSettings(m, id, payer, line);
      const after = await this.get(id, undefined, m);
      await this.audit.record({ actor: user, action: 'payout.pool.settings', targetType: 'fund_pool', targetId: id, before, after }, m);
      return after;
    });
  }

  /** 追加/调拨 requested: validated now (nothing written on bad input), applied only on approval. */
  async request(user: Principal, input: { kind: MovementKind; fromPoolId?: string; toPoolId: string; amountFen: number; reason: string }): Promise<PoolMovementView> {
    const fromPoolId = input.kind === 'transfer' ? (input.fromPoolId ?? null) : null;
    if (input.kind === 'top_up' && input.fromPoolId) throw payoutError(PayoutErrors.MovementInvalid, '追加额度不能指定调出资金池', { fromPoolId: input.fromPoolId });
    if (input.kind === 'transfer' && (!fromPoolId || fromPoolId === input.toPoolId)) {
      throw payoutError(PayoutErrors.MovementInvalid, '调拨须指定不同的调出与调入资金池', { fromPoolId, toPoolId: input.toPoolId });
    }
    if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0) throw payoutError(PayoutErrors.MovementInvalid, '金额须为正整数（分）', { amountFen: input.amountFen });
    return this.repo.transaction(async (m) => {
      const id = uuid7();
      const movement = { kind: input.kind, fromPoolId, toPoolId: input.toPoolId, amountFen: input.amountFen };
      await this.assertFeasible(m, movement);
      await this.repo.insertMovement(m, { id, ...movement, reason: input.reason, requestedBy: user.id, requestedByName: user.displayName ?? user.username });
      const after = await this.movement(id, m);
      await this.audit.record({ actor: user, action: `payout.pool.${input.kind}.request`, targetType: 'pool_movement', targetId: id, after }, m);
      return after;
    });
  }

  /** 复核通过: by a finance checker who did not request it; the money moves in the same transaction. */
  async approve(user: Principal, id: string): Promise<PoolMovementView> {
    return this.repo.transaction(async (m) => {
      const before = await this.lockMovement(m, id);
      if (before.status !== 'requested') throw payoutError(PayoutErrors.MovementInvalidState, '该调拨申请已处理', { status: before.status });
      if (before.requestedBy === user.id) throw payoutError(PayoutErrors.MovementSamePerson, '复核人不能是申请人（四眼原则）', { id });
      await this.lockPools(m, [before.fromPoolId, before.toPoolId].filter((p): p is string => p !== null));
      await this.assertFeasible(m, before);
      const ref = `movement ${id}`;
      if (before.fromPoolId) {
        await this.changeBudget(m, before.fromPoolId, -before.amountFen, 'transfer_out', ref);
        await this.changeBudget(m, before.toPoolId, before.amountFen, 'transfer_in', ref);
      } else {
        await this.changeBudget(m, before.toPoolId, before.amountFen, 'top_up', ref);
      }
      await this.repo.markMovementApproved(m, id, user.id);
      const after = await this.movement(id, m);
      await this.audit.record({ actor: user, action: `payout.pool.${before.kind}.approve`, targetType: 'pool_movement', targetId: id, before, after }, m);
      return after;
    });
  }

  async reject(user: Principal, id: string, reason: string): Promise<PoolMovementView> {
    return this.repo.transaction(async (m) => {
      const before = await this.lockMovement(m, id);
      if (before.status !== 'requested') throw payoutError(PayoutErrors.MovementInvalidState, '该调拨申请已处理', { status: before.status });
      if (before.requestedBy === user.id) throw payoutError(PayoutErrors.MovementSamePerson, '复核人不能是申请人（四眼原则）', { id });
      await this.repo.markMovementRejected(m, id, user.id, reason);
      const after = await this.movement(id, m);
      await this.audit.record({ actor: user, action: `payout.pool.${before.kind}.reject`, targetType: 'pool_movement', targetId: id, before, after, details: { reason } }, m);
      return after;
    });
  }

  async movements(filter: { status?: MovementStatus; fundPoolId?: string }, page = 1, pageSize = 20): Promise<Page<PoolMovementView>> {
    const { rows, total } = await this.repo.movements(filter, page, pageSize);
    return { items: rows.map(toMovementView), total, page, pageSize };
  }

  /** The pool's balance history, newest first. */
  async history(user: Principal, id: string, page = 1, pageSize = 20): Promise<Page<PoolHistoryEntry>> {
    await this.get(id, user);
    const { rows, total } = await this.repo.history(id, page, pageSize);
    return {
      items: rows.map((r) => {
        const budgetFen = num(r.budget_fen);
        return {
          id: Number(r.id),
          at: new Date(r.at).toISOString(),
          cause: r.cause,
          ref: r.ref,
          budgetDeltaFen: Number(r.budget_delta_fen),
          committedDeltaFen: Number(r.committed_delta_fen),
          budgetFen,
          committedFen: Number(r.committed_fen),
          availableFen: budgetFen === null ? null : budgetFen - Number(r.committed_fen),
        };
      }),
      total,
      page,
      pageSize,
    };
  }

  /** Top-up within the budget line; a transfer only from what the source has not committed. */
  private async assertFeasible(m: EntityManager, mv: { kind: MovementKind; fromPoolId: string | null; toPoolId: string; amountFen: number }): Promise<void> {
    const to = await this.get(mv.toPoolId, undefined, m);
    if (to.budgetFen === null) throw payoutError(PayoutErrors.PoolUnlimited, `资金池 ${to.id} 未设额度，不能追加或调入`, { fundPoolId: to.id });
    if (to.budgetLineFen !== null && to.budgetFen + mv.amountFen > to.budgetLineFen) {
      throw payoutError(PayoutErrors.PoolOverBudgetLine, `追加后额度 ${formatMoney(to.budgetFen + mv.amountFen)} 超出预算指标 ${formatMoney(to.budgetLineFen)}`, {
        fundPoolId: to.id, budgetFen: to.budgetFen, amountFen: mv.amountFen, budgetLineFen: to.budgetLineFen,
      });
    }
    if (mv.fromPoolId) {
      const from = await this.get(mv.fromPoolId, undefined, m);
      if (from.availableFen === null) throw payoutError(PayoutErrors.PoolUnlimited, `资金池 ${from.id} 未设额度，不能调出`, { fundPoolId: from.id });
      if (from.availableFen < mv.amountFen) {
        throw payoutError(PayoutErrors.PoolInsufficient, `资金池 ${from.id} 可用余额 ${formatMoney(from.availableFen)}，不足调出 ${formatMoney(mv.amountFen)}`, {
          fundPoolId: from.id, availableFen: from.availableFen, amountFen: mv.amountFen,
        });
      }
    }
  }

  private async changeBudget(m: EntityManager, poolId: string, deltaFen: number, cause: string, ref: string): Promise<void> {
    try {
      await this.repo.changeBudget(m, poolId, deltaFen, cause, ref);
    } catch (err) {
      // A batch committed the money between the check and here (the pool row is locked, so only on a race we did not foresee).
      if (pgErrorOf(err).constraint === 'CHK_fund_pools_cap') throw payoutError(PayoutErrors.PoolInsufficient, `资金池 ${poolId} 可用余额不足`, { fundPoolId: poolId });
      throw err;
    }
  }

  private async lockPools(m: EntityManager, ids: string[]): Promise<void> {
    const locked = await this.repo.lockPools(m, ids);
    const missing = ids.filter((id) => !locked.includes(id));
    if (missing.length) throw payoutError(PayoutErrors.PoolNotFound, `资金池 ${missing.join('、')} 不存在`, { ids: missing });
  }

  private async lockMovement(m: EntityManager, id: string): Promise<PoolMovementView> {
    const row = await this.repo.lockMovement(m, id);
    if (!row) throw payoutError(PayoutErrors.MovementNotFound, '记录不存在或无权访问', { id });
    return toMovementView(row);
  }

  private movement(id: string, m: EntityManager): Promise<PoolMovementView> {
    return this.lockMovement(m, id);
  }

  private departmentPayer(user: Principal): boolean {
    return user.role === 'dept_payer_maker' || user.role === 'dept_payer_checker';
  }
}
