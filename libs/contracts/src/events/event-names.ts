/** Every domain event name in one place. */
export const EventNames = {
  EnterpriseProfileChanged: 'enterprise.profile.changed',
  EnterprisesCreated: 'enterprise.batch_created',
  PolicyItemPublished: 'policy.item.published',
  MatchFound: 'match.found',
  ApplicationApproved: 'application.approved',
  ApplicationReadyForPayout: 'application.ready_for_payout',
  PayoutSettled: 'payout.settled',
} as const;

export type EventName = (typeof EventNames)[keyof typeof EventNames];
