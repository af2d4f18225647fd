import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig, AuditService, DEPARTMENT_SCOPED_ROLES, DomainError, formatMoney, Page, Principal, uuid7 } from '@app/core';
import { ApprovalClock, chinaDate } from '../clock';
import { ApplicationRepository } from '../application/application.repository';
import { actorOf, ApplicationRow, SYSTEM_ACTOR } from '../application/application.types';
import { assertReviewer, loadScoped } from '../application/application-access';
import { ClawbackService, ClawbackView } from '../credit/clawback.service';
import { FirmNotifier } from '../notice/firm-notifier';
import { CalendarRepository } from '../supervision/calendar.repository';
import { VerificationRepository, VerificationRow, VerificationStatus } from './verification.repository';

export type { VerificationStatus };
export const VERIFICATION_STATUS_LABELS: Record<VerificationStatus, string> = { pending: '待核查', passed: '核查通过', failed: '核查不通过' };

export interface VerificationView {
  id: string;
  applicationId: string;
  enterpriseName: string;
  itemName: string;
  departmentCode: string;
  amountFen: number;
  amountText: string;
  status: VerificationStatus;
  statusLabel: string;
  dueOn: string;
  overdue: boolean;
  createdAt: string;
  decidedAt: string | null;
  comment: string | null;
  clawbackId: string | null;
}

export interface CreditRecordView {
  id: string;
  enterpriseId: string;
  applicationId: string | null;
  kind: 'commitment_breach';
  kindLabel: string;
  reason: string;
  createdAt: string;
}

/**
 * 承诺兑现 (issue 14 §5): the firm is paid on its credit commitment and verified afterwards. When
 * the money arrives the department gets a verification task due COMMITMENT_VERIFY_WORKING_DAYS
 * later; a failed verification opens a clawback (追回, which also bars new applications) and writes
 * a credit record (承诺不实). The firm sees the commitment, the task and the result on its timeline.
 */
