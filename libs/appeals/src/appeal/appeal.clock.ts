import { Injectable } from '@nestjs/common';
import { ApprovalClock } from '@app/approvals';

/**
 * The appeals' notion of "now": every time an appeal records (received, assigned, answered …) and every
 * deadline check reads it, so tests and drills can move time across weekends and holidays.
 */
@Injectable()
export class AppealClock extends ApprovalClock {}
