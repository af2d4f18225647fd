import { registerErrorStatus } from '@app/core';
export { uniqueViolation } from '@app/core';

/**
 * Codes whose status does not follow from the suffix. Everything else: `.NOT_FOUND` 404,
 * `.INVALID_STATE`/`.DUPLICATE`/`.CONFLICT` 409, `.INVALID*` 400, business refusals 422.
 */
registerErrorStatus('APPROVAL.POOL_EXHAUSTED', 409);
registerErrorStatus('APPLICATION.EXCLUSION_CONFLICT', 409);
registerErrorStatus('MATERIAL.TYPE_NOT_ALLOWED', 415);
