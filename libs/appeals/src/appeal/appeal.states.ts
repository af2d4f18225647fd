import { DomainError } from '@app/core';

/** Every state an appeal (诉求) can be in. Every appeal is born `submitted` (待预研). */
export const APPEAL_STATES = ['submitted', 'assigned', 'in_progress', 'answered', 'second_supervision', 'closed', 'merged', 'withdrawn'] as const;
export type AppealState = (typeof APPEAL_STATES)[number];

export const APPEAL_STATE_LABELS: Record<AppealState, string> = {
  submitted: '待预研', assigned: '已交办待签收', in_progress: '办理中', answered: '已答复待评价', second_supervision: '二次督办中',
  closed: '已销号', merged: '已合并', withdrawn: '已撤回',
};

/** Commands that move an appeal. Notes (progress, letters, escalation …) leave the state as it is. */
export const APPEAL_COMMANDS = [
  'answer_on_spot', 'merge', 'assign', 'accept', 'send_back', 'redispatch', 'answer', 'rate_satisfied', 'rate_unsatisfied', 'override_close',
  'reopen', 'withdraw',
] as const;
export type AppealCommand = (typeof APPEAL_COMMANDS)[number];

/** Timeline entries that are not transitions. */
export const APPEAL_NOTES = [
  'create', 'progress', 'co_opinion', 'extension_requested', 'extension_approved', 'extension_rejected', 'letter', 'escalate', 'weekly_reminder',
  'attachment', 'follow_up', 'policy_linked', 'policy_published', 'merged_in',
] as const;
export type AppealNote = (typeof APPEAL_NOTES)[number];

export const APPEAL_COMMAND_LABELS: Record<AppealCommand | AppealNote, string> = {
  create: '提出诉求', answer_on_spot: '当场答复', merge: '合并办理', assign: '交办', accept: '签收', send_back: '退回预研', redispatch: '首问分办',
  answer: '答复企业', rate_satisfied: '企业评价（满意，销号）', rate_unsatisfied: '企业评价（不满意，二次督办）', override_close: '督办销号（说明理由）',
  reopen: '回访重启', withdraw: '企业撤回', progress: '办理进展', co_opinion: '协办意见', extension_requested: '申请延期',
  extension_approved: '同意延期', extension_rejected: '不同意延期', letter: '发函', escalate: '逐级上报', weekly_reminder: '每周提醒',
  attachment: '上传附件', follow_up: '回访', policy_linked: '关联政策起草', policy_published: '相关政策已发布', merged_in: '并入相似诉求',
};

/**
 * THE transition table (state × command → state). Anything not listed is illegal and changes nothing.
 * Guards beyond the state (who is the lead unit, a reason given, a co-unit to re-dispatch to) are
 * checked by the use cases; they can only narrow this table, never widen it.
 */
export const APPEAL_TRANSITIONS: Readonly<Record<AppealState, Partial<Record<AppealCommand, AppealState>>>> = {
  submitted: { answer_on_spot: 'answered', merge: 'merged', assign: 'assigned', withdraw: 'withdrawn' },
  assigned: { accept: 'in_progress', send_back: 'submitted', redispatch: 'assigned', withdraw: 'withdrawn' },
  in_progress: { redispatch: 'assigned', answer: 'answered', withdraw: 'withdrawn' },
  answered: { rate_satisfied: 'closed', rate_unsatisfied: 'second_supervision', override_close: 'closed' },
  second_supervision: { answer: 'answered', assign: 'assigned', override_close: 'closed' },
  closed: { reopen: 'second_supervision' },
  merged: {},
  withdrawn: {},
};

export const TERMINAL_APPEAL_STATES: readonly AppealState[] = APPEAL_STATES.filter((s) => Object.keys(APPEAL_TRANSITIONS[s]).length === 0);

/** States in which somebody in government still owes the firm something (overdue list, reminders, escalation). */
export const OPEN_APPEAL_STATES: readonly AppealState[] = ['submitted', 'assigned', 'in_progress', 'second_supervision'];

export function nextAppealState(state: AppealState, command: AppealCommand): AppealState | null {
  return APPEAL_TRANSITIONS[state]?.[command] ?? null;
}

/** The target state, or `APPEAL.INVALID_STATE` naming what was tried and what is allowed now. */
export function assertAppealTransition(state: AppealState, command: AppealCommand, id?: string): AppealState {
  const to = nextAppealState(state, command);
  if (!to) {
    throw new DomainError('APPEAL.INVALID_STATE', `诉求当前状态「${APPEAL_STATE_LABELS[state]}」不能执行「${APPEAL_COMMAND_LABELS[command]}」`, {
      id, state, command, allowed: Object.keys(APPEAL_TRANSITIONS[state]),
    });
  }
  return to;
}
