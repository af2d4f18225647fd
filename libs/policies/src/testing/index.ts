/** Test-only entry of the policies lib: the search emulator, search fixtures, the search migration (down/up test), and the push outbox repository (senders built by hand). */
export * from '../search/testing/es-emulator';
export * from '../search/testing/search-fixtures';
export { PolicySearch1732000003000 } from '../migrations/1732000003000-policy-search';
export { PolicySearchRegions1732000014000 } from '../migrations/1732000014000-policy-search-regions';
export { PushDeliveryRepository } from '../push/push-delivery.repository';
