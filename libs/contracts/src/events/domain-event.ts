/** A domain event as written to the outbox and delivered to handlers. `id` is the dedupe key. */
export interface DomainEvent<P = unknown> {
  id: string;
  name: string;
  aggregateType: string;
  aggregateId: string;
  payload: P;
  occurredAt: string;
}

export interface EnterpriseProfileChangedPayload {
  enterpriseId: string;
  version: number;
  changedFacts: string[];
}

export interface EnterprisesCreatedPayload {
  enterpriseIds: string[];
}

/** enterprise.batch_changed: each firm's new profile version and the facts that changed in it. */
export interface EnterprisesChangedPayload {
  changes: EnterpriseProfileChangedPayload[];
}

/** policy.item.withdrawn / policy.item.expired: the version's matches retire. */
export interface PolicyItemRetiredPayload {
  itemId: string;
  itemVersionId: string;
}

/**
 * policy.updated: a department edited a policy's own information (title, 文号, dates, tags, 原文,
 * 解读 …; never its items' rules). `fields` names what changed; readers that copy policy text (the
 * search index) refresh their copies of the policy's items.
 */
export interface PolicyUpdatedPayload {
  policyId: string;
  revision: number;
  fields: string[];
}

/** payout.batch.approved */
export interface PayoutBatchApprovedPayload {
  batchId: string;
}

/** policy.item.published */
export interface PolicyItemPublishedPayload {
  itemId: string;
  itemVersionId: string;
  previousVersionId: string | null;
  mode: 'no_application' | 'instant' | 'application' | 'commitment';
}

/**
 * application.ready_for_payout — an approved application whose firm confirmed its receiving
 * account after 公示. The payout center turns it into one payment instruction.
 */
export interface ApplicationReadyForPayoutPayload {
  applicationId: string;
  enterpriseId: string;
  enterpriseName: string;
  itemId: string;
  itemVersionId: string;
  itemName: string;
  /** The owning department of the item (e.g. kjj). */
  departmentCode: string;
  /** Fund pool = the item; amounts reserved at approval. */
  fundPoolId: string;
  amountFen: number;
  /** Receiving account confirmed by the firm, encrypted with the platform FieldCipher (never in clear in events). */
  payeeName: string;
  payeeAccountEncrypted: string;
  payeeAccountMasked: string;
  payeeBankName: string | null;
  /** 预算科目 code, e.g. 2150805. */
  budgetSubject: string;
  /** The firm's district (GB/T 2260), for payout reports by district. */
  districtCode?: string | null;
  /** The fund pool's total (the item version's 资金池): the payout center's budget cap for the pool. */
  fundPoolBudgetFen?: number | null;
}

/** payout.settled / payout.failed — back to the approval center and the firm's timeline. */
export interface PayoutResultPayload {
  applicationId: string;
  instructionId: string;
  amountFen: number;
  status: 'settled' | 'returned' | 'failed';
  reason: string | null;
  at: string;
}

/** A benefit actually paid (for effect analysis); provided by the approval center under PAID_BENEFITS_SOURCE. */
export interface PaidBenefit {
  enterpriseId: string;
  amountFen: number;
  paidAt: string;
}

export interface PaidBenefitsSource {
  paidForItem(itemId: string): Promise<PaidBenefit[]>;
}

export const PAID_BENEFITS_SOURCE = 'PAID_BENEFITS_SOURCE';

/**
 * Where a payout stands for an application, for the approval center's time limits (督办): when its
 * instruction was put in a batch (组批), when the batch was approved by the checker (复核), when
 * the bank settled it. Wall-clock instants; null while the step has not happened.
 */
export interface PayoutProgress {
  applicationId: string;
  batchedAt: string | null;
  checkedAt: string | null;
  settledAt: string | null;
}

/** Provided by the payout center under PAYOUT_PROGRESS_SOURCE (absent where it does not run: the steps then count as one). */
export interface PayoutProgressSource {
  progressOf(applicationIds: string[]): Promise<PayoutProgress[]>;
}

export const PAYOUT_PROGRESS_SOURCE = 'PAYOUT_PROGRESS_SOURCE';

/** appeal.reception_minutes_recorded — a reception day's minutes; their items became these appeals. */
export interface ReceptionMinutesRecordedPayload {
  receptionDayId: string;
  appealIds: string[];
}

/** appeal.changed — every change of an appeal: a transition (from ≠ to) or a note on its timeline. */
export interface AppealChangedPayload {
  appealId: string;
  number: string;
  enterpriseId: string;
  command: string;
  fromState: string | null;
  toState: string;
  step: number;
  level: string;
  leadDepartment: string | null;
  at: string;
}
