import type { ApplicationRow } from '../application/application.types';

/** An application row as PostgreSQL returns it, for unit specs over in-memory repositories. */
export function makeApplicationRow(over: Partial<ApplicationRow> = {}): ApplicationRow {
  const at = new Date('2027-03-01T02:00:00Z');
  return {
    id: '0190a000-0000-7000-8000-0000000000a1', enterprise_id: 'e1', enterprise_name: '甲科技有限公司', item_id: 'i1', item_version_id: 'iv1',
    item_name: '研发补贴', department_code: 'kjj', mode: 'application', period: '2026', exclusion_group: null, state: 'approved',
    amount_fen: 500_000, reserved_fen: 500_000, estimate_text: null, facts: null, version: 3, state_since: at, submitted_at: at, decided_at: at,
    disclosure_round_id: null, payee_name: null, payee_bank_name: null, payee_account_enc: null, payee_account_masked: null, confirmed_at: null,
    paid_at: null, confirm_opened_at: null, confirm_by: null, lapsed_at: null, reopen_until: null, created_at: at, updated_at: at, manual_changes: null,
    ...over,
  };
}
