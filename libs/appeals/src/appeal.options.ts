/** Settings of the appeals capability; `AppealsModule.forRoot(partial)` overrides the defaults. */
export interface AppealOptions {
  /** Largest attachment (bytes) and how many one appeal may carry. */
  maxAttachmentBytes: number;
  maxAttachments: number;
  /** After the first escalation of an overdue deadline, one more level each this many working days. */
  escalationIntervalWorkingDays: number;
  /** 回访: the follow-up visit is due this many working days after closing. */
  followUpWorkingDays: number;
  /** Similar appeals are looked for among those received in the last N days. */
  similarWindowDays: number;
  /** Smallest Jaccard similarity of the terms for a "same theme" match. */
  similarThreshold: number;
  /** A theme raised by at least this many firms in a period is flagged to the departments. */
  themeMinFirms: number;
}

export const DEFAULT_APPEAL_OPTIONS: AppealOptions = {
  maxAttachmentBytes: 10 * 1024 * 1024,
  maxAttachments: 10,
  escalationIntervalWorkingDays: 5,
  followUpWorkingDays: 10,
  similarWindowDays: 365,
  similarThreshold: 0.25,
  themeMinFirms: 3,
};

export const APPEAL_OPTIONS = Symbol('APPEAL_OPTIONS');
/** Where attachments live: the approval center's storage port unless a module overrides it. */
export const APPEAL_ATTACHMENT_STORAGE = Symbol('APPEAL_ATTACHMENT_STORAGE');
