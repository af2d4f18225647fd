import { DomainError } from '@app/core';

/** Every state an application can be in. 免申即享 starts at pre_qualified, 申请制 at draft. */
export const APPLICATION_STATES = [
  'draft', 'pre_qualified', 'submitted', 'under_review', 'returned', 'approved', 'rejected', 'in_disclosure',
  'objection_raised', 'confirmed', 'ready_for_payout', 'paid', 'payout_failed', 'withdrawn', 'expired', 'lapsed', 'reopen_requested',
] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];

export const STATE_LABELS: Record<ApplicationState, string> = {
  draft: '草稿', pre_qualified: '预审通过（免申即享）', submitted: '已提交', under_review: '审核中', returned: '退回补正',
  approved: '审核通过', rejected: '不予通过', in_disclosure: '公示中', objection_raised: '公示异议处理中', confirmed: '企业已确认',
  ready_for_payout: '待拨付', paid: '已拨付', payout_failed: '拨付失败', withdrawn: '已撤回', expired: '已过期',
  lapsed: '逾期未确认', reopen_requested: '申请恢复办理',
};

/** Commands that move an application. Creation is not a command: a row is born in draft or pre_qualified. */
export const APPLICATION_COMMANDS = [
  'submit', 'accept', 'return', 'approve', 'reject', 'open_disclosure', 'raise_objection', 'uphold_objection',
  'dismiss_objection', 'confirm', 'release', 'settle', 'fail_payout', 'reconfirm', 'withdraw', 'expire',
  'lapse', 'request_reopen', 'accept_reopen', 'reject_reopen',
] as const;
export type ApplicationCommand = (typeof APPLICATION_COMMANDS)[number];

export const COMMAND_LABELS: Record<ApplicationCommand | 'create' | 'pre_qualify' | 'note', string> = {
  create: '创建申请', pre_qualify: '系统预审（免申即享）', submit: '提交申请', accept: '受理', return: '退回补正', approve: '审核通过',
  reject: '不予通过', open_disclosure: '进入公示', raise_objection: '公示异议', uphold_objection: '异议成立', dismiss_objection: '异议不成立',
  confirm: '企业确认收款账户', release: '推送兑付', settle: '资金到账', fail_payout: '拨付失败', reconfirm: '重新确认账户',
  withdraw: '撤回', expire: '逾期失效', note: '办理记录',
  lapse: '逾期未确认，申请失效', request_reopen: '企业申请恢复办理', accept_reopen: '同意恢复办理', reject_reopen: '不同意恢复办理',
};

/**
 * THE transition table (state × command → state). Anything not listed is illegal and changes nothing.
 * Guards that depend on more than the state (公示 period over, mode is 即申即享, pool has money) are
 * checked by the use cases; they can only narrow this table, never widen it.
 */
export const TRANSITIONS: Readonly<Record<ApplicationState, Partial<Record<ApplicationCommand, ApplicationState>>>> = {
  draft: { submit: 'submitted', withdraw: 'withdrawn', expire: 'expired' },
  pre_qualified: { approve: 'approved', reject: 'rejected', withdraw: 'withdrawn', expire: 'expired' },
  submitted: { accept: 'under_review', approve: 'approved', reject: 'rejected', return: 'returned', withdraw: 'withdrawn' },
  under_review: { approve: 'approved', reject: 'rejected', return: 'returned', withdraw: 'withdrawn' },
  returned: { submit: 'submitted', withdraw: 'withdrawn', expire: 'expired' },
  approved: { open_disclosure: 'in_disclosure', confirm: 'confirmed', withdraw: 'withdrawn', lapse: 'lapsed' },
  in_disclosure: { raise_objection: 'objection_raised', confirm: 'confirmed', withdraw: 'withdrawn', lapse: 'lapsed' },
  objection_raised: { uphold_objection: 'rejected', dismiss_objection: 'in_disclosure' },
  confirmed: { release: 'ready_for_payout' },
  ready_for_payout: { settle: 'paid', fail_payout: 'payout_failed' },
  payout_failed: { reconfirm: 'confirmed', settle: 'paid' },
  // 逾期未确认: the reservation is released; within the grace period the firm may ask to reopen,
  // after it the application expires. The department decides a reopen request (the pool must still have the money).
  lapsed: { request_reopen: 'reopen_requested', expire: 'expired' },
  reopen_requested: { accept_reopen: 'approved', reject_reopen: 'expired' },
  paid: {},
  rejected: {},
  withdrawn: {},
  expired: {},
};

export const TERMINAL_STATES: readonly ApplicationState[] = APPLICATION_STATES.filter((s) => Object.keys(TRANSITIONS[s]).length === 0);

/** States in which the approved amount is reserved in the item's fund pool. */
export const RESERVING_STATES: readonly ApplicationState[] = ['approved', 'in_disclosure', 'objection_raised', 'confirmed', 'ready_for_payout', 'payout_failed', 'paid'];

/** States that hold (or claim) the benefit: duplicates and exclusion groups are counted over these. */
export const CLAIMING_STATES: readonly ApplicationState[] = APPLICATION_STATES.filter((s) => !['draft', 'rejected', 'withdrawn', 'expired'].includes(s));

export function nextState(state: ApplicationState, command: ApplicationCommand): ApplicationState | null {
  return TRANSITIONS[state]?.[command] ?? null;
}

/** The target state, or `APPLICATION.INVALID_STATE` naming what was tried and what is allowed. */
export function assertTransition(state: ApplicationState, command: ApplicationCommand, id?: string): ApplicationState {
  const to = nextState(state, command);
  if (!to) {
    throw new DomainError('APPLICATION.INVALID_STATE', `当前状态「${STATE_LABELS[state]}」不能执行「${COMMAND_LABELS[command]}」`, {
      id, state, command, allowed: Object.keys(TRANSITIONS[state]),
    });
  }
  return to;
}

/** SQL literal list of states, for partial indexes and filters (values come from the constants above). */
export const sqlStates = (states: readonly ApplicationState[]) => states.map((s) => `'${s}'`).join(',');
