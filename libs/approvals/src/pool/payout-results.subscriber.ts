import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventBus, formatMoney } from '@app/core';
import { EventNames, PayoutResultPayload } from '@app/contracts';
import { ApplicationRepository } from '../application/application.repository';
import { SYSTEM_ACTOR } from '../application/application.types';
import { ApplicationWorkflow } from '../application/application-workflow.service';
import { InboxAppliedAdapter } from '../application/inbox-applied.adapter';

/**
 * payout.settled → paid; payout.returned / payout.failed → payout_failed (the firm may then
 * confirm another account). Each result is a timeline node the firm sees. Redelivered events are
 * deduped by the bus; a result for an application no longer waiting for it is only noted.
 */
@Injectable()
export class PayoutResultsSubscriber implements OnModuleInit {
  private readonly logger = new Logger('PayoutResults');

  constructor(
    private readonly bus: EventBus,
    private readonly repo: ApplicationRepository,
    private readonly workflow: ApplicationWorkflow,
    private readonly inbox: InboxAppliedAdapter,
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
      await this.workflow.apply(m, app, 'settle', { actor: SYSTEM_ACTOR, outcome: 'paid', comment: '资金已拨付到账', details }, { paid_at: new Date(p.at) });
      await this.inbox.noteProgress(m, app.enterprise_id, app.item_id, `资金已拨付到账：${formatMoney(p.amountFen)}`);
    } else {
      const why = p.status === 'returned' ? '银行退票' : '拨付失败';
      await this.workflow.apply(m, app, 'fail_payout', { actor: SYSTEM_ACTOR, outcome: p.status, comment: `${why}：${p.reason ?? '原因未提供'}，请核对收款账户后重新确认`, details });
      await this.inbox.noteProgress(m, app.enterprise_id, app.item_id, `${why}，请核对收款账户后重新确认`);
    }
  }
}
