import { Injectable } from '@nestjs/common';
import { BackgroundWork, BackgroundWorker, scheduleEvery } from '@app/core';
import { chinaDate } from './clock';
import { PrequalificationService } from './pipeline/prequalification.service';
import { SupervisionService } from './supervision/supervision.service';

/** Pre-qualification jobs, and the daily 督办 reminders and 公示/确认 deadline expiry. */
@Injectable()
@BackgroundWorker('approvals: pre-qualification, daily reminders and expiry')
export class ApprovalsBackgroundWork implements BackgroundWork {
  constructor(
    private readonly prequalification: PrequalificationService,
    private readonly supervision: SupervisionService,
  ) {}

  start(): void {
    this.prequalification.startWorkers(2);
    scheduleEvery('督办 reminders', () => this.supervision.sendReminders());
    scheduleEvery('overdue expiry', () => this.prequalification.expireOverdue(chinaDate(new Date())));
  }
}
