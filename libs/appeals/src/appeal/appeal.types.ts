import { Principal, ROLE_LABELS, Role } from '@app/core';
import type { AppealState } from './appeal.states';

/** How the problem reached the government (渠道). */
export const APPEAL_CHANNELS = ['online', 'reception_day', 'forum', 'face_to_face', 'hotline', 'visit', 'letter'] as const;
export type AppealChannel = (typeof APPEAL_CHANNELS)[number];
export const CHANNEL_LABELS: Record<AppealChannel, string> = {
  online: '网上提交', reception_day: '企业家接待日', forum: '政企恳谈会', face_to_face: '政企面对面', hotline: '12345热线', visit: '走访', letter: '来信',
};
/** Channels staff record on a firm's behalf (online is the firm's own). */
export const STAFF_CHANNELS: readonly AppealChannel[] = APPEAL_CHANNELS.filter((c) => c !== 'online');

/** Who coordinates the appeal now (Luohe's 五级闭环): one level up each time a deadline passes. */
export const APPEAL_LEVELS = ['officer', 'department', 'district', 'city', 'leading_group'] as const;
export type AppealLevel = (typeof APPEAL_LEVELS)[number];
export const LEVEL_LABELS: Record<AppealLevel, string> = {
  officer: '包联干部', department: '责任部门', district: '区县', city: '市级', leading_group: '产业发展领导小组',
};
export function levelAbove(level: AppealLevel): AppealLevel | null {
  const i = APPEAL_LEVELS.indexOf(level);
  return i < APPEAL_LEVELS.length - 1 ? APPEAL_LEVELS[i + 1] : null;
}

/** 答复方式: resolved; explained (cannot be done for an objective reason, 004); transferred elsewhere; or on the spot. */
export const ANSWER_KINDS = ['resolved', 'explained', 'transferred'] as const;
export type AnswerKind = (typeof ANSWER_KINDS)[number] | 'on_spot';
export const ANSWER_KIND_LABELS: Record<AnswerKind, string> = { resolved: '已解决', explained: '解释说明', transferred: '已转办', on_spot: '当场答复' };

export const RATINGS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type Rating = (typeof RATINGS)[number];
export const RATING_LABELS: Record<Rating, string> = { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意' };

/** The deadline an appeal is waiting on in its state. */
export const DUE_KINDS = ['dispatch', 'accept', 'progress', 'answer', 'second'] as const;
export type DueKind = (typeof DUE_KINDS)[number];
export const DUE_KIND_LABELS: Record<DueKind, string> = {
  dispatch: '交办时限', accept: '签收时限', progress: '报送进展时限', answer: '答复时限', second: '二次督办时限',
};

export const LETTER_KINDS = ['assignment', 'reminder', 'supervision'] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];
export const LETTER_KIND_LABELS: Record<LetterKind, string> = { assignment: '交办函', reminder: '提示函', supervision: '督办函' };

export const FOLLOW_UP_FINDINGS = ['confirmed', 'reopen'] as const;
export type FollowUpFinding = (typeof FOLLOW_UP_FINDINGS)[number];
export const FOLLOW_UP_FINDING_LABELS: Record<FollowUpFinding, string> = { confirmed: '回访确认已解决', reopen: '回头看发现问题未解决，重启办理' };

/** A row of appeal.appeals as PostgreSQL returns it. */
export interface AppealRow {
  id: string;
  number: string;
  enterprise_id: string;
  enterprise_name: string;
  district_code: string | null;
  category: string;
  channel: AppealChannel;
  title: string;
  description: string;
  terms: string[];
  contact_name: string | null;
  contact_phone_enc: string | null;
  contact_phone_masked: string | null;
  related_item_id: string | null;
  reception_day_id: string | null;
  recorded_by: string | null;
  recorded_role: string | null;
  state: AppealState;
  version: number;
  state_since: Date;
  level: AppealLevel;
  officer_id: string | null;
  lead_department: string | null;
  co_departments: string[];
  first_department: string | null;
  merged_into: string | null;
  received_at: Date;
  assigned_at: Date | null;
  first_assigned_at: Date | null;
  assigned_month: string | null;
  accepted_at: Date | null;
  first_accepted_at: Date | null;
  accepted_on_time: boolean | null;
  last_progress_at: Date | null;
  answered_at: Date | null;
  first_answered_at: Date | null;
  answered_on_time: boolean | null;
  handling_working_days: number | null;
  answer_kind: AnswerKind | null;
  answer_text: string | null;
  answer_round: number;
  rating: Rating | null;
  rated_at: Date | null;
  second_supervision_count: number;
  reopened_count: number;
  closed_at: Date | null;
  close_reason: string | null;
  dispatch_due: string | null;
  accept_due: string | null;
  progress_due: string | null;
  answer_due: string | null;
  second_due: string | null;
  extension_days: number;
  due_kind: DueKind | null;
  due_on: string | null;
  policy_item_id: string | null;
  created_at: Date;
  updated_at: Date;
}

/** Date columns come back as text (the SELECT casts them), never as JS Dates shifted by a time zone. */
export const APPEAL_COLUMNS = `id, number, enterprise_id, enterprise_name, district_code, category, channel, title, description, terms, contact_name,
  contact_phone_enc, contact_phone_masked, related_item_id, reception_day_id, recorded_by, recorded_role, state, version, state_since, level, officer_id,
  lead_department, co_departments, first_department, merged_into, received_at, assigned_at, first_assigned_at, assigned_month, accepted_at,
  first_accepted_at, accepted_on_time, last_progress_at, answered_at, first_answered_at, answered_on_time, handling_working_days, answer_kind, answer_text,
  answer_round, rating, rated_at, second_supervision_count, reopened_count, closed_at, close_reason, dispatch_due::text AS dispatch_due,
  accept_due::text AS accept_due, progress_due::text AS progress_due, answer_due::text AS answer_due, second_due::text AS second_due, extension_days,
  due_kind, due_on::text AS due_on, policy_item_id, created_at, updated_at`;

/** Who acted on a timeline node: a person's role and department, or the system. */
export interface AppealActor {
  id: string | null;
  role: Role | 'system' | 'public';
  departmentCode: string | null;
  username?: string;
  displayName?: string;
}

export const SYSTEM_ACTOR: AppealActor = { id: null, role: 'system', departmentCode: null, username: 'system', displayName: '系统' };

export function actorOf(p: Principal): AppealActor {
  return { id: p.id, role: p.role, departmentCode: p.departmentCode, username: p.username, displayName: p.displayName };
}

export const ACTOR_ROLE_LABELS: Record<AppealActor['role'], string> = { ...ROLE_LABELS, system: '系统', public: '社会公众' };
