/** Every domain event name in one place. */
export const EventNames = {
  EnterpriseProfileChanged: 'enterprise.profile.changed',
  EnterprisesCreated: 'enterprise.batch_created',
  /** Many firms' profiles changed at once (an import, a derived tag): one event per batch, not one per firm. */
  EnterprisesChanged: 'enterprise.batch_changed',
  PolicyItemPublished: 'policy.item.published',
  ApplicationReadyForPayout: 'application.ready_for_payout',
  PolicyItemWithdrawn: 'policy.item.withdrawn',
  PolicyItemExpired: 'policy.item.expired',
  /** A policy's own information (title, 文号, dates, 解读 …) was edited; its items' rules did not change. */
  PolicyUpdated: 'policy.updated',
  /** A payout batch passed its checker: its instructions are queued for sending (payout center internal). */
  PayoutBatchApproved: 'payout.batch.approved',
  PayoutSettled: 'payout.settled',
  PayoutReturned: 'payout.returned',
  PayoutFailed: 'payout.failed',
  /** Any change of an appeal (诉求): a transition or a note on its timeline. */
  AppealChanged: 'appeal.changed',
  /** A reception day's minutes were recorded and their items became appeals. */
  ReceptionMinutesRecorded: 'appeal.reception_minutes_recorded',
} as const;

/** Every event name, checked: EventNames and DomainEventPayloads must list the same names. */
export type EventName = (typeof EventNames)[keyof typeof EventNames];
