import { formatMoney, Principal, ROLE_LABELS, Role } from '@app/core';
import type { ManualFactChange } from '@app/enterprises';
import { ApplicationState, STATE_LABELS } from './application.states';

export type CashOutMode = 'no_application' | 'instant' | 'application' | 'commitment';
export const MODE_LABELS: Record<CashOutMode, string> = {
  no_application: '免申即享', instant: '即申即享', application: '申请制', commitment: '承诺兑现',
};

export interface ApplicationRow {
  id: string;
  enterprise_id: string;
  enterprise_name: string;
  item_id: string;
  item_version_id: string;
  item_name: string;
  department_code: string;
  mode: CashOutMode;
  period: string;
  exclusion_group: string | null;
  state: ApplicationState;
  amount_fen: string | number;
  reserved_fen: string | number;
  estimate_text: string | null;
  facts: Record<string, unknown> | null;
  version: number;
  state_since: Date;
  submitted_at: Date | null;
  decided_at: Date | null;
  disclosure_round_id: string | null;
  payee_name: string | null;
  payee_bank_name: string | null;
  payee_account_enc: string | null;
  payee_account_masked: string | null;
  confirmed_at: Date | null;
  paid_at: Date | null;
  /** 确认期: when the firm could first confirm, and the last day (China date) it may. */
  confirm_opened_at: Date | null;
  confirm_by: string | null;
  lapsed_at: Date | null;
  /** Last day (China date) a lapsed application may ask to be reopened. */
  reopen_until: string | null;
  created_at: Date;
  updated_at: Date;
  /** Facts behind a 免申即享 pre-qualification that a person changed by hand (null: all from data sources). */
  manual_changes: ManualFactChange[] | null;
}

/** Which firm applies for which item version, under which mode: fixed when the application is created. */
export interface ApplicationSubject {
  id: string;
  enterpriseId: string;
  enterpriseName: string;
  itemId: string;
  itemVersionId: string;
  itemName: string;
  departmentCode: string;
  mode: CashOutMode;
  period: string;
}

/** What the firm and the reviewers see. The facts are shown to reviewers only; accounts only masked. */
export interface ApplicationView extends ApplicationSubject {
  modeLabel: string;
  state: ApplicationState;
  stateLabel: string;
  amountFen: number;
  amountText: string;
  estimateText: string | null;
  facts?: Record<string, unknown> | null;
  /**
   * Reviewers only: the application rests on facts a person changed by hand rather than a data
   * source (人工修改数据) — check them. `factChangesByPerson` says who changed what, from what, and why.
   */
  flagged?: boolean;
  factChangesByPerson?: ManualFactChange[];
  disclosureRoundId: string | null;
  payeeName: string | null;
  payeeBankName: string | null;
  payeeAccountMasked: string | null;
  submittedAt: string | null;
  decidedAt: string | null;
  confirmedAt: string | null;
  paidAt: string | null;
  /** 确认截止: the firm confirms its account by this day (China date), or the application lapses. */
  confirmBy: string | null;
  /** 恢复办理截止: a lapsed application may ask to be reopened until this day. */
  reopenUntil: string | null;
  createdAt: string;
  stateSince: string;
  step: number;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function toApplicationView(r: ApplicationRow, withFacts = false): ApplicationView {
  const amount = Number(r.amount_fen);
  return {
    id: r.id, enterpriseId: r.enterprise_id, enterpriseName: r.enterprise_name, itemId: r.item_id, itemVersionId: r.item_version_id,
    itemName: r.item_name, departmentCode: r.department_code, mode: r.mode, modeLabel: MODE_LABELS[r.mode], period: r.period,
    state: r.state, stateLabel: STATE_LABELS[r.state], amountFen: amount, amountText: formatMoney(amount), estimateText: r.estimate_text,
    ...(withFacts ? { facts: r.facts, flagged: !!r.manual_changes?.length, factChangesByPerson: r.manual_changes ?? [] } : {}),
    disclosureRoundId: r.disclosure_round_id, payeeName: r.payee_name, payeeBankName: r.payee_bank_name,
    payeeAccountMasked: r.payee_account_masked, submittedAt: iso(r.submitted_at), decidedAt: iso(r.decided_at),
    confirmedAt: iso(r.confirmed_at), paidAt: iso(r.paid_at), confirmBy: r.confirm_by ?? null, reopenUntil: r.reopen_until ?? null, createdAt: iso(r.created_at)!, stateSince: iso(r.state_since)!, step: r.version,
  };
}

/** Who acted on a timeline node: a person's role and department, or the system. */
export interface Actor {
  id: string | null;
  role: Role | 'system' | 'public';
  departmentCode: string | null;
  username?: string;
}

export const SYSTEM_ACTOR: Actor = { id: null, role: 'system', departmentCode: null, username: 'system' };
export const PUBLIC_ACTOR: Actor = { id: null, role: 'public', departmentCode: null, username: 'public' };

export function actorOf(p: Principal): Actor {
  return { id: p.id, role: p.role, departmentCode: p.departmentCode, username: p.username };
}

export const ACTOR_ROLE_LABELS: Record<Actor['role'], string> = { ...ROLE_LABELS, system: '系统', public: '社会公众' };

export interface TimelineNode {
  step: number;
  at: string;
  command: string;
  commandLabel: string;
  fromState: ApplicationState | null;
  toState: ApplicationState;
  stateLabel: string;
  actorRole: string;
  actorRoleLabel: string;
  departmentCode: string | null;
  outcome: string | null;
  comment: string | null;
  details: Record<string, unknown> | null;
}
