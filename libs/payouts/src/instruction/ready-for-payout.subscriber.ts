import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventNames } from '@app/contracts';
import { AuditService, EventBus } from '@app/core';
import { InstructionsService, ReadyForPayout } from './instructions.service';

/** application.ready_for_payout → one payout instruction (a redelivered event creates nothing). */
@Injectable()
export class ReadyForPayoutSubscriber implements OnModuleInit {
  constructor(
    private readonly bus: EventBus,
    private readonly instructions: InstructionsService,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.bus.on(EventNames.ApplicationReadyForPayout, 'payouts.create-instruction', async (event, m) => {
      const payload: ReadyForPayout = event.payload;
      const [id] = await this.instructions.ingest(m, [{ eventId: event.id, payload }]);
      if (id) {
        await this.audit.record(
          {
            actor: null,
            action: 'payout.instruction.create',
            targetType: 'payout_instruction',
            targetId: id,
            after: { applicationId: payload.applicationId, amountFen: payload.amountFen, account: payload.payeeAccountMasked },
            details: { eventId: event.id },
          },
          m,
        );
      }
    });
  }
}
