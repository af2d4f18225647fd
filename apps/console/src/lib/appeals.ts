/**
 * Pure logic of the appeals (诉求) pages: which actions a signed-in person may take on an appeal in
 * its current state, ledger filters ↔ URL, rates and months for the ranking. The API enforces all of
 * this again; the console only avoids offering buttons that would be refused.
 */

export type AppealStateCode = 'submitted' | 'assigned' | 'in_progress' | 'answered' | 'second_supervision' | 'closed' | 'merged' | 'withdrawn';

export const APPEAL_STATE_OPTIONS: ReadonlyArray<{ value: AppealStateCode; label: string }> = [
  { value: 'submitted', label: '待预研' },
  { value: 'assigned', label: '已交办待签收' },
  { value: 'in_progress', label: '办理中' },
  { value: 'answered', label: '已答复待评价' },
  { value: 'second_supervision', label: '二次督办中' },
  { value: 'closed', label: '已销号' },
  { value: 'merged', label: '已合并' },
  { value: 'withdrawn', label: '已撤回' },
];

/** antd Tag colour per state: open work blue/orange, waiting for the firm gold, finished green/grey. */
export function stateColor(state: string): string {
  switch (state) {
    case 'submitted':
      return 'processing';
    case 'assigned':
    case 'in_progress':
      return 'blue';
    case 'answered':
      return 'gold';
    case 'second_supervision':
      return 'red';
    case 'closed':
      return 'green';
    default:
      return 'default';
  }
}

export const RATING_OPTIONS = [
  { value: 'satisfied', label: '满意' },
  { value: 'basically_satisfied', label: '基本满意' },
  { value: 'unsatisfied', label: '不满意' },
] as const;
export type RatingCode = (typeof RATING_OPTIONS)[number]['value'];

export const ANSWER_KIND_OPTIONS = [
  { value: 'resolved', label: '已解决' },
  { value: 'explained', label: '解释说明' },
  { value: 'transferred', label: '已转办' },
] as const;
export type AnswerKindCode = (typeof ANSWER_KIND_OPTIONS)[number]['value'];

/** A rating needs a comment when the firm is not satisfied (the API refuses it otherwise). */
export function ratingNeedsComment(rating: RatingCode | undefined): boolean {
  return rating === 'unsatisfied';
}

export interface AppealFacts {
  state: string;
  /** 包联干部 / 责任部门 / … — an appeal at the officer's level can be forwarded to pre-study. */
  level?: string;
  leadDepartment: { code: string } | null;
  coDepartments: ReadonlyArray<{ code: string }>;
}

export interface Viewer {
  role: string;
  departmentCode?: string | null;
}

export type AppealAction =
  // enterprise
  | 'rate'
  | 'withdraw'
  // supervisor
  | 'merge'
  | 'answerOnSpot'
  | 'forward'
  | 'assign'
  | 'decideExtension'
  | 'overrideClose'
  | 'letter'
  // department (lead unit)
  | 'accept'
  | 'sendBack'
  | 'redispatch'
  | 'progress'
  | 'requestExtension'
  | 'answer';

const OPEN: readonly string[] = ['submitted', 'assigned', 'in_progress', 'second_supervision'];

/** The actions to offer a viewer on an appeal, in the order the page shows them. */
export function appealActions(a: AppealFacts, viewer: Viewer): AppealAction[] {
  const out: AppealAction[] = [];
  const s = a.state;
  if (viewer.role === 'enterprise') {
    if (s === 'answered') out.push('rate');
    if (s === 'submitted' || s === 'assigned' || s === 'in_progress') out.push('withdraw');
    return out;
  }
  if (viewer.role === 'supervisor') {
    if (s === 'submitted') out.push('answerOnSpot', 'assign', 'merge');
    if (s === 'submitted' && a.level === 'officer') out.push('forward');
    if (s === 'second_supervision') out.push('assign');
    if (s === 'assigned' || s === 'in_progress' || s === 'second_supervision') out.push('decideExtension');
    if (s === 'answered' || s === 'second_supervision') out.push('overrideClose');
    if (OPEN.includes(s) && s !== 'submitted') out.push('letter');
    return out;
  }
  if (viewer.role === 'officer') {
    if (s === 'submitted') out.push('answerOnSpot');
    if (s === 'submitted' && a.level === 'officer') out.push('forward');
    return out;
  }
  if (viewer.role === 'dept_editor' || viewer.role === 'dept_reviewer') {
    const code = viewer.departmentCode ?? null;
    const lead = code !== null && a.leadDepartment?.code === code;
    const co = code !== null && a.coDepartments.some((d) => d.code === code);
    if (lead) {
      if (s === 'assigned') out.push('accept', 'sendBack');
      if (s === 'in_progress' || s === 'second_supervision') out.push('answer', 'progress', 'requestExtension');
      if ((s === 'assigned' || s === 'in_progress') && a.coDepartments.length > 0) out.push('redispatch');
    } else if (co && (s === 'in_progress' || s === 'second_supervision')) {
      out.push('progress');
    }
  }
  return out;
}

