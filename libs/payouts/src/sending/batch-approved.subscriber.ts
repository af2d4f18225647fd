import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventBus } from '@app/core';
import { EventNames } from '@app/contracts';
import { PayoutSender } from './payout-sender';

/** Batch approved (committed with the approval) → one send job per chunk on the payouts queue. */
@Injectable()
export class BatchApprovedSubscriber implements OnModuleInit {
  constructor(
    private readonly bus: EventBus,
    private readonly sender: PayoutSender,
  ) {}

  onModuleInit(): void {
    this.bus.on(EventNames.PayoutBatchApproved, 'payouts.enqueue-chunks', async (event, m) => {
      await this.sender.enqueueBatch(event.payload.batchId, m);
    });
  }
}
