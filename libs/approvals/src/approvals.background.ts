import { Injectable } from '@nestjs/common';
import { BackgroundWork, BackgroundWorker, scheduleEvery } from '@app/core';
import { chinaDate } from './clock';
import { ConfirmationDeadlines } from './deadline/confirmation-deadlines.service';
import { PrequalificationService } from './pipeline/prequalification.service';
import { StaffAlertsService } from './supervision/staff-alerts.service';
import { SupervisionService } from './supervision/supervision.service';

const HOUR = 3600_000;

/**
 * Pre-qualification jobs and the staff-alert sender; hourly the 确认期 deadlines then the 督办
 * reminders and escalations (a lapsed application is no longer overdue); daily the application windows.
 */
@Injectable()
@BackgroundWorker('approvals: pre-qualification, staff alerts, hourly deadlines and 督办, daily expiry')
export class ApprovalsBackgroundWork implements BackgroundWork {
  constructor(
    private readonly prequalification: PrequalificationService,
    private readonly supervision: SupervisionService,
    private readonly deadlines: ConfirmationDeadlines,
    private readonly staffAlerts: StaffAlertsService,
  ) {}

  start(): void {
    this.prequalification.startWorkers(2);
    this.staffAlerts.startSender();
    scheduleEvery(
      '确认期 deadlines and 督办 reminders',
      async () => {
        await this.deadlines.run();
        await this.supervision.sendReminders();
      },
      HOUR,
    );
    scheduleEvery('application windows', () => this.prequalification.expireOverdue(chinaDate(new Date())), 24 * HOUR);
  }
}
