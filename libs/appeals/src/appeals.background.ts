import { Injectable } from '@nestjs/common';
import { BackgroundWork, BackgroundWorker, scheduleEvery } from '@app/core';
import { AppealNoticeService } from './notices/notice.service';
import { AppealSupervisionService } from './supervision/supervision.service';

/**
 * 诉求: the notice sender; daily the escalation of appeals past a deadline and the weekly reminder
 * (checked daily, one per appeal per week). The first run waits a minute after start, clear of the
 * demo seed (which sets the appeals' clock back while it writes its history).
 */
@Injectable()
@BackgroundWorker('appeals: notices, daily escalation and weekly reminders')
export class AppealsBackgroundWork implements BackgroundWork {
  constructor(
    private readonly notices: AppealNoticeService,
    private readonly supervision: AppealSupervisionService,
  ) {}

  start(): void {
    this.notices.startSender();
    scheduleEvery('诉求 escalation', () => this.supervision.escalateOverdue(), 24 * 3600_000, 60_000);
    scheduleEvery('诉求 weekly reminders', () => this.supervision.weeklyReminders(), 24 * 3600_000, 60_000);
  }
}
