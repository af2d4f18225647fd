/**
 * 四眼原则 on the batch page: why the signed-in user may not review (复核) a payout batch, or null
 * when they may. The button is disabled with this reason; the API refuses anyway
 * (PAYOUT.SAME_PERSON, role guard).
 */
export function reviewRefusal(user: { id: string; role: string } | null, batch: { createdBy: string; submittedBy: string | null }): string | null {
  if (user && (user.id === batch.createdBy || user.id === batch.submittedBy)) return '复核人不能是该批次的经办人（四眼原则）';
  if (!user || (user.role !== 'finance_checker' && user.role !== 'dept_payer_checker' && user.role !== 'admin')) return '仅财政复核人员可以复核批次';
  return null;
}

/**
 * 四眼原则 on a fund-pool top-up or transfer (追加/调拨): why the signed-in user may not decide it,
 * or null when they may. The API refuses anyway (PAYOUT.MOVEMENT_SAME_PERSON, role guard).
 */
export function movementRefusal(user: { id: string; role: string } | null, movement: { requestedBy: string; status: string }): string | null {
  if (movement.status !== 'requested') return '该申请已处理';
  if (user && user.id === movement.requestedBy) return '复核人不能是申请人（四眼原则），请由其他财政复核人员审批';
  if (!user || (user.role !== 'finance_checker' && user.role !== 'admin')) return '仅财政复核人员可以审批追加与调拨';
  return null;
}
