import type {
  AppealChangedPayload,
  ApplicationReadyForPayoutPayload,
  DomainEvent,
  EnterpriseProfileChangedPayload,
  EnterprisesChangedPayload,
  EnterprisesCreatedPayload,
  PayoutBatchApprovedPayload,
  PayoutResultPayload,
  PolicyItemPublishedPayload,
  PolicyItemRetiredPayload,
  PolicyUpdatedPayload,
  ReceptionMinutesRecordedPayload,
} from './domain-event';
import type { EventName } from './event-names';

/**
 * The payload of every domain event, by name: the one map the outbox (writing) and the event bus
 * (handling) are typed by, so a handler gets its payload without a cast and a writer cannot send the
 * wrong shape. Tests may add their own names by declaration merging.
 */
export interface DomainEventPayloads {
  'enterprise.profile.changed': EnterpriseProfileChangedPayload;
  'enterprise.batch_created': EnterprisesCreatedPayload;
  'enterprise.batch_changed': EnterprisesChangedPayload;
  'policy.item.published': PolicyItemPublishedPayload;
  'policy.item.withdrawn': PolicyItemRetiredPayload;
  'policy.item.expired': PolicyItemRetiredPayload;
  'policy.updated': PolicyUpdatedPayload;
  'application.ready_for_payout': ApplicationReadyForPayoutPayload;
  'payout.settled': PayoutResultPayload;
  'payout.returned': PayoutResultPayload;
  'payout.failed': PayoutResultPayload;
  'payout.batch.approved': PayoutBatchApprovedPayload;
  'appeal.changed': AppealChangedPayload;
  'appeal.reception_minutes_recorded': ReceptionMinutesRecordedPayload;
}

/** Any name with a payload type (EventName plus names declared by tests). */
export type TypedEventName = keyof DomainEventPayloads;

/** A delivered event of one name, with its payload typed. */
export type EventOf<N extends TypedEventName> = DomainEvent<DomainEventPayloads[N]> & { name: N };

/** An event to write to the outbox: the name decides the payload type. */
export type NewEventOf<N extends TypedEventName> = { name: N; aggregateType: string; aggregateId: string; payload: DomainEventPayloads[N] };

/** Any new event (a union over all names), for writing several of different names at once. */
export type AnyNewEvent = { [N in TypedEventName]: NewEventOf<N> }[TypedEventName];

// Compile-time check that EventNames and the payload map agree.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const EVENT_MAP_COMPLETE: Same<EventName, Exclude<TypedEventName, `test.${string}`>> = true;
