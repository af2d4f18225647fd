import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig, AuditService, DEPARTMENT_SCOPED_ROLES, DomainError, formatMoney, mutateReturning, Page, Principal, uuid7 } from '@app/core';
import { ApprovalClock, chinaDate } from '../clock';
import { ApplicationRepository } from '../application/application.repository';
import { actorOf, ApplicationRow, SYSTEM_ACTOR } from '../application/application.types';
import { assertReviewer, loadScoped } from '../application/application-access';
import { ClawbackService, ClawbackView } from '../credit/clawback.service';
import { FirmNotifier } from '../notice/firm-notifier';
import { CalendarRepository } from '../supervision/calendar.repository';

export type VerificationStatus = 'pending' | 'passed' | 'failed';
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

interface VerificationRow {
  id: string; application_id: string; enterprise_name: string; item_name: string; department_code: string; amount_fen: number; status: VerificationStatus;
  due_on: string; created_at: Date; decided_at: Date | null; comment: string | null; clawback_id: string | null;
}

const SELECT = `SELECT v.id, v.application_id, a.enterprise_name, a.item_name, v.department_code, a.reserved_fen AS amount_fen, v.status, v.due_on::text AS due_on,
  v.created_at, v.decided_at, v.comment, v.clawback_id FROM approval.verifications v JOIN approval.applications a ON a.id = v.application_id`;

/**
 * 承诺兑现 (issue 14 §5): the firm is paid on its credit commitment and verified afterwards. When
 * the money arrives the department gets a verification task due COMMITMENT_VERIFY_WORKING_DAYS
 * later; a failed verification opens a clawback (追回, which also bars new applications) and writes
 * a credit record (承诺不实). The firm sees the commitment, the task and the result on its timeline.
 */
@Injectable()
export class CommitmentVerificationService {
  constructor(
    private readonly dataSource: DataSource,
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
    const inserted: unknown[] = await m.query(
      `INSERT INTO approval.verifications (id, application_id, enterprise_id, item_id, department_code, due_on, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7)
       ON CONFLICT (application_id) DO NOTHING RETURNING id`,
      [uuid7(), app.id, app.enterprise_id, app.item_id, app.department_code, dueOn, this.clock.now()]);
    if (inserted.length === 0) return;
    await this.repo.note(m, app.id, { command: 'note', actor: SYSTEM_ACTOR, outcome: 'verification_opened',
      comment: `承诺兑现事后核查：资金已到账，主管部门将于 ${dueOn} 前核查您承诺事项的真实性`, details: { dueOn } });
  }

  async list(p: Principal, q: { status?: VerificationStatus; page: number; pageSize: number }): Promise<Page<VerificationView>> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (DEPARTMENT_SCOPED_ROLES.includes(p.role)) where.push(`v.department_code = $${params.push(p.departmentCode)}`);
    if (q.status) where.push(`v.status = $${params.push(q.status)}`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM approval.verifications v ${clause}`, params);
    const rows: VerificationRow[] = await this.dataSource.query(
      `${SELECT} ${clause} ORDER BY v.status = 'pending' DESC, v.due_on, v.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, q.pageSize, (q.page - 1) * q.pageSize]);
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
    return this.dataSource.transaction(async (m) => {
      const [task]: Array<{ application_id: string }> = /^[0-9a-f-]{36}$/i.test(id)
        ? await m.query(`SELECT application_id FROM approval.verifications WHERE id = $1`, [id])
        : [];
      if (!task) throw new DomainError('VERIFICATION.NOT_FOUND', '核查任务不存在或无权访问', { id });
      const app = await loadScoped(this.repo, p, task.application_id, m, true);
      assertReviewer(p, app);
      const decided = await mutateReturning(m,
        `UPDATE approval.verifications SET status = $2, decided_by = $3, decided_at = $4, comment = $5 WHERE id = $1 AND status = 'pending' RETURNING id`,
        [id, input.result, p.id, this.clock.now(), input.comment]);
      if (decided.length === 0) throw new DomainError('VERIFICATION.INVALID_STATE', '该核查任务已有结论');
      let clawback: ClawbackView | null = null;
      if (input.result === 'failed') {
        clawback = await this.clawbacks.openIn(m, p, app, { reason: `承诺兑现事后核查不通过：${input.comment}`, amountFen: input.clawbackFen, barDays: input.barDays });
        await m.query(`UPDATE approval.verifications SET clawback_id = $2 WHERE id = $1`, [id, clawback.id]);
        await m.query(
          `INSERT INTO approval.credit_records (id, enterprise_id, application_id, kind, reason, created_by, created_at) VALUES ($1,$2,$3,'commitment_breach',$4,$5,$6)`,
          [uuid7(), app.enterprise_id, app.id, `「${app.item_name}」信用承诺不实：${input.comment}`, p.id, this.clock.now()]);
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
      const [row]: VerificationRow[] = await m.query(`${SELECT} WHERE v.id = $1`, [id]);
      return { ...this.toView(row), clawback };
    });
  }

  /** A firm's credit records (承诺不实 …): leaders, auditors, admins, reviewers; the firm itself. */
  async creditRecords(p: Principal, enterpriseId: string | undefined, page: number, pageSize: number): Promise<Page<CreditRecordView>> {
    const params: unknown[] = [];
    const where: string[] = [];
    const firm = p.role === 'enterprise' ? p.enterpriseId : enterpriseId;
    if (firm) where.push(`enterprise_id = $${params.push(firm)}`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM approval.credit_records ${clause}`, params);
    const rows: Array<{ id: string; enterprise_id: string; application_id: string | null; kind: 'commitment_breach'; reason: string; created_at: Date }> =
      await this.dataSource.query(`SELECT * FROM approval.credit_records ${clause} ORDER BY created_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, pageSize, (page - 1) * pageSize]);
    return {
      items: rows.map((r) => ({ id: r.id, enterpriseId: r.enterprise_id, applicationId: r.application_id, kind: r.kind, kindLabel: '承诺不实', reason: r.reason,
        createdAt: new Date(r.created_at).toISOString() })),
      total, page, pageSize,
    };
  }
}
