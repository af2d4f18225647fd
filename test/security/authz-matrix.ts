import type { Role } from '@app/core';

/**
 * The authorization matrix: every route of the OpenAPI document and who may call it. Written by hand
 * and checked by `authz-matrix.int-spec.ts`, which calls every route as every role (and anonymously)
 * and fails when a route answers differently from its row — or when a route has no row, so a new
 * endpoint cannot ship without someone deciding who may use it.
 *
 * - `'public'`: no login needed.
 * - `'signed-in'`: any signed-in role (the service narrows records to the caller's own, see OWNERSHIP).
 * - a role list: only these roles (and `admin`, who passes every role check); everyone else gets
 *   403 AUTH.FORBIDDEN, anonymous callers 401 AUTH.UNAUTHENTICATED.
 * - `'firm-self'`: a firm acting for itself only — every staff role, admin included, gets 403
 *   AUTH.FORBIDDEN (an administrator cannot read a firm's inbox or confirm its account).
 */
export type Access = 'public' | 'signed-in' | 'firm-self' | readonly Role[];

const DEPT = ['dept_editor', 'dept_reviewer'] as const;
/** A department's own payers (资金直达: pools the department pays from its own account). */
const DEPT_PAYERS = ['dept_payer_maker', 'dept_payer_checker'] as const;

