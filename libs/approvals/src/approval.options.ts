/** Settings of the approval center; `ApprovalsModule.forRoot(partial)` overrides the defaults. */
export interface ApprovalOptions {
  /** 公示期 in working days. */
  disclosureWorkingDays: number;
  /** Node time limits in working days (督办): accept (受理) a submitted application, decide one under review. */
  sla: { acceptWorkingDays: number; decideWorkingDays: number };
  /** Upload limits for materials. */
  maxUploadBytes: number;
  /** A firm whose benefit was clawed back may not apply again for this many days. */
  clawbackBarDays: number;
  /** 预算科目 per item code (prefix match), falling back to `defaultBudgetSubject`. */
  budgetSubjects: Record<string, string>;
  defaultBudgetSubject: string;
  /** Minutes an account-change verification code stays valid. */
  verificationMinutes: number;
  /** Spot-check sample listed with every batch approval (抽查样本). */
  spotCheckSize: number;
  /** Firms per pre-qualification range job. */
  rangeSize: number;
  /**
   * 督办: working-day limits of the other waiting steps (the firm's confirmation follows
   * CONFIRM_WORKING_DAYS, the 承诺兑现 verification COMMITMENT_VERIFY_WORKING_DAYS).
   */
  stepLimits: {
    batchApproval: number;
    disclosure: number;
    objection: number;
    reopen: number;
    batching: number;
    checking: number;
    paying: number;
  };
}

export const DEFAULT_APPROVAL_OPTIONS: ApprovalOptions = {
  disclosureWorkingDays: 5,
  sla: { acceptWorkingDays: 3, decideWorkingDays: 7 },
  maxUploadBytes: 20 * 1024 * 1024,
  clawbackBarDays: 3 * 365,
  budgetSubjects: {},
  defaultBudgetSubject: '2150805',
  verificationMinutes: 10,
  spotCheckSize: 20,
  rangeSize: 5000,
  stepLimits: { batchApproval: 5, disclosure: 3, objection: 5, reopen: 3, batching: 2, checking: 2, paying: 3 },
};

export const APPROVAL_OPTIONS = Symbol('APPROVAL_OPTIONS');

export function budgetSubjectFor(options: ApprovalOptions, itemCode: string | null): string {
  if (itemCode) {
    for (const [prefix, subject] of Object.entries(options.budgetSubjects)) if (itemCode.startsWith(prefix)) return subject;
  }
  return options.defaultBudgetSubject;
}
