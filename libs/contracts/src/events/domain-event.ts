/** A domain event as written to the outbox and delivered to handlers. `id` is the dedupe key. */
export interface DomainEvent<P = Record<string, unknown>> {
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
