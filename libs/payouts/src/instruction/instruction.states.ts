/**
 * The one transition table of a payout instruction (支付指令). The migration copies it into
 * `payout.instruction_transitions`, and a trigger refuses any status change not listed there, so
 * SQL enforces exactly what this file says.
 *
 *   created → batched → submitted (maker) → approved (checker) → sending → sent → settled
 *                                                                     ↘ settled / returned / failed
 *   settled → returned (a late return found by reconciliation); cancel before sending.
 */
export const INSTRUCTION_STATUSES = [
  'created',
  'batched',
  'submitted',
  'approved',
  'sending',
  'sent',
  'settled',
  'returned',
  'failed',
  'cancelled',
] as const;
export type InstructionStatus = (typeof INSTRUCTION_STATUSES)[number];

export const INSTRUCTION_STATUS_LABELS: Record<InstructionStatus, string> = {
  created: '待组批',
  batched: '已组批',
  submitted: '已提交复核',
  approved: '复核通过',
  sending: '发送中',
  sent: '已发送',
  settled: '已到账',
  returned: '已退回',
  failed: '支付失败',
  cancelled: '已撤销',
};

/** Named moves; each lists where it may start. Terminal: settled (except a late return), returned, failed, cancelled. */
export const INSTRUCTION_TRANSITIONS = {
  batch: { from: ['created'], to: 'batched' },
  unbatch: { from: ['batched', 'submitted'], to: 'created' },
  submit: { from: ['batched'], to: 'submitted' },
  approve: { from: ['submitted'], to: 'approved' },
  markSending: { from: ['approved'], to: 'sending' },
  accept: { from: ['sending'], to: 'sent' },
  settle: { from: ['sending', 'sent'], to: 'settled' },
  return: { from: ['sending', 'sent', 'settled'], to: 'returned' },
  fail: { from: ['sending', 'sent'], to: 'failed' },
  cancel: { from: ['created', 'batched', 'submitted', 'approved'], to: 'cancelled' },
} as const satisfies Record<string, { from: readonly InstructionStatus[]; to: InstructionStatus }>;

export type InstructionMove = keyof typeof INSTRUCTION_TRANSITIONS;

/** Every allowed (from, to) pair, deduplicated: what the migration writes to the guard table. */
export function allowedPairs(): Array<[InstructionStatus, InstructionStatus]> {
  const seen = new Set<string>();
  const pairs: Array<[InstructionStatus, InstructionStatus]> = [];
  for (const t of Object.values(INSTRUCTION_TRANSITIONS)) {
    for (const from of t.from) {
      const key = `${from}>${t.to}`;
      if (!seen.has(key)) {
        seen.add(key);
        pairs.push([from, t.to]);
      }
    }
  }
  return pairs;
}

export function canMove(from: InstructionStatus, move: InstructionMove): boolean {
  return (INSTRUCTION_TRANSITIONS[move].from as readonly InstructionStatus[]).includes(from);
}

/** States in which the fund pool's money is committed to the instruction (booked as payable). */
export const COMMITTED_STATUSES: readonly InstructionStatus[] = ['approved', 'sending', 'sent'];
