import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig, AuditActor, AuditService, formatMoney, notFound, OutboxService, Page, Principal, uuid7 } from '@app/core';
import { EventNames } from '@app/contracts';
import { LedgerService } from '../ledger/ledger.service';
import { PayoutClock } from '../payout.clock';
import { PAYOUT_OPTIONS, PayoutOptions } from '../payout.options';
import { PayoutErrors, payoutError, pgErrorOf } from '../payout.errors';
import { AUTO_BATCHER, AUTO_CHECKER, autoCheck, dueCuts, mayActFor, payerLabel, payerScopeOf } from './batch.rules';
import { BATCH_STATUS_LABELS, BatchApproval, BatchFilter, BatchOrigin, BatchPreview, BatchStatus, BatchView, PayerCode } from './batch.types';
import { BatchesRepository, BatchRow } from './batches.repository';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** Who acts on a batch: a person, or the auto-batcher / auto-check. */
type Actor = Pick<Principal, 'id' | 'username' | 'displayName' | 'role' | 'departmentCode'> | typeof AUTO_BATCHER | typeof AUTO_CHECKER;

export interface AutoBatchRun {
  batches: Array<{ id: string; payerCode: PayerCode; instructionCount: number; totalFen: number; autoApproved: boolean }>;
}

/**
 * 支付批次: a maker (经办) builds a batch from ready instructions of the pools their payer pays —
 * finance, or a department paying from its own account — and submits it; a checker (复核) of the same
 * payer, never the maker or submitter, approves or rejects it. The auto-batcher does the maker's part
 * per payer on a schedule or at a size; a batch under AUTO_CHECK_MAX_FEN is approved by the rule-based
 * auto-check, any other waits for a person. Approval commits the money (pool cap, ledger), splits the
 * batch into send chunks and emits the event that queues them. All SQL is in BatchesRepository.
 */
@Injectable()
export class BatchesService {
  private readonly logger = new Logger('BatchesService');