@Injectable()
export class CommitmentVerificationService {
  constructor(
    private readonly verifications: VerificationRepository,
    private readonly repo: ApplicationRepository,
    private readonly calendar: CalendarRepository,
    private readonly clawbacks: ClawbackService,
    private readonly notifier: FirmNotifier,
    private readonly audit: AuditService,
    private readonly clock: ApprovalClock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Creates the verification task of a paid 承诺兑现 application (in the settling transaction); once. */
  async openOnPaid(m: EntityManager, app: ApplicationRow): Promise<void> {
    if (app.mode !== 'commitment') return;
    const paidOn = chinaDate(app.paid_at ? new Date(app.paid_at) : this.clock.now());
    const dueOn = (await this.calendar.calendar(m)).addWorkingDays(paidOn, this.config.fulfilment.commitmentVerifyWorkingDays);
    const opened = await this.verifications.insertOnce(m, {
      id: uuid7(), applicationId: app.id, enterpriseId: app.enterprise_id, itemId: app.item_id, departmentCode: app.department_code, dueOn, createdAt: this.clock.now(),
    });
    if (!opened) return;
    await this.repo.note(m, app.id, { command: 'note', actor: SYSTEM_ACTOR, outcome: 'verification_opened',
      comment: `承诺兑现事后核查：资金已到账，主管部门将于 ${dueOn} 前核查您承诺事项的真实性`, details: { dueOn } });
  }

  async list(p: Principal, q: { status?: VerificationStatus; page: number; pageSize: number }): Promise<Page<VerificationView>> {
    const { rows, total } = await this.verifications.page(
      { departmentCode: DEPARTMENT_SCOPED_ROLES.includes(p.role) ? p.departmentCode : undefined, status: q.status }, q.page, q.pageSize);
    return { items: rows.map((r) => this.toView(r)), total, page: q.page, pageSize: q.pageSize };
  }

  private toView(r: VerificationRow): VerificationView {
    const amount = Number(r.amount_fen);
    return {
      id: r.id, applicationId: r.application_id, enterpriseName: r.enterprise_name, itemName: r.item_name, departmentCode: r.department_code,
      amountFen: amount, amountText: formatMoney(amount), status: r.status, statusLabel: VERIFICATION_STATUS_LABELS[r.status], dueOn: r.due_on,
      overdue: r.status === 'pending' && chinaDate(this.clock.now()) > r.due_on, createdAt: new Date(r.created_at).toISOString(),
      decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null, comment: r.comment, clawbackId: r.clawback_id,
    };
  }

  /**
   * 核查结论 by the owning department's reviewer. Failed: a clawback of the paid amount (or the part
   * given) and a credit record, in one transaction — a refused clawback leaves the task pending.
   */
  async decide(p: Principal, id: string, input: { result: 'passed' | 'failed'; comment: string; clawbackFen?: number; barDays?: number }): Promise<VerificationView & { clawback: ClawbackView | null }> {
    if (!input.comment?.trim()) throw new DomainError('VERIFICATION.COMMENT_REQUIRED', '请填写核查情况');
    return this.verifications.transaction(async (m) => {
      const applicationId = /^[0-9a-f-]{36}$/i.test(id) ? await this.verifications.applicationOf(m, id) : null;
      if (!applicationId) throw new DomainError('VERIFICATION.NOT_FOUND', '核查任务不存在或无权访问', { id });
      const app = await loadScoped(this.repo, p, applicationId, m, true);
      assertReviewer(p, app);
      if (!(await this.verifications.decide(m, id, { status: input.result, by: p.id, at: this.clock.now(), comment: input.comment }))) throw new DomainError('VERIFICATION.INVALID_STATE', '该核查任务已有结论');
      let clawback: ClawbackView | null = null;
      if (input.result === 'failed') {
        clawback = await this.clawbacks.openIn(m, p, app, { reason: `承诺兑现事后核查不通过：${input.comment}`, amountFen: input.clawbackFen, barDays: input.barDays });
        await this.verifications.linkClawback(m, id, clawback.id);
        await this.verifications.insertCreditRecord(m, {
          id: uuid7(), enterpriseId: app.enterprise_id, applicationId: app.id, reason: `「${app.item_name}」信用承诺不实：${input.comment}`, createdBy: p.id, createdAt: this.clock.now(),
        });
      }
      const verdict = input.result === 'passed' ? '核查通过' : '核查不通过';
      await this.repo.note(m, app.id, { command: 'note', actor: actorOf(p), outcome: `verification_${input.result}`, comment: `承诺兑现事后核查${verdict}：${input.comment}` });
      await this.notifier.notify(m, [app], {
        kind: 'verification',
        body: (a) => input.result === 'passed'
          ? `「${a.item_name}」的承诺事项经主管部门核查属实，兑现办结。`
          : `「${a.item_name}」的承诺事项经核查不属实：${input.comment}。须退回资金 ${formatMoney(clawback!.amountFen)}，并记入企业信用记录；${clawback!.barUntil} 前不得申报惠企政策。`,
      });
      await this.audit.record({ actor: p, action: `verification.${input.result}`, targetType: 'application', targetId: app.id,
        before: { verification: 'pending' }, after: { verification: input.result, clawbackId: clawback?.id ?? null } }, m);
      return { ...this.toView(await this.verifications.view(m, id)), clawback };
    });
  }

  /** A firm's credit records (承诺不实 …): leaders, auditors, admins, reviewers; the firm itself. */
  async creditRecords(p: Principal, enterpriseId: string | undefined, page: number, pageSize: number): Promise<Page<CreditRecordView>> {
    const { rows, total } = await this.verifications.creditRecords(p.role === 'enterprise' ? p.enterpriseId : enterpriseId, page, pageSize);
    return {
      items: rows.map((r) => ({ id: r.id, enterpriseId: r.enterprise_id, applicationId: r.application_id, kind: r.kind, kindLabel: '承诺不实', reason: r.reason,
        createdAt: new Date(r.created_at).toISOString() })),
      total, page, pageSize,
    };
  }
}
