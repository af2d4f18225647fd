import type { Role } from '@app/core';

/** Finance staff work here; auditors and leaders read. */
export const PAYOUT_READERS: Role[] = ['finance_maker', 'finance_checker', 'auditor', 'leader'];

/** Finance staff and a department's payers (scoped to their pools in the services); auditors and leaders read. */
export const BATCH_READERS: Role[] = [...PAYOUT_READERS, 'dept_payer_maker', 'dept_payer_checker'];
