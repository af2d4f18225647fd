/**
 * How an enterprise's application reads on its page: the main path as steps with the current one
 * marked, the recorded timeline with its current node, and what the firm can do in its state.
 * States, commands and modes as in libs/approvals (application.states.ts).
 */
export type FlowMode = 'no_application' | 'instant' | 'application' | 'commitment';

interface FlowApplication {
  state: string;
  mode: FlowMode;
  reopenUntil?: string | null;
  disclosureRoundId?: string | null;
}

interface FlowNode {
  step: number;
  command: string;
  toState: string;
}

/** The main path, stage by stage. 即申即享/承诺兑现 are approved on submission and have no 公示. */
export function flowStages(mode: FlowMode): string[] {
  const start = mode === 'no_application' ? '系统预审' : '提交申请';
  const review = mode === 'no_application' ? '部门审核' : mode === 'application' ? '受理审核' : '自动核验';
  return mode === 'instant' || mode === 'commitment'
    ? [start, review, '确认账户', '拨付', '资金到账']
    : [start, review, '公示', '确认账户', '拨付', '资金到账'];
}

const STAGE_OF: Record<string, string> = {
  draft: 'start', pre_qualified: 'review', submitted: 'review', under_review: 'review', returned: 'start', rejected: 'review',
  approved: 'approved', in_disclosure: 'disclosure', objection_raised: 'disclosure', lapsed: 'confirm', reopen_requested: 'confirm',
  confirmed: 'payout', ready_for_payout: 'payout', payout_failed: 'payout', paid: 'paid',
};

/** Where the application is on the main path, and whether it stopped there (rejected, failed, lapsed …). */
export function flowPosition(app: FlowApplication): { current: number; status: 'process' | 'error' | 'finish' | 'wait' } {
  const stages = flowStages(app.mode);
  const hasDisclosure = stages.includes('公示');
  const index: Record<string, number> = {
    start: 0,
    review: 1,
    // approved: waiting for 公示 (申请制/免申即享) or for the account confirmation (即申即享/承诺兑现)
    approved: 2,
    disclosure: 2,
    confirm: hasDisclosure ? 3 : 2,
    payout: stages.length - 2,
    paid: stages.length - 1,
  };
  if (app.state === 'withdrawn' || app.state === 'expired') return { current: 0, status: 'wait' };
  const stage = STAGE_OF[app.state] ?? 'start';
  const current = index[stage];
  if (app.state === 'paid') return { current, status: 'finish' };
  if (['rejected', 'payout_failed', 'lapsed', 'returned', 'objection_raised'].includes(app.state)) return { current, status: 'error' };
  return { current, status: 'process' };
}

/**
 * The node of the timeline that is "now": the last one that moved the state (notes — uploads,
 * reminders — do not), or the last one when none did.
 */
export function currentNodeStep(nodes: readonly FlowNode[]): number | null {
  for (let i = nodes.length - 1; i >= 0; i--) if (nodes[i].command !== 'note') return nodes[i].step;
  return nodes.length ? nodes[nodes.length - 1].step : null;
}

export type FirmAction = 'prepare' | 'submit' | 'confirm' | 'change_account' | 'withdraw' | 'reopen' | 'rate';

/**
 * What the firm may do now. The API checks again (公示 over, deadlines): a refused action shows its
 * message. `today` is the China date (YYYY-MM-DD) for the reopen grace period.
 */
export function firmActions(app: FlowApplication, today: string): FirmAction[] {
  switch (app.state) {
    case 'draft':
    case 'returned':
      return ['prepare', 'submit', 'withdraw'];
    case 'pre_qualified':
    case 'submitted':
    case 'under_review':
      return ['withdraw'];
    case 'approved':
      // 申请制/免申即享 are confirmed after their 公示: approved without a round yet, there is nothing to confirm
      return (app.mode === 'application' || app.mode === 'no_application') && !app.disclosureRoundId
        ? ['withdraw']
        : ['confirm', 'change_account', 'withdraw'];
    case 'in_disclosure':
      return ['confirm', 'change_account', 'withdraw'];
    case 'payout_failed':
      return ['confirm', 'change_account'];
    case 'lapsed':
      return !app.reopenUntil || app.reopenUntil >= today ? ['reopen'] : [];
    case 'paid':
      return ['rate'];
    default:
      return [];
  }
}

/** Today in China (UTC+8, no DST) as YYYY-MM-DD. */
export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Tag colour of a state in lists. */
export function stateColor(state: string): string {
  if (state === 'paid') return 'success';
  if (['rejected', 'payout_failed', 'lapsed', 'expired', 'withdrawn'].includes(state)) return state === 'withdrawn' || state === 'expired' ? 'default' : 'error';
  if (['returned', 'objection_raised', 'reopen_requested'].includes(state)) return 'warning';
  if (state === 'draft') return 'default';
  return 'processing';
}
