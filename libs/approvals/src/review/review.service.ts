import { Inject, Injectable } from '@nestjs/common';
import { AuditService, DomainError, formatMoney, Page, Principal, ScopeDeniedError, uuid7 } from '@app/core';
import { APPROVAL_OPTIONS, ApprovalOptions } from '../approval.options';
import { ApprovalClock } from '../clock';
import { ConfirmationDeadlines } from '../deadline/confirmation-deadlines.service';
import { FirmNotifier } from '../notice/firm-notifier';
import { ApplicationView, actorOf, toApplicationView } from '../application/application.types';
import { ApplicationRepository } from '../application/application.repository';
import { assertReviewer, loadScoped } from '../application/application-access';
import { ApplicationWorkflow } from '../application/application-workflow.service';
import { FundPoolRepository } from '../pool/fund-pool.repository';
import { ReviewRepository } from './review.repository';

export type Decision = 'accept' | 'approve' | 'reject' | 'return';

export interface BatchFilter {
  itemId: string;
  /** Selected applications; absent = every pre-qualified application matching the filter. */
  ids?: string[];
  minAmountFen?: number;
  maxAmountFen?: number;
}

export interface BatchApproval {
  batchId: string;
  approved: number;
  amountFen: number;
  amountText: string;
  /** 抽查样本: a random sample of the approved applications, with the facts they were approved on. */
  sample: ApplicationView[];
}

const OUTCOME: Record<Decision, string> = { accept: 'accepted', approve: 'approved', reject: 'rejected', return: 'returned' };

/** The department's side: the review queue, single decisions and batch approval of pre-qualified applications. */
@Injectable()
export class ReviewService {
  constructor(
    private readonly reviews: ReviewRepository,
    private readonly repo: ApplicationRepository,
    private readonly workflow: ApplicationWorkflow,
    private readonly pools: FundPoolRepository,
    private readonly audit: AuditService,
    private readonly clock: ApprovalClock,
    private readonly deadlines: ConfirmationDeadlines,
    private readonly notifier: FirmNotifier,
    @Inject(APPROVAL_OPTIONS) private readonly options: ApprovalOptions,
  ) {}

  async decide(p: Principal, id: string, decision: Decision, comment: string | null): Promise<ApplicationView> {
    if ((decision === 'reject' || decision === 'return') && !comment?.trim()) {
      throw new DomainError('REVIEW.COMMENT_REQUIRED', decision === 'reject' ? '不予通过须说明理由' : '退回补正须说明需补充的内容');
    }
    return this.reviews.transaction(async (m) => {
      const app = await loadScoped(this.repo, p, id, m, true);
      assertReviewer(p, app);
      const set = decision === 'approve' || decision === 'reject' ? { decided_at: this.clock.now() } : {};
      const row = await this.workflow.apply(m, app, decision, { actor: actorOf(p), outcome: OUTCOME[decision], comment }, set);
      if (decision === 'approve') await this.deadlines.announceApproval(m, [row]);
      if (decision === 'reject') await this.notifier.notify(m, [row], { kind: 'rejected', key: (a) => String(a.version), body: (a) => `您申请的「${a.item_name}」未获通过，理由：${comment}` });
      if (decision === 'return') {
        await this.notifier.notify(m, [row], {
          kind: 'supplement', key: (a) => String(a.version), body: (a) => `您申请的「${a.item_name}」需要补正：${comment}。请在平台补充后重新提交。`,
        });
      }
      return toApplicationView((await this.repo.get(row.id, m))!, true);
    });
  }

  /**
   * Pre-qualified (or submitted) applications of the reviewer's department, with the facts behind
   * them and, flagged, the ones resting on facts a person changed by hand (`flagged` filters them).
   */
  async queue(p: Principal, q: { itemId?: string; state?: string; flagged?: boolean; page: number; pageSize: number }): Promise<Page<ApplicationView> & { amountFen: number; flaggedCount: number }> {
    const { rows, total, amountFen, flagged } = await this.reviews.queue(
      { state: q.state ?? 'pre_qualified', departmentCode: p.role === 'admin' ? null : p.departmentCode, itemId: q.itemId, flagged: q.flagged }, q.page, q.pageSize);
    return { items: rows.map((r) => toApplicationView(r, true)), total, page: q.page, pageSize: q.pageSize, amountFen, flaggedCount: flagged };
  }

  /**
   * 批量审核: approves every selected pre-qualified application of one item at once — one guarded
   * UPDATE with its timeline nodes, one pool reservation for the total (all or nothing: a short pool
   * refuses the whole batch with APPROVAL.POOL_EXHAUSTED), one batch record with the spot-check sample.
   */
  async batchApprove(p: Principal, f: BatchFilter, comment: string | null): Promise<BatchApproval> {
    return this.reviews.transaction(async (m) => {
      const pool = await this.pools.get(f.itemId, m);
      const department = (await this.reviews.itemDepartment(m, f.itemId)) ?? pool?.departmentCode;
      if (!department || (p.role !== 'admin' && (p.role !== 'dept_reviewer' || p.departmentCode !== department))) {
        throw new ScopeDeniedError('ITEM', f.itemId);
      }
      const candidates = await this.reviews.candidates(m, f);
      if (candidates.length === 0) throw new DomainError('REVIEW.NOTHING_SELECTED', '没有符合条件的待审核申请');
      const now = this.clock.now();
      const moved = await this.repo.transitionMany(m, candidates.map((c) => c.id), 'pre_qualified', 'approved',
        { command: 'approve', actor: actorOf(p), outcome: 'approved', comment: comment ?? '批量审核通过' },
        { reserved_fen: { sql: 'amount_fen' }, decided_at: now }, 'id, amount_fen, enterprise_id, item_id, item_name, mode');
      const amount = moved.reduce((s, r) => s + Number(r.amount_fen), 0);
      await this.workflow.reserve(m, { item_id: f.itemId, item_version_id: candidates[0].item_version_id }, amount);
      const batchId = uuid7();
      const sampleIds = sample(moved.map((r) => r.id), this.options.spotCheckSize);
      await this.reviews.insertBatch(m, {
        id: batchId, itemId: f.itemId, departmentCode: department, reviewerId: p.id, approved: moved.length, amountFen: amount,
        filter: { ...f, ids: f.ids ? f.ids.length : undefined }, sample: sampleIds,
      });
      await this.audit.record({
        actor: p, action: 'application.approve_batch', targetType: 'review_batch', targetId: batchId,
        before: { state: 'pre_qualified', ids: moved.map((r) => r.id) }, after: { state: 'approved', amountFen: amount },
        details: { itemId: f.itemId, approved: moved.length, amountFen: amount },
      }, m);
      await this.deadlines.announceApproval(m, moved);
      const sampleRows = await this.reviews.byIds(m, sampleIds);
      return { batchId, approved: moved.length, amountFen: amount, amountText: formatMoney(amount), sample: sampleRows.map((r) => toApplicationView(r, true)) };
    });
  }
}

/** A uniform random sample without replacement (partial Fisher–Yates). */
export function sample<T>(xs: readonly T[], n: number): T[] {
  const a = [...xs];
  const k = Math.min(n, a.length);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(Math.random() * (a.length - i));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, k);
}