/** Ledger filters as they live in the URL (?state=…&category=…&department=…&overdue=true&q=…). */
export interface LedgerFilter {
  state?: AppealStateCode;
  category?: string;
  department?: string;
  overdue?: boolean;
  q?: string;
}

const STATE_CODES = new Set<string>(APPEAL_STATE_OPTIONS.map((o) => o.value));
const CODE = /^[A-Za-z0-9_]{1,40}$/;

/** Reads the filters from the URL, dropping anything the API would refuse (a hand-edited link never errors). */
export function ledgerFilterFromParams(params: URLSearchParams): LedgerFilter {
  const f: LedgerFilter = {};
  const state = params.get('state');
  if (state && STATE_CODES.has(state)) f.state = state as AppealStateCode;
  const category = params.get('category');
  if (category && CODE.test(category)) f.category = category;
  const department = params.get('department');
  if (department && CODE.test(department)) f.department = department;
  const overdue = params.get('overdue');
  if (overdue === 'true') f.overdue = true;
  else if (overdue === 'false') f.overdue = false;
  const q = params.get('q')?.trim();
  if (q) f.q = q.slice(0, 100);
  return f;
}

/** Writes one filter into the URL parameters; a change of filter goes back to page 1. */
export function withLedgerFilter(params: URLSearchParams, key: keyof LedgerFilter, value: string | boolean | undefined | null): URLSearchParams {
  const next = new URLSearchParams(params);
  if (value === undefined || value === null || value === '') next.delete(key);
  else next.set(key, String(value));
  next.delete('page');
  return next;
}

/** The ledger export URL for the same filters (query string only; the file comes through the API client). */
export function ledgerQuery(f: LedgerFilter): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== '') out[k] = v as string | boolean;
  return out;
}

/** 0.8537 → "85.4%", null → "—" (no case to count). */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** "2026-12" in China time for a date. */
export function monthOf(d: Date): string {
  const china = new Date(d.getTime() + 8 * 3_600_000);
  return `${china.getUTCFullYear()}-${String(china.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** "2026-03" shifted by n months (negative for earlier). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** "2026-12-03" (China date) for a date. */
export function chinaDay(d: Date): string {
  const china = new Date(d.getTime() + 8 * 3_600_000);
  return china.toISOString().slice(0, 10);
}

/** An ISO instant as the firm reads it: "2026-12-03 14:05" in China time; null → "—". */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  const china = new Date(d.getTime() + 8 * 3_600_000).toISOString();
  return `${china.slice(0, 10)} ${china.slice(11, 16)}`;
}

export interface RowError {
  row: number;
  field: string;
  message: string;
}

/** Register columns as printed on the sheet, for the API's field codes in row errors. */
const REGISTER_COLUMNS: Record<string, string> = {
  creditCode: '统一社会信用代码', category: '类别', title: '标题', description: '问题描述', contactName: '联系人', contactPhone: '联系电话', channel: '渠道', receivedOn: '反映日期', '*': '整行',
};

/** The row errors of a refused register import (`APPEAL.IMPORT_INVALID` details.errors), sorted by row. */
export function importRowErrors(details: unknown): RowError[] {
  if (typeof details !== 'object' || details === null) return [];
  const errors = (details as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return [];
  return errors
    .filter((e): e is RowError => typeof e === 'object' && e !== null && typeof (e as RowError).row === 'number' && typeof (e as RowError).message === 'string')
    .map((e) => { const field = typeof e.field === 'string' ? e.field : '*'; return { row: e.row, field: REGISTER_COLUMNS[field] ?? field, message: e.message }; })
    .sort((a, b) => a.row - b.row);
}
