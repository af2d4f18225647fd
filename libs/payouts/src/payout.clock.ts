import { Injectable } from '@nestjs/common';
import { ApprovalClock } from '@app/approvals';

/**
 * The payout center's notion of "now": the auto-batcher's windows read it, so tests, drills and the
 * real-time benchmark move time without waiting. In production it is the wall clock.
 */
@Injectable()
export class PayoutClock extends ApprovalClock {}
