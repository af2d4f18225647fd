import { defineErrors, DomainError } from '@app/core';

/** Names for the payout center's codes used in code; statuses and messages are in PAYOUT_ERRORS below. */
export const PayoutErrors = {
  InstructionNotFound: 'PAYOUT_INSTRUCTION.NOT_FOUND',
  InstructionInvalidState: 'PAYOUT_INSTRUCTION.INVALID_STATE',
  BatchNotFound: 'PAYOUT_BATCH.NOT_FOUND',
  BatchInvalidState: 'PAYOUT_BATCH.INVALID_STATE',
  BatchEmpty: 'PAYOUT_BATCH.EMPTY_SELECTION',
  SamePerson: 'PAYOUT_BATCH.MAKER_CHECKER_SAME_PERSON',
  PoolExhausted: 'PAYOUT.POOL_EXHAUSTED',
  ReconFileInvalid: 'PAYOUT_RECON.FILE_INVALID',
  ReconItemNotFound: 'PAYOUT_RECON.NOT_FOUND',
  ReconResolutionInvalid: 'PAYOUT_RECON.RESOLUTION_INVALID',
  CallbackSignatureInvalid: 'PAYOUT_CALLBACK.SIGNATURE_INVALID',
  CallbackStale: 'PAYOUT_CALLBACK.STALE',
  CallbackReplayed: 'PAYOUT_CALLBACK.REPLAYED',
  ReissuePayeeNotAllowed: 'PAYOUT_INSTRUCTION.PAYEE_NOT_ALLOWED',
  PayerForbidden: 'PAYOUT_BATCH.PAYER_FORBIDDEN',
  PoolNotFound: 'PAYOUT_POOL.NOT_FOUND',
  PoolOverBudgetLine: 'PAYOUT_POOL.OVER_BUDGET_LINE',
  PoolInsufficient: 'PAYOUT_POOL.INSUFFICIENT',
  PoolUnlimited: 'PAYOUT_POOL.UNLIMITED',
  PoolPayerInvalid: 'PAYOUT_POOL.PAYER_INVALID',
  PoolBatchWaiting: 'PAYOUT_POOL.BATCH_WAITING',
  MovementNotFound: 'PAYOUT_POOL_MOVEMENT.NOT_FOUND',
  MovementInvalidState: 'PAYOUT_POOL_MOVEMENT.INVALID_STATE',
  MovementInvalid: 'PAYOUT_POOL_MOVEMENT.INVALID',
  MovementSamePerson: 'PAYOUT_POOL_MOVEMENT.MAKER_CHECKER_SAME_PERSON',
} as const;

// 四眼原则: the same person may not check what they made — a permission refusal (403), not a conflict.
/** Error catalogue of 兑付中心（支付指令、批次、回调、对账）: HTTP status and default Chinese message of every code. */
export const PAYOUT_ERRORS = defineErrors('payouts', {
  'PAYOUT.POOL_EXHAUSTED': [409, '资金池余额不足，不能再支付'],
  'PAYOUT_BATCH.EMPTY_SELECTION': [422, '没有可纳入批次的支付指令'],
  'PAYOUT_BATCH.INVALID_STATE': [409, '当前状态不允许此操作'],
  'PAYOUT_BATCH.MAKER_CHECKER_SAME_PERSON': [403, '经办人与复核人不能是同一人'],
  'PAYOUT_BATCH.NOT_FOUND': [404, '记录不存在或无权访问'],
  'PAYOUT_BATCH.PAYER_FORBIDDEN': [403, '该批次不由您所在的支付单位支付，无权办理'],
  'PAYOUT_POOL.BATCH_WAITING': [409, '资金池有待复核的批次，复核或退回后再变更支付单位'],
  'PAYOUT_POOL.INSUFFICIENT': [409, '资金池可用余额不足，不能调出'],
  'PAYOUT_POOL.NOT_FOUND': [404, '资金池不存在'],
  'PAYOUT_POOL.OVER_BUDGET_LINE': [422, '超出资金池的预算指标，不能追加'],
  'PAYOUT_POOL.PAYER_INVALID': [422, '由部门支付的资金池须有主管部门'],
  'PAYOUT_POOL.UNLIMITED': [409, '该资金池未设额度，不能追加或调拨'],
  'PAYOUT_POOL_MOVEMENT.INVALID': [422, '调拨申请不正确'],
  'PAYOUT_POOL_MOVEMENT.INVALID_STATE': [409, '该调拨申请已处理'],
  'PAYOUT_POOL_MOVEMENT.MAKER_CHECKER_SAME_PERSON': [403, '申请人与复核人不能是同一人'],
  'PAYOUT_POOL_MOVEMENT.NOT_FOUND': [404, '记录不存在或无权访问'],
  'PAYOUT_CALLBACK.REPLAYED': [409, '回调已处理过（重放被拒绝）'],
  'PAYOUT_CALLBACK.SIGNATURE_INVALID': [401, '回调签名无效'],
  'PAYOUT_CALLBACK.STALE': [401, '回调时间戳超出允许范围'],
  'PAYOUT_INSTRUCTION.ACCOUNT_INVALID': [400, '收款账号格式不正确'],
  'PAYOUT_INSTRUCTION.ALREADY_EXISTS': [409, '该指令已重新支付过'],
  'PAYOUT_INSTRUCTION.INVALID_STATE': [409, '当前状态不允许此操作'],
  'PAYOUT_INSTRUCTION.NOT_FOUND': [404, '记录不存在或无权访问'],
  'PAYOUT_INSTRUCTION.PAYEE_NOT_ALLOWED': [400, '重新支付只能付往企业已确认的账户，不能指定收款人'],
  'PAYOUT_RECON.FILE_INVALID': [400, '对账文件格式不正确'],
  'PAYOUT_RECON.INVALID_STATE': [409, '该差异已处理'],
  'PAYOUT_RECON.NOT_FOUND': [404, '记录不存在或无权访问'],
  'PAYOUT_RECON.RESOLUTION_INVALID': [400, '处理方式不正确'],
});

export const payoutError = (code: string, message: string, details?: unknown) => new DomainError(code, message, details);

/** PostgreSQL error code and constraint of a failed query, if any. */
export function pgErrorOf(err: unknown): { code?: string; constraint?: string } {
  const e = err as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  return { code: e.code ?? e.driverError?.code, constraint: e.constraint ?? e.driverError?.constraint };
}