export const ROUTE_ACCESS: Record<string, Access> = {
  // /appeals
  'GET /api/v1/appeals': ['auditor', ...DEPT, 'enterprise', 'leader', 'officer', 'supervisor'],
  'POST /api/v1/appeals': ['enterprise'],
  'GET /api/v1/appeals/categories': ['auditor', ...DEPT, 'enterprise', 'leader', 'officer', 'supervisor'],
  'PUT /api/v1/appeals/categories/{code}': ['supervisor'],
  'GET /api/v1/appeals/follow-ups': ['supervisor'],
  'POST /api/v1/appeals/import': ['supervisor'],
  'POST /api/v1/appeals/jobs/escalate': ['supervisor'],
  'POST /api/v1/appeals/jobs/weekly-reminders': ['supervisor'],
  'GET /api/v1/appeals/labels': ['auditor', ...DEPT, 'enterprise', 'leader', 'officer', 'supervisor'],
  'GET /api/v1/appeals/ledger.xlsx': ['auditor', ...DEPT, 'leader', 'officer', 'supervisor'],
  'GET /api/v1/appeals/notices': ['auditor', ...DEPT, 'enterprise', 'leader', 'officer', 'supervisor'],
  'POST /api/v1/appeals/notices/read': ['auditor', ...DEPT, 'enterprise', 'leader', 'officer', 'supervisor'],
  'GET /api/v1/appeals/overdue': ['auditor', ...DEPT, 'leader', 'officer', 'supervisor'],
  'GET /api/v1/appeals/policy-flags': [...DEPT, 'leader', 'supervisor'],
  'POST /api/v1/appeals/policy-flags/{flagId}/acknowledge': [...DEPT, 'supervisor'],
  'GET /api/v1/appeals/policy-themes': [...DEPT, 'leader', 'supervisor'],
  'POST /api/v1/appeals/policy-themes/flag': ['supervisor'],
  'GET /api/v1/appeals/public/{number}': 'public',
  'GET /api/v1/appeals/ranking': ['auditor', ...DEPT, 'leader', 'supervisor'],
  'GET /api/v1/appeals/ranking/report': ['auditor', ...DEPT, 'leader', 'supervisor'],
  'GET /api/v1/appeals/ranking/trend': ['auditor', ...DEPT, 'leader', 'supervisor'],
  'POST /api/v1/appeals/record': ['officer', 'supervisor'],
  'GET /api/v1/appeals/{id}': ['auditor', ...DEPT, 'enterprise', 'leader', 'officer', 'supervisor'],
  'POST /api/v1/appeals/{id}/accept': [...DEPT],
  'POST /api/v1/appeals/{id}/answer': [...DEPT],
  'POST /api/v1/appeals/{id}/answer-on-spot': ['officer', 'supervisor'],
  'POST /api/v1/appeals/{id}/assign': ['supervisor'],
  'GET /api/v1/appeals/{id}/attachments': ['auditor', ...DEPT, 'enterprise', 'leader', 'officer', 'supervisor'],
  'POST /api/v1/appeals/{id}/attachments': [...DEPT, 'enterprise', 'officer', 'supervisor'],
  'GET /api/v1/appeals/{id}/attachments/{attachmentId}': ['auditor', ...DEPT, 'enterprise', 'leader', 'officer', 'supervisor'],
  'POST /api/v1/appeals/{id}/close': ['supervisor'],
  'GET /api/v1/appeals/{id}/extensions': ['auditor', ...DEPT, 'leader', 'supervisor'],
  'POST /api/v1/appeals/{id}/extensions': [...DEPT],
  'POST /api/v1/appeals/{id}/extensions/{extensionId}/decision': ['supervisor'],
  'POST /api/v1/appeals/{id}/feedback': ['enterprise', 'supervisor'],
  'POST /api/v1/appeals/{id}/follow-ups/{followUpId}': ['supervisor'],
  'POST /api/v1/appeals/{id}/forward': ['officer', 'supervisor'],
  'GET /api/v1/appeals/{id}/letters': ['auditor', ...DEPT, 'leader', 'officer', 'supervisor'],
  'POST /api/v1/appeals/{id}/letters': ['supervisor'],
  'GET /api/v1/appeals/{id}/letters/{letterId}': ['auditor', ...DEPT, 'leader', 'officer', 'supervisor'],
  'POST /api/v1/appeals/{id}/merge': ['supervisor'],
  'GET /api/v1/appeals/{id}/policy-candidates': [...DEPT, 'supervisor'],
  'GET /api/v1/appeals/{id}/policy-links': ['auditor', ...DEPT, 'enterprise', 'leader', 'officer', 'supervisor'],
  'POST /api/v1/appeals/{id}/policy-links': [...DEPT, 'supervisor'],
  'POST /api/v1/appeals/{id}/progress': [...DEPT],
  'POST /api/v1/appeals/{id}/redispatch': [...DEPT],
  'POST /api/v1/appeals/{id}/send-back': [...DEPT],
  'GET /api/v1/appeals/{id}/similar': [...DEPT, 'leader', 'officer', 'supervisor'],
  'GET /api/v1/appeals/{id}/timeline': ['auditor', ...DEPT, 'enterprise', 'leader', 'officer', 'supervisor'],
  'POST /api/v1/appeals/{id}/withdraw': ['enterprise'],
  // /applications
  'GET /api/v1/applications': ['auditor', ...DEPT, 'enterprise', 'finance_checker', 'finance_maker', 'leader'],
  'POST /api/v1/applications': ['enterprise'],
  'GET /api/v1/applications/commitment-text': ['enterprise'],
  'GET /api/v1/applications/{id}': ['auditor', ...DEPT, 'enterprise', 'finance_checker', 'finance_maker', 'leader'],
  'POST /api/v1/applications/{id}/account-change': ['enterprise'],
  'POST /api/v1/applications/{id}/clawback': ['dept_reviewer'],
  'POST /api/v1/applications/{id}/commitment': ['enterprise'],
  'POST /api/v1/applications/{id}/confirm': 'firm-self',
  'POST /api/v1/applications/{id}/decision': ['dept_reviewer'],
  'GET /api/v1/applications/{id}/materials': ['auditor', ...DEPT, 'enterprise', 'finance_checker', 'finance_maker', 'leader'],
  'POST /api/v1/applications/{id}/materials': ['enterprise'],
  'GET /api/v1/applications/{id}/materials/{materialId}': ['auditor', ...DEPT, 'enterprise'],
  'POST /api/v1/applications/{id}/rating': ['enterprise'],
  'POST /api/v1/applications/{id}/reopen': ['enterprise'],
  'POST /api/v1/applications/{id}/reopen-decision': ['dept_reviewer'],
  'POST /api/v1/applications/{id}/submit': ['enterprise'],
  'GET /api/v1/applications/{id}/timeline': ['auditor', ...DEPT, 'enterprise', 'finance_checker', 'finance_maker', 'leader'],
  'POST /api/v1/applications/{id}/withdraw': 'firm-self',
  // /audit
  'GET /api/v1/audit/entries': ['admin', 'auditor'],
  'GET /api/v1/audit/verify': ['admin', 'auditor'],
  // /auth
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/logout': 'public',
  'GET /api/v1/auth/me': 'signed-in',
  'POST /api/v1/auth/password': 'signed-in',
  'POST /api/v1/auth/refresh': 'public',
  // /calculator
  'POST /api/v1/calculator': 'public',
  // /clawbacks
  'POST /api/v1/clawbacks/{id}/recover': ['dept_reviewer'],
  // /credit
  'GET /api/v1/credit/dishonest-list': ['auditor', 'leader'],
  'POST /api/v1/credit/dishonest-list': ['admin'],
  'GET /api/v1/credit/records': ['admin', 'auditor', 'dept_reviewer', 'enterprise', 'leader'],
  // /data-corrections (数据异议) and /data-sources (数据共享)
  'GET /api/v1/data-corrections': ['auditor', ...DEPT, 'enterprise', 'leader'],
  'POST /api/v1/data-corrections': ['enterprise'],
  'GET /api/v1/data-corrections/{id}': ['auditor', ...DEPT, 'enterprise', 'leader'],
  'GET /api/v1/data-corrections/{id}/attachment': ['auditor', ...DEPT, 'enterprise', 'leader'],
  'POST /api/v1/data-corrections/{id}/attachment': ['enterprise'],
  'POST /api/v1/data-corrections/{id}/resolve': ['dept_editor'],
  'GET /api/v1/data-sources': ['auditor', ...DEPT, 'leader'],
  'GET /api/v1/data-sources/rejections': ['auditor', ...DEPT],
  'POST /api/v1/data-sources/{source}/sync': ['admin'],
  // /disclosures
  'GET /api/v1/disclosures': 'public',
  'POST /api/v1/disclosures': ['dept_reviewer'],
  'GET /api/v1/disclosures/history': 'public',
  'GET /api/v1/disclosures/history/page': 'public',
  'GET /api/v1/disclosures/history/{roundId}': 'public',
  'GET /api/v1/disclosures/history/{roundId}/page': 'public',
  'GET /api/v1/disclosures/page': 'public',
  'GET /api/v1/disclosures/{roundId}': 'public',
  'POST /api/v1/disclosures/{roundId}/objections': 'public',
  'POST /api/v1/disclosures/{roundId}/objections/contact-code': 'public',
  'GET /api/v1/disclosures/{roundId}/page': 'public',
  // /enterprises
  'GET /api/v1/enterprises': ['admin', 'auditor', ...DEPT, 'finance_checker', 'finance_maker', 'leader', 'officer', 'supervisor'],
  'POST /api/v1/enterprises/import': ['admin'],
  'GET /api/v1/enterprises/me': ['enterprise'],
  'GET /api/v1/enterprises/{id}': 'signed-in',
  'PATCH /api/v1/enterprises/{id}': ['admin', 'dept_editor', 'enterprise'],
  'GET /api/v1/enterprises/{id}/as-of': 'signed-in',
  'GET /api/v1/enterprises/{id}/history': 'signed-in',
  // /facts
  'GET /api/v1/facts': 'public',
  // /fund-pools
  'GET /api/v1/fund-pools': ['auditor', ...DEPT, 'finance_checker', 'finance_maker', 'leader'],
  'GET /api/v1/fund-pools/{itemId}': ['auditor', ...DEPT, 'finance_checker', 'finance_maker', 'leader'],
  // /health
  'GET /api/v1/health': 'public',
  // /items
  'PATCH /api/v1/items/{itemId}': ['dept_editor'],
  'GET /api/v1/items/{itemId}/diff': ['auditor', ...DEPT, 'leader'],
  'POST /api/v1/items/{itemId}/review': ['dept_reviewer'],
  'POST /api/v1/items/{itemId}/submit': ['dept_editor'],
  'GET /api/v1/items/{itemId}/versions': ['auditor', ...DEPT, 'leader'],
  'POST /api/v1/items/{itemId}/withdraw': ['dept_reviewer'],
  // /me
  'GET /api/v1/me/inbox': 'firm-self',
  'POST /api/v1/me/inbox/{id}/dismiss': 'firm-self',
  'POST /api/v1/me/inbox/{id}/read': 'firm-self',
  'GET /api/v1/me/notices': 'firm-self',
  'GET /api/v1/me/policies': 'firm-self',
  'GET /api/v1/me/policies/{itemId}': 'firm-self',
  // /objections
  'GET /api/v1/objections': ['auditor', 'dept_reviewer', 'leader'],
  'POST /api/v1/objections/{id}/resolve': ['dept_reviewer'],
  'POST /api/v1/objections/{id}/spam': ['dept_reviewer'],
  // /officers
  'GET /api/v1/officers/me/firms': ['officer'],
  'GET /api/v1/officers/me/tasks': ['officer'],
  'GET /api/v1/officers/me/visits': ['officer'],
  'POST /api/v1/officers/me/visits': ['officer'],
  'GET /api/v1/officers/{officerId}/firms': ['leader', 'supervisor'],
  'PUT /api/v1/officers/{officerId}/firms': ['supervisor'],
  'GET /api/v1/officers/{officerId}/visits': ['leader', 'supervisor'],
  // /payouts
  'GET /api/v1/payouts/batches': ['auditor', 'finance_checker', 'finance_maker', 'leader', ...DEPT_PAYERS],
  'POST /api/v1/payouts/batches': ['finance_maker', 'dept_payer_maker'],
  'POST /api/v1/payouts/batches/preview': ['finance_maker', 'dept_payer_maker'],
  'GET /api/v1/payouts/batches/{id}': ['auditor', 'finance_checker', 'finance_maker', 'leader', ...DEPT_PAYERS],
  'POST /api/v1/payouts/batches/{id}/approve': ['finance_checker', 'dept_payer_checker'],
  'POST /api/v1/payouts/batches/{id}/reject': ['finance_checker', 'dept_payer_checker'],
  'POST /api/v1/payouts/batches/{id}/submit': ['finance_maker', 'dept_payer_maker'],
  'GET /api/v1/payouts/instructions': ['auditor', 'finance_checker', 'finance_maker', 'leader', ...DEPT_PAYERS],
  'GET /api/v1/payouts/instructions/{id}': ['auditor', 'finance_checker', 'finance_maker', 'leader', ...DEPT_PAYERS],
  'POST /api/v1/payouts/instructions/{id}/cancel': ['finance_maker'],
  'GET /api/v1/payouts/instructions/{id}/journal': ['auditor', 'finance_checker', 'finance_maker', 'leader', ...DEPT_PAYERS],
  'POST /api/v1/payouts/instructions/{id}/reissue': ['finance_maker'],
  'GET /api/v1/payouts/ledger/balances': ['auditor', 'finance_checker', 'finance_maker', 'leader'],
  'GET /api/v1/payouts/ledger/check': ['auditor', 'finance_checker', 'leader'],
  'GET /api/v1/payouts/pools': ['auditor', 'finance_checker', 'finance_maker', 'leader', ...DEPT_PAYERS],
  'GET /api/v1/payouts/pools/movements': ['auditor', 'finance_checker', 'finance_maker', 'leader'],
  'POST /api/v1/payouts/pools/movements': ['finance_maker'],
  'POST /api/v1/payouts/pools/movements/{id}/approve': ['finance_checker'],
  'POST /api/v1/payouts/pools/movements/{id}/reject': ['finance_checker'],
  'GET /api/v1/payouts/pools/{id}': ['auditor', 'finance_checker', 'finance_maker', 'leader', ...DEPT_PAYERS],
  'PATCH /api/v1/payouts/pools/{id}': ['finance_checker'],
  'GET /api/v1/payouts/pools/{id}/history': ['auditor', 'finance_checker', 'finance_maker', 'leader', ...DEPT_PAYERS],
  'GET /api/v1/payouts/reconciliation/exceptions': ['auditor', 'finance_checker', 'finance_maker', 'leader'],
  'POST /api/v1/payouts/reconciliation/items/{id}/resolve': ['finance_checker', 'finance_maker'],
  'POST /api/v1/payouts/reconciliation/result-files': ['finance_checker', 'finance_maker'],
  'GET /api/v1/payouts/reconciliation/runs/{id}': ['auditor', 'finance_checker', 'finance_maker', 'leader'],
  'POST /api/v1/payouts/reconciliation/statements': ['finance_checker', 'finance_maker'],
  'GET /api/v1/payouts/reports/paid': ['auditor', 'finance_checker', 'finance_maker', 'leader'],
  'GET /api/v1/payouts/reports/paid.xlsx': ['auditor', 'finance_checker', 'finance_maker', 'leader'],
  // /policies
  'GET /api/v1/policies': ['auditor', ...DEPT, 'leader'],
  'POST /api/v1/policies': ['dept_editor'],
  'GET /api/v1/policies/export': ['auditor', ...DEPT, 'leader'],
  'POST /api/v1/policies/import': ['dept_editor'],
  'GET /api/v1/policies/{id}': ['auditor', ...DEPT, 'leader'],
  'PATCH /api/v1/policies/{id}': ['dept_editor'],
  'POST /api/v1/policies/{id}/items': ['dept_editor'],
  'GET /api/v1/policies/{id}/stats': ['auditor', ...DEPT, 'leader'],
  // /public
  'GET /api/v1/public/catalogue': 'public',
  'GET /api/v1/public/compendium': 'public',
  'GET /api/v1/public/items/{itemId}/policy': 'public',
  'GET /api/v1/public/policies/{policyId}': 'public',
  'GET /api/v1/public/results': 'public',
  'GET /api/v1/public/results/page': 'public',
  'GET /api/v1/public/statistics': 'public',
  'GET /api/v1/public/statistics/page': 'public',
  // /reception-days
  'GET /api/v1/reception-days': ['auditor', ...DEPT, 'enterprise', 'leader', 'officer', 'supervisor'],
  'POST /api/v1/reception-days': ['supervisor'],
  'GET /api/v1/reception-days/notices': 'public',
  'GET /api/v1/reception-days/registrations/mine': 'firm-self',
  'GET /api/v1/reception-days/{id}': ['auditor', ...DEPT, 'enterprise', 'leader', 'officer', 'supervisor'],
  'GET /api/v1/reception-days/{id}/minutes': ['auditor', ...DEPT, 'leader', 'officer', 'supervisor'],
  'POST /api/v1/reception-days/{id}/minutes': ['supervisor'],
  'GET /api/v1/reception-days/{id}/registrations': ['supervisor'],
  'POST /api/v1/reception-days/{id}/registrations': ['enterprise', 'supervisor'],
  'POST /api/v1/reception-days/{id}/roll-call': ['supervisor'],
  // /review
  'POST /api/v1/review/batch-approve': ['dept_reviewer'],
  'GET /api/v1/review/queue': ['dept_reviewer'],
  // /sandbox
  'GET /api/v1/sandbox/effects/{itemId}': [...DEPT, 'leader'],
  'GET /api/v1/sandbox/exclusion-groups': [...DEPT, 'leader'],
  'POST /api/v1/sandbox/overlap': [...DEPT, 'leader'],
  'GET /api/v1/sandbox/scenarios': [...DEPT, 'leader'],
  'POST /api/v1/sandbox/scenarios': [...DEPT, 'leader'],
  'DELETE /api/v1/sandbox/scenarios/{id}': [...DEPT, 'leader'],
  'GET /api/v1/sandbox/scenarios/{id}': [...DEPT, 'leader'],
  'PATCH /api/v1/sandbox/scenarios/{id}': [...DEPT, 'leader'],
  'GET /api/v1/sandbox/scenarios/{id}/export.csv': [...DEPT, 'leader'],
  'POST /api/v1/sandbox/scenarios/{id}/propose': ['dept_editor', 'leader'],
  'POST /api/v1/sandbox/scenarios/{id}/run': [...DEPT, 'leader'],
  'GET /api/v1/sandbox/snapshot': [...DEPT, 'leader'],
  'POST /api/v1/sandbox/snapshot/refresh': ['leader'],
  'POST /api/v1/sandbox/sweep': [...DEPT, 'leader'],
  'POST /api/v1/sandbox/tags': [...DEPT, 'leader'],
  'POST /api/v1/sandbox/what-if': [...DEPT, 'leader'],
  // /search
  'GET /api/v1/search/policies': 'public',
  // /supervision
  'GET /api/v1/supervision/alerts': ['admin', 'auditor', ...DEPT, 'finance_checker', 'finance_maker', 'leader'],
  'POST /api/v1/supervision/alerts/{id}/read': ['admin', 'auditor', ...DEPT, 'finance_checker', 'finance_maker', 'leader'],
  'GET /api/v1/supervision/board': ['admin', 'auditor', ...DEPT, 'finance_checker', 'finance_maker', 'leader'],
  'GET /api/v1/supervision/calendar': ['auditor', ...DEPT, 'leader'],
  'PUT /api/v1/supervision/calendar': ['admin'],
  'GET /api/v1/supervision/overdue': ['admin', 'auditor', ...DEPT, 'finance_checker', 'finance_maker', 'leader'],
  'POST /api/v1/supervision/reminders': ['admin'],
  'POST /api/v1/supervision/run': ['admin'],
  'GET /api/v1/supervision/time-to-money': ['admin', 'auditor', ...DEPT, 'finance_checker', 'finance_maker', 'leader'],
  // /tags
  'GET /api/v1/tags': 'signed-in',
  'POST /api/v1/tags': ['dept_editor'],
  'GET /api/v1/tags/{code}': 'signed-in',
  'PATCH /api/v1/tags/{code}': ['dept_editor'],
  'POST /api/v1/tags/{code}/derive': ['dept_editor'],
  'GET /api/v1/tags/{code}/enterprises': ['auditor', ...DEPT, 'leader'],
  // /users
  'PATCH /api/v1/users/{id}': ['admin'],
  // /verifications
  'GET /api/v1/verifications': ['admin', 'auditor', ...DEPT, 'leader'],
  'POST /api/v1/verifications/{id}/decision': ['dept_reviewer'],
};

