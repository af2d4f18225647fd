import { DomainError, registerErrorStatus } from '@app/core';

/** Error codes of the payout center; statuses follow the suffix conventions unless registered here. */
export const PayoutErrors = {
  InstructionNotFound: 'PAYOUT_INSTRUCTION.NOT_FOUND',
  InstructionInvalidState: 'PAYOUT_INSTRUCTION.INVALID_STATE',
  BatchNotFound: 'PAYOUT_BATCH.NOT_FOUND',
  BatchInvalidState: 'PAYOUT_BATCH.INVALID_STATE',
  BatchEmpty: 'PAYOUT_BATCH.EMPTY_SELECTION',
  SamePerson: 'PAYOUT_BATCH.MAKER_CHECKER_SAME_PERSON',
  PoolExhausted: 'PAYOUT.POOL_EXHAUSTED',
  ReconFileInvalid: 'PAYOUT_RECON.FILE_INVALID',
  ReconItemNotFound: 'PAYOUT_RECON.NOT_FOUND',
  ReconResolutionInvalid: 'PAYOUT_RECON.RESOLUTION_INVALID',
  CallbackSignatureInvalid: 'PAYOUT_CALLBACK.SIGNATURE_INVALID',
  CallbackStale: 'PAYOUT_CALLBACK.STALE',
  CallbackReplayed: 'PAYOUT_CALLBACK.REPLAYED',
  ReissuePayeeNotAllowed: 'PAYOUT_INSTRUCTION.PAYEE_NOT_ALLOWED',
} as const;

// 四眼原则: the same person may not check what they made — a permission refusal, not a conflict.
registerErrorStatus(PayoutErrors.SamePerson, 403);
registerErrorStatus(PayoutErrors.PoolExhausted, 409);
registerErrorStatus(PayoutErrors.CallbackSignatureInvalid, 401);
// A callback signed outside the 5-minute window is not authenticated now; a nonce seen before is a replay.
registerErrorStatus(PayoutErrors.CallbackStale, 401);
registerErrorStatus(PayoutErrors.CallbackReplayed, 409);
// The payee of a reissue is the firm's confirmed account, never typed in.
registerErrorStatus(PayoutErrors.ReissuePayeeNotAllowed, 400);

export const payoutError = (code: string, message: string, details?: unknown) => new DomainError(code, message, details);

/** PostgreSQL error code and constraint of a failed query, if any. */
export function pgErrorOf(err: unknown): { code?: string; constraint?: string } {
  const e = err as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  return { code: e.code ?? e.driverError?.code, constraint: e.constraint ?? e.driverError?.constraint };
}