  constructor(
    private readonly repo: BatchesRepository,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly ledger: LedgerService,
    private readonly clock: PayoutClock,
    @Inject(PAYOUT_OPTIONS) private readonly options: PayoutOptions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async preview(user: Principal, filter: BatchFilter): Promise<BatchPreview> {
    const payerCode = this.makerScope(user);
    await this.assertPoolOfPayer(this.repo.db, filter, payerCode);
    const rows = await this.repo.previewByPool(filter, payerCode);
    const byPool = rows.map((r) => ({
      fundPoolId: r.fund_pool_id,
      itemName: r.item_name,
      count: r.n,
      totalFen: Number(r.total),
      budgetFen: r.budget_fen === null ? null : Number(r.budget_fen),
      committedFen: Number(r.committed_fen),
    }));
    const totalFen = byPool.reduce((s, p) => s + p.totalFen, 0);
    return { count: byPool.reduce((s, p) => s + p.count, 0), totalFen, totalText: formatMoney(totalFen), byPool };
  }

  /** 经办组批: the ready instructions of the maker's payer matching the filter (up to `limit`) into a new draft batch. */
  async create(user: Principal, input: { title?: string; filter: BatchFilter; limit?: number }): Promise<BatchView> {
    const payerCode = this.makerScope(user);
    return this.repo.transaction(async (m) => {
      await this.assertPoolOfPayer(m, input.filter, payerCode);
      return this.build(m, user, { ...input, payerCode, origin: 'manual' });
    });
  }

  /**
   * A maker naming a pool another payer pays is refused outright (nothing written): finance does not
   * batch a department's pool, nor a department another's or finance's. Without a pool, the maker's
   * payer scope alone decides which instructions are taken.
   */
  private async assertPoolOfPayer(m: EntityManager | DataSource, filter: BatchFilter | undefined, payerCode: PayerCode): Promise<void> {
    if (!filter?.fundPoolId) return;
    const poolPayer = await this.repo.payerOfPool(m, filter.fundPoolId);
    if (poolPayer !== null && poolPayer !== payerCode) {
      throw payoutError(PayoutErrors.PayerForbidden, `资金池 ${filter.fundPoolId} 由${payerLabel(poolPayer)}支付，您无权对其组批`, { fundPoolId: filter.fundPoolId, payerCode: poolPayer });
    }
  }

  private async build(m: EntityManager, actor: Actor, input: { title?: string; filter: BatchFilter; limit?: number; payerCode: PayerCode; origin: BatchOrigin }): Promise<BatchView> {
    const id = uuid7();
    const batchNo = `PB${this.clock.now().toISOString().slice(0, 10).replace(/-/g, '')}-${id.slice(-8).toUpperCase()}`;
    const title = input.title?.trim() || `${input.origin === 'auto' ? '自动' : ''}兑付批次 ${batchNo}`;
    await this.repo.insert(m, { id, batchNo, title, filter: input.filter ?? {}, payerCode: input.payerCode, origin: input.origin, createdBy: actor.id, createdByName: actor.displayName || actor.username });
    const taken = await this.repo.takeReady(m, id, input.filter ?? {}, input.payerCode, input.limit);
    if (taken.n === 0) throw payoutError(PayoutErrors.BatchEmpty, '没有符合条件的待组批指令');
    const view = await this.get(id, m);
    await this.audit.record({ actor: auditActor(actor), action: 'payout.batch.create', targetType: 'payout_batch', targetId: id, after: view, details: { origin: input.origin } }, m);
    return view;
  }

  async submit(user: Principal, id: string): Promise<BatchView> {
    return this.repo.transaction((m) => this.submitIn(m, user, id));
  }

  private async submitIn(m: EntityManager, actor: Actor, id: string): Promise<BatchView> {
    const before = await this.lock(m, id);
    if (actor !== AUTO_BATCHER) this.assertPayer(actor as Principal, before);
    if (!(await this.repo.markSubmitted(m, id, actor.id))) throw this.invalidState(before, '提交复核');
    const after = await this.get(id, m);
    await this.audit.record({ actor: auditActor(actor), action: 'payout.batch.submit', targetType: 'payout_batch', targetId: id, before, after }, m);
    return after;
  }

  /** 复核通过 by a person: four eyes, the same payer, pool caps and the ledger commitment, all in one transaction. */
  async approve(user: Principal, id: string): Promise<BatchView> {
    return this.repo.transaction(async (m) => {
      const before = await this.lock(m, id);
      this.assertPayer(user, before);
      if (before.status !== 'submitted') throw this.invalidState(before, '复核通过');
      this.assertOtherPerson(user, before);
      return this.approveIn(m, user, before, 'checker');
    });
  }

  private async approveIn(m: EntityManager, actor: Actor, before: BatchView, approval: BatchApproval, details?: Record<string, unknown>): Promise<BatchView> {
    const id = before.id;
    await this.repo.markApproved(m, id, actor.id, approval);
    // Commit the money per pool; the CHECK on fund_pools refuses overspending by any concurrent batch.
    for (const p of await this.repo.commitmentsByPool(m, id)) {
      try {
        await this.repo.commitPool(m, p.fundPoolId, p.totalFen, before.batchNo);
      } catch (err) {
        if (pgErrorOf(err).constraint === 'CHK_fund_pools_cap') {
          throw payoutError(PayoutErrors.PoolExhausted, `资金池 ${p.fundPoolId} 余额不足，不能复核通过`, { fundPoolId: p.fundPoolId, requiredFen: p.totalFen });
        }
        throw err;
      }
    }
    const moved = await this.repo.assignChunks(m, id, this.options.chunkSize, uuid7);
    await this.ledger.post(
      m,
      'commit',
      moved.map((r) => ({ instructionId: r.id, fundPoolId: r.fund_pool_id, amountFen: Number(r.amount_fen), isReissue: r.reissue_of !== null })),
      `batch ${before.batchNo}`,
    );
    await this.outbox.append(m, { name: EventNames.PayoutBatchApproved, aggregateType: 'payout_batch', aggregateId: id, payload: { batchId: id } });
    const after = await this.get(id, m);
    await this.audit.record({ actor: auditActor(actor), action: 'payout.batch.approve', targetType: 'payout_batch', targetId: id, before, after, details: { approval, ...details } }, m);
    return after;
  }

  async reject(user: Principal, id: string, reason: string): Promise<BatchView> {
    return this.repo.transaction(async (m) => {
      const before = await this.lock(m, id);
      this.assertPayer(user, before);
      if (before.status !== 'submitted') throw this.invalidState(before, '复核退回');
      this.assertOtherPerson(user, before);
      await this.repo.markRejected(m, id, user.id, reason);
      const after = await this.get(id, m);
      await this.audit.record({ actor: user, action: 'payout.batch.reject', targetType: 'payout_batch', targetId: id, before, after, details: { reason } }, m);
      return after;
    });
  }

  /**
   * 自动组批: for each payer, a batch for every AUTO_BATCH_MAX ready instructions, and the rest once
   * the oldest has waited AUTO_BATCH_EVERY_MS (payout clock). Each batch is made and submitted by the
   * auto-batcher, then put to the auto-check: approved by it when the rules pass, else left for a
   * checker. Two runs at once never take the same instruction (rows locked, moves guarded by status).
   */
  async autoBatch(): Promise<AutoBatchRun> {
    const { autoBatchEveryMs: everyMs, autoBatchMax: max } = this.config.payouts;
    const now = this.clock.now().getTime();
    const due = dueCuts(await this.repo.backlogByPayer(), { everyMs, max, age: (readyAt) => now - this.clock.shift(readyAt).getTime() });
    const run: AutoBatchRun = { batches: [] };
    for (const { payerCode, cuts } of due) {
      for (let i = 0; i < cuts; i++) {
        let made: BatchView;
        try {
          made = await this.repo.transaction(async (m) => {
            const b = await this.build(m, AUTO_BATCHER, { filter: {}, limit: max, payerCode, origin: 'auto' });
            return this.submitIn(m, AUTO_BATCHER, b.id);
          });
        } catch (err) {
          if ((err as { code?: string }).code === PayoutErrors.BatchEmpty) break; // another run took them
          throw err;
        }
        const checked = await this.autoApprove(made.id);
        run.batches.push({ id: made.id, payerCode, instructionCount: made.instructionCount, totalFen: made.totalFen, autoApproved: checked.status === 'approved' });
      }
    }
    if (run.batches.length) this.logger.log(`auto-batched ${run.batches.length} batches (${run.batches.filter((b) => b.autoApproved).length} auto-checked)`);
    return run;
  }

  /** 规则自动复核 of a submitted auto-batch; the verdict is recorded on the batch and audited either way. */
  private async autoApprove(id: string): Promise<BatchView> {
    const limit = this.config.payouts.autoCheckMaxFen;
    try {
      return await this.repo.transaction(async (m) => {
        const before = await this.lock(m, id);
        if (before.status !== 'submitted' || before.origin !== 'auto') return before;
        const verdict = autoCheck(before, await this.repo.autoCheckFacts(m, id), limit);
        await this.repo.recordAutoCheck(m, id, verdict);
        if (!verdict.passed) {
          const after = await this.get(id, m);
          await this.audit.record({ actor: auditActor(AUTO_CHECKER), action: 'payout.batch.auto_check', outcome: 'denied', targetType: 'payout_batch', targetId: id, after, details: { verdict } }, m);
          return after;
        }
        return this.approveIn(m, AUTO_CHECKER, { ...before, autoCheck: verdict }, 'auto_check', { verdict });
      });
    } catch (err) {
      // A pool emptied between the check and the commit: the batch stays submitted, for a person.
      if ((err as { code?: string }).code === PayoutErrors.PoolExhausted) return this.get(id);
      throw err;
    }
  }

  async list(user: Principal | null, filter: { status?: BatchStatus }, page = 1, pageSize = 20): Promise<Page<BatchView>> {
    const payerCode = user && this.isDepartmentPayer(user) ? (payerScopeOf(user) ?? '-') : undefined;
    const { rows, total } = await this.repo.list({ ...filter, payerCode }, page, pageSize);
    return { items: rows.map((r) => toView(r, {})), total, page, pageSize };
  }

  async get(id: string, m?: EntityManager, user?: Principal): Promise<BatchView> {
    const db = m ?? this.repo.db;
    const row = await this.repo.find(db, id);
    if (!row || (user && this.isDepartmentPayer(user) && row.payer_code !== user.departmentCode)) throw notFound('PAYOUT_BATCH', id);
    return toView(row, await this.repo.progress(db, id));
  }

  private isDepartmentPayer(user: Principal): boolean {
    return user.role === 'dept_payer_maker' || user.role === 'dept_payer_checker';
  }

  private makerScope(user: Principal): PayerCode {
    const scope = payerScopeOf(user);
    if (!scope) throw payoutError(PayoutErrors.PayerForbidden, '只有财政或部门的支付经办可以组批', { role: user.role });
    return scope;
  }

  /** Finance staff act on finance-paid batches only; a department's payers on their department's only. */
  private assertPayer(user: Principal, b: BatchView): void {
    if (!mayActFor(user, b.payerCode)) {
      throw payoutError(PayoutErrors.PayerForbidden, `该批次由${payerLabel(b.payerCode)}支付，您无权办理`, { batchId: b.id, payerCode: b.payerCode });
    }
  }

  private async lock(m: EntityManager, id: string): Promise<BatchView> {
    const row = await this.repo.lock(m, id);
    if (!row) throw notFound('PAYOUT_BATCH', id);
    return toView(row, await this.repo.progress(m, id));
  }

  private assertOtherPerson(user: Principal, b: BatchView): void {
    if (user.id === b.createdBy || user.id === b.submittedBy) {
      throw payoutError(PayoutErrors.SamePerson, '复核人不能是该批次的经办人（四眼原则）', { batchId: b.id });
    }
  }

  private invalidState(b: BatchView, action: string) {
    return payoutError(PayoutErrors.BatchInvalidState, `批次当前状态为“${b.statusLabel}”，不能${action}`, { status: b.status });
  }
}

const auditActor = (a: Actor): AuditActor => ({ id: a.role === 'system' ? a.username : a.id, username: a.username, role: a.role });

function toView(r: BatchRow, progress: Record<string, number>): BatchView {
  const totalFen = Number(r.total_fen);
  return {
    id: r.id,
    batchNo: r.batch_no,
    title: r.title,
    status: r.status,
    statusLabel: BATCH_STATUS_LABELS[r.status],
    filter: r.filter,
    payerCode: r.payer_code,
    origin: r.origin,
    approval: r.approval,
    autoCheck: r.auto_check,
    instructionCount: r.instruction_count,
    totalFen,
    totalText: formatMoney(totalFen),
    createdBy: r.created_by,
    createdByName: r.created_by_name,
    submittedBy: r.submitted_by,
    approvedBy: r.approved_by,
    rejectedBy: r.rejected_by,
    rejectReason: r.reject_reason,
    createdAt: new Date(r.created_at).toISOString(),
    approvedAt: iso(r.approved_at),
    completedAt: iso(r.completed_at),
    progress,
  };
}
