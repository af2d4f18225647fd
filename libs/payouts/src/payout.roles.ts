import type { Role } from '@app/core';

/** Finance staff work here; auditors and leaders read. */
export const PAYOUT_READERS: Role[] = ['finance_maker', 'finance_checker', 'auditor', 'leader'];
