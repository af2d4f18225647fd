import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService, DomainError, formatMoney, Principal, uuid7 } from '@app/core';
import { APPROVAL_OPTIONS, ApprovalOptions } from '../approval.options';
import { ApprovalClock, chinaDate } from '../clock';
import { ApplicationRepository } from '../application/application.repository';
import { actorOf, ApplicationRow } from '../application/application.types';
import { assertReviewer, loadScoped } from '../application/application-access';
import { ClawbackRepository, ClawbackRow } from './clawback.repository';

export interface ClawbackView {
  id: string;
  applicationId: string;
  amountFen: number;
  recoveredFen: number;
  status: 'pending' | 'recovered';
  reason: string;
  barUntil: string;
  createdAt: string;
}

export interface ClawbackInput {
  reason: string;
  amountFen?: number;
  barDays?: number;
}

const toView = (r: ClawbackRow): ClawbackView => ({
  id: r.id, applicationId: r.application_id, amountFen: Number(r.amount_fen), recoveredFen: Number(r.recovered_fen), status: r.status,
  reason: r.reason, barUntil: r.bar_until, createdAt: new Date(r.created_at).toISOString(),
});

/**
 * 追回: a paid benefit later found ineligible gets a recovery record (amount, reason, what has come
 * back) and bars the firm from further applications until `bar_until` (checked by every screening).
 */
@Injectable()
export class ClawbackService {
  constructor(
    private readonly clawbacks: ClawbackRepository,
    private readonly repo: ApplicationRepository,
    private readonly clock: ApprovalClock,
    private readonly audit: AuditService,
    @Inject(APPROVAL_OPTIONS) private readonly options: ApprovalOptions,
  ) {}

  async open(p: Principal, applicationId: string, input: ClawbackInput): Promise<ClawbackView> {
    return this.clawbacks.transaction(async (m) => {
      const app = await loadScoped(this.repo, p, applicationId, m, true);
      assertReviewer(p, app);
      return this.openIn(m, p, app, input);
    });
  }

  /** The same in the caller's transaction, for an application already loaded, locked and checked (承诺兑现 verification). */
  async openIn(m: EntityManager, p: Principal, app: ApplicationRow, input: ClawbackInput): Promise<ClawbackView> {
    if (app.state !== 'paid') throw new DomainError('CLAWBACK.INVALID_STATE', '仅已拨付的资金可以追回', { state: app.state });
    const paid = Number(app.reserved_fen);
    const amount = input.amountFen ?? paid;
    if (amount <= 0 || amount > paid) throw new DomainError('CLAWBACK.INVALID_AMOUNT', `追回金额应在 0 与已拨付金额 ${formatMoney(paid)} 之间`);
    const barDays = input.barDays ?? this.options.clawbackBarDays;
    const barUntil = new Date(Date.parse(`${chinaDate(this.clock.now())}T00:00:00Z`) + barDays * 86_400_000).toISOString().slice(0, 10);
    const id = uuid7();
    const row = await this.clawbacks.insert(m, { id, applicationId: app.id, enterpriseId: app.enterprise_id, itemId: app.item_id, amountFen: amount, reason: input.reason, barUntil, createdBy: p.id });
    if (!row) throw new DomainError('CLAWBACK.ALREADY_EXISTS', '该申请已有追回记录');
    await this.repo.note(m, app.id, { command: 'note', actor: actorOf(p), outcome: 'clawback',
      comment: `经核查不符合条件，追回资金 ${formatMoney(amount)}；${barUntil} 前不得申报：${input.reason}`, details: { clawbackId: id } });
    await this.audit.record({ actor: p, action: 'application.clawback', targetType: 'application', targetId: app.id,
      before: { state: app.state }, after: { clawbackId: id, amountFen: amount, barUntil } }, m);
    return toView(row);
  }

  /** Records money that came back; the record is `recovered` when all of it has. */
  async recover(p: Principal, clawbackId: string, amountFen: number): Promise<ClawbackView> {
    return this.clawbacks.transaction(async (m) => {
      const c = /^[0-9a-f-]{36}$/i.test(clawbackId) ? await this.clawbacks.find(m, clawbackId) : null;
      if (!c) throw new DomainError('CLAWBACK.NOT_FOUND', '追回记录不存在');
      const app = await loadScoped(this.repo, p, c.application_id, m, true);
      assertReviewer(p, app);
      const row = await this.clawbacks.addRecovered(m, clawbackId, amountFen);
      if (!row) throw new DomainError('CLAWBACK.INVALID_AMOUNT', '追回金额超过应追回余额，或已全部追回');
      await this.repo.note(m, app.id, { command: 'note', actor: actorOf(p), outcome: 'recovered', comment: `已收回资金 ${formatMoney(amountFen)}` });
      await this.audit.record({ actor: p, action: 'clawback.recover', targetType: 'clawback', targetId: clawbackId,
        before: { recoveredFen: Number(c.recovered_fen) }, after: { recoveredFen: Number(row.recovered_fen), status: row.status } }, m);
      return toView(row);
    });
  }
}