/** A record owned by one firm or one department, found at run time in the seeded platform. */
export type OwnedResource = 'application' | 'appeal' | 'enterprise' | 'item' | 'policy';

/**
 * Own versus other: routes whose path parameter names a record owned by one firm (firm1's) or one
 * department (kjj's). The `other` accounts must be refused (403 or 404, nothing changed); the `owner`
 * (reads only) must get the record. Demo accounts: firm1/firm2 are two firms; the kjj and gxj accounts two departments.
 */
const ITEM = { name: '越权新增事项', code: 'AUTHZ-1', rule: { all: [{ fact: 'tags', operator: 'hasTag', value: 'hitech' }] }, formula: { kind: 'fixed', amount: 100000 }, mode: 'no_application', materials: [], fundPoolFen: 1000000, effectiveFrom: '2026-01-01' };

/** `body` and `query` (NOW: the current time) are valid requests, so a refusal is about whose record it is, not about the input. */
export const OWNERSHIP: ReadonlyArray<{ route: string; resource: OwnedResource; owner?: string; other: readonly string[]; body?: object; query?: string }> = [
  { route: 'GET /api/v1/applications/{id}', resource: 'application', owner: 'firm1', other: ['firm2', 'gxj_editor'] },
  { route: 'GET /api/v1/applications/{id}/timeline', resource: 'application', owner: 'firm1', other: ['firm2', 'gxj_editor'] },
  { route: 'GET /api/v1/applications/{id}/materials', resource: 'application', owner: 'firm1', other: ['firm2'] },
  { route: 'POST /api/v1/applications/{id}/withdraw', resource: 'application', other: ['firm2'] },
  { route: 'POST /api/v1/applications/{id}/confirm', resource: 'application', other: ['firm2'] },
  { route: 'POST /api/v1/applications/{id}/decision', resource: 'application', other: ['gxj_reviewer'], body: { decision: 'reject', comment: '越权' } },
  { route: 'GET /api/v1/appeals/{id}', resource: 'appeal', owner: 'firm1', other: ['firm2'] },
  { route: 'GET /api/v1/appeals/{id}/timeline', resource: 'appeal', owner: 'firm1', other: ['firm2'] },
  { route: 'POST /api/v1/appeals/{id}/feedback', resource: 'appeal', other: ['firm2'], body: { rating: 'satisfied' } },
  { route: 'POST /api/v1/appeals/{id}/withdraw', resource: 'appeal', other: ['firm2'] },
  { route: 'GET /api/v1/enterprises/{id}', resource: 'enterprise', owner: 'firm1', other: ['firm2'] },
  { route: 'GET /api/v1/enterprises/{id}/history', resource: 'enterprise', owner: 'firm1', other: ['firm2'] },
  { route: 'GET /api/v1/enterprises/{id}/as-of', resource: 'enterprise', owner: 'firm1', other: ['firm2'], query: 'at=NOW' },
  { route: 'PATCH /api/v1/enterprises/{id}', resource: 'enterprise', other: ['firm2', 'gxj_editor'], body: { changes: { employees: 1 }, reason: '越权修改' } },
  { route: 'PATCH /api/v1/items/{itemId}', resource: 'item', other: ['gxj_editor'], body: { changes: { fundPoolFen: 1 } } },
  { route: 'POST /api/v1/items/{itemId}/submit', resource: 'item', other: ['gxj_editor'] },
  { route: 'POST /api/v1/items/{itemId}/review', resource: 'item', other: ['gxj_reviewer'], body: { decision: 'approve' } },
  { route: 'POST /api/v1/items/{itemId}/withdraw', resource: 'item', other: ['gxj_reviewer'], body: { reason: '越权撤回' } },
  { route: 'POST /api/v1/policies/{id}/items', resource: 'policy', other: ['gxj_editor'], body: ITEM },
  { route: 'PATCH /api/v1/policies/{id}', resource: 'policy', other: ['gxj_editor'], body: { changes: { title: '越权修改的政策标题' }, reason: '越权修改', revision: 1 } },
];
