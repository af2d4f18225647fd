import type { AppConfig, Role } from '@app/core';
import type { ApprovalOptions } from '../approval.options';
import type { ApplicationState } from '../application/application.states';
import type { CashOutMode } from '../application/application.types';

/**
 * Every waiting step of an application (督办, issue 14 §2), whose turn it is, and its limit in
 * working days. The firm's own step (确认收款账户) is timed too, but its overrun makes the
 * application lapse rather than escalate.
 */
export const STEP_KEYS = [
  'accept', 'decide', 'batch_approval', 'disclosure', 'objection', 'confirmation', 'reopen', 'batching', 'checking', 'paying', 'verification',
] as const;
export type StepKey = (typeof STEP_KEYS)[number];
export type StepParty = 'department' | 'finance' | 'enterprise';

export interface StepDef {
  label: string;
  party: StepParty;
  ownerRole: Role;
  ownerLabel: string;
}

const DEPT = { party: 'department', ownerRole: 'dept_reviewer', ownerLabel: '主管部门审核人' } as const;

export const STEPS: Record<StepKey, StepDef> = {
  accept: { label: '受理', ...DEPT },
  decide: { label: '审核决定', ...DEPT },
  batch_approval: { label: '预审通过待批量审核', ...DEPT },
  disclosure: { label: '审核通过待公示', ...DEPT },
  objection: { label: '公示异议核查', ...DEPT },
  confirmation: { label: '待企业确认收款账户', party: 'enterprise', ownerRole: 'enterprise', ownerLabel: '企业' },
  reopen: { label: '恢复办理申请待处理', ...DEPT },
  batching: { label: '企业已确认待组批', party: 'finance', ownerRole: 'finance_maker', ownerLabel: '财政经办' },
  checking: { label: '已组批待复核', party: 'finance', ownerRole: 'finance_checker', ownerLabel: '财政复核' },
  paying: { label: '已复核待资金到账', party: 'finance', ownerRole: 'finance_maker', ownerLabel: '财政经办（国库支付）' },
  verification: { label: '承诺兑现事后核查', ...DEPT },
};

/** Who is told when a step is overdue (督办升级). */
export const SUPERVISOR_ROLE: Role = 'leader';
/** The board row of the finance steps. */
export const FINANCE_ROW = 'finance';

export function stepLimits(o: Pick<ApprovalOptions, 'sla' | 'stepLimits'>, f: Pick<AppConfig['fulfilment'], 'confirmWorkingDays' | 'commitmentVerifyWorkingDays'>): Record<StepKey, number> {
  return {
    accept: o.sla.acceptWorkingDays, decide: o.sla.decideWorkingDays, batch_approval: o.stepLimits.batchApproval, disclosure: o.stepLimits.disclosure,
    objection: o.stepLimits.objection, confirmation: f.confirmWorkingDays, reopen: o.stepLimits.reopen, batching: o.stepLimits.batching,
    checking: o.stepLimits.checking, paying: o.stepLimits.paying, verification: f.commitmentVerifyWorkingDays,
  };
}

/** What decides the step an application waits in. */
export interface WaitingFacts {
  state: ApplicationState;
  mode: CashOutMode;
  stateSince: Date;
  confirmOpenedAt: Date | null;
  roundEndsAt: Date | null;
  /** The payout center's view (null where it does not run, or before the instruction exists). */
  batchedAt?: Date | null;
  checkedAt?: Date | null;
}

/**
 * The step an application waits in at `now`, and since when; null when it waits on nobody (a
 * draft, 公示 running its legal course, finished).
 */
export function waitingStep(f: WaitingFacts, now: Date): { step: StepKey; since: Date } | null {
  switch (f.state) {
    case 'submitted': return { step: 'accept', since: f.stateSince };
    case 'under_review': return { step: 'decide', since: f.stateSince };
    case 'pre_qualified': return { step: 'batch_approval', since: f.stateSince };
    case 'objection_raised': return { step: 'objection', since: f.stateSince };
    case 'reopen_requested': return { step: 'reopen', since: f.stateSince };
    case 'approved': {
      const direct = f.mode === 'instant' || f.mode === 'commitment' || (f.roundEndsAt !== null && f.roundEndsAt <= now);
      return direct ? { step: 'confirmation', since: f.confirmOpenedAt ?? f.stateSince } : { step: 'disclosure', since: f.stateSince };
    }
    case 'in_disclosure': {
      if (!f.roundEndsAt || f.roundEndsAt > now) return null;
      const since = f.confirmOpenedAt ?? new Date(Math.max(f.roundEndsAt.getTime(), f.stateSince.getTime()));
      return { step: 'confirmation', since };
    }
    case 'ready_for_payout':
      if (f.checkedAt) return { step: 'paying', since: f.checkedAt };
      if (f.batchedAt) return { step: 'checking', since: f.batchedAt };
      return { step: 'batching', since: f.stateSince };
    default:
      return null;
  }
}
