import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventBus, formatMoney } from '@app/core';
import { ApprovalClock, chinaDate } from '../clock';
import { CommitmentVerificationService } from '../commitment/verification.service';
import { FirmNotifier } from '../notice/firm-notifier';
import { PublishedResults } from '../results/published-results.service';
import { EventNames, PayoutResultPayload } from '@app/contracts';
import { ApplicationRepository } from '../application/application.repository';
import { SYSTEM_ACTOR } from '../application/application.types';
import { ApplicationWorkflow } from '../application/application-workflow.service';
import { InboxAppliedAdapter } from '../application/inbox-applied.adapter';

/**
 * payout.settled → paid; payout.returned / payout.failed → payout_failed (the firm may then
 * confirm another account). Each result is a timeline node the firm sees, and a notice (amount,
 * date, masked account; or what to do). Paid: the result is published (结果公开) and a 承诺兑现
 * application gets its verification task. Redelivered events are deduped by the bus; a result for
 * an application no longer waiting for it is only noted.
 */
@Injectable()
export class PayoutResultsSubscriber implements OnModuleInit {
  private readonly logger = new Logger('PayoutResults');

  constructor(
    private readonly bus: EventBus,
    private readonly repo: ApplicationRepository,
    private readonly workflow: ApplicationWorkflow,
    private readonly inbox: InboxAppliedAdapter,
    private readonly notifier: FirmNotifier,
    private readonly results: PublishedResults,
    private readonly verifications: CommitmentVerificationService,
    private readonly clock: ApprovalClock,
  ) {}

  onModuleInit(): void {
    this.bus.on(EventNames.PayoutSettled, 'approvals.on-payout-settled', (e, m) => this.onResult(e.payload, m));
    this.bus.on(EventNames.PayoutReturned, 'approvals.on-payout-returned', (e, m) => this.onResult(e.payload, m));
    this.bus.on(EventNames.PayoutFailed, 'approvals.on-payout-failed', (e, m) => this.onResult(e.payload, m));
  }

  async onResult(p: PayoutResultPayload, m: EntityManager): Promise<void> {
    const app = await this.repo.get(p.applicationId, m, true);
    if (!app) {
      this.logger.warn(`payout result for unknown application ${p.applicationId}`);
      return;
    }
    const settled = p.status === 'settled';
    const expected = settled ? ['ready_for_payout', 'payout_failed'] : ['ready_for_payout'];
    const details = { instructionId: p.instructionId, amountFen: p.amountFen };
    if (!expected.includes(app.state)) {
      await this.repo.note(m, app.id, { command: 'note', actor: SYSTEM_ACTOR, outcome: `payout_${p.status}_ignored`, comment: `兑付结果（${p.status}）与当前状态不符，已记录`, details });
      return;
    }
    if (settled) {
      // The bank's time, on the approval clock (the same instant unless a drill moved the clock).
      const paid = await this.workflow.apply(m, app, 'settle', { actor: SYSTEM_ACTOR, outcome: 'paid', comment: '资金已拨付到账', details }, { paid_at: this.clock.shift(new Date(p.at)) });
      await this.inbox.noteProgress(m, app.enterprise_id, app.item_id, `资金已拨付到账：${formatMoney(p.amountFen)}`);
      await this.notifier.notify(m, [paid], {
        kind: 'paid',
        body: (a) => `「${a.item_name}」${formatMoney(p.amountFen)}已于 ${chinaDate(new Date(a.paid_at!))} 拨付至您的账户 ${a.payee_account_masked ?? ''}（${a.payee_bank_name ?? '开户行未填'}），请注意查收。`,
      });
      await this.results.publish(m, paid);
      await this.verifications.openOnPaid(m, paid);
    } else {
      const why = p.status === 'returned' ? '银行退票' : '拨付失败';
      const failed = await this.workflow.apply(m, app, 'fail_payout', { actor: SYSTEM_ACTOR, outcome: p.status, comment: `${why}：${p.reason ?? '原因未提供'}，请核对收款账户后重新确认`, details });
      await this.inbox.noteProgress(m, app.enterprise_id, app.item_id, `${why}，请核对收款账户后重新确认`);
      await this.notifier.notify(m, [failed], {
        kind: 'payout_failed', key: () => p.instructionId,
        body: (a) => `「${a.item_name}」${formatMoney(p.amountFen)}拨付未成功（${why}：${p.reason ?? '原因未提供'}）。请登录平台核对收款账户 ${a.payee_account_masked ?? ''}，` +
          '如账户有误请变更账户（须为本企业账户，短信验证），然后重新确认，资金将重新拨付。',
      });
    }
  }
}
