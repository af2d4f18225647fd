import { registerErrorStatus } from '@app/core';

/**
 * Codes whose status does not follow from the suffix. Everything else: `.NOT_FOUND` 404,
 * `.INVALID_STATE`/`.DUPLICATE`/`.ALREADY_EXISTS` 409, `.INVALID*`/`*_REQUIRED` 400, business refusals 422.
 */
registerErrorStatus('APPEAL.NOT_LEAD', 403);
registerErrorStatus('APPEAL.NOT_YOURS', 403);
registerErrorStatus('RECEPTION.FULL', 409);
registerErrorStatus('RECEPTION.REGISTRATION_CLOSED', 409);
registerErrorStatus('FEEDBACK.ALREADY_GIVEN', 409);
registerErrorStatus('EXTENSION.PENDING_EXISTS', 409);
