import { Injectable } from '@nestjs/common';
import { BackgroundWork, BackgroundWorker } from '@app/core';
import { PayoutSender } from './sending/payout-sender';

/** The payout send workers (chunks with leases, recovery sweep). */
@Injectable()
@BackgroundWorker('payouts: sender')
export class PayoutsBackgroundWork implements BackgroundWork {
  constructor(private readonly sender: PayoutSender) {}

  start(): void {
    this.sender.startWorkers();
  }
}
