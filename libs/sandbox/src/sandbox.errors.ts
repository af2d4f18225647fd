import { defineErrors, DomainError } from '@app/core';
import type { RuleError } from '@app/rules';

/** Names for the sandbox's codes used in code; statuses and messages are in SANDBOX_ERRORS below. */
export const SandboxErrors = {
  InvalidScenario: 'SANDBOX.INVALID_SCENARIO',
  InvalidRule: 'SANDBOX.INVALID_RULE',
  InvalidFormula: 'SANDBOX.INVALID_FORMULA',
  InvalidOverride: 'SANDBOX.INVALID_OVERRIDE',
  InvalidSweep: 'SANDBOX.INVALID_SWEEP',
  BaseNotSupported: 'SANDBOX.BASE_NOT_SUPPORTED',
  SnapshotNotReady: 'SANDBOX.SNAPSHOT_NOT_READY',
  ScenarioNotFound: 'SANDBOX_SCENARIO.NOT_FOUND',
  ScenarioForbidden: 'SANDBOX_SCENARIO.FORBIDDEN',
} as const;

/** Error catalogue of 数据沙盘: HTTP status and default Chinese message of every code. */
export const SANDBOX_ERRORS = defineErrors('sandbox', {
  'SANDBOX.BASE_NOT_SUPPORTED': [422, '该基准不支持此分析'],
  'SANDBOX.DRAFT_EXISTS': [422, '该事项已有未发布的版本，请先处理'],
  'SANDBOX.INVALID_FORMULA': [400, '补贴公式不合法'],
  'SANDBOX.INVALID_OVERRIDE': [400, '调整项不合法'],
  'SANDBOX.INVALID_POINTER': [400, '不能删除整个条件'],
  'SANDBOX.INVALID_RULE': [400, '条件不合法'],
  'SANDBOX.INVALID_SCENARIO': [400, '情景内容不合法'],
  'SANDBOX.INVALID_SWEEP': [400, '阈值扫描参数不正确'],
  'SANDBOX.POINTER_NOT_FOUND': [422, '路径不存在'],
  'SANDBOX.PROPOSAL_NEEDS_ITEM': [422, '只有以政策事项版本为基准的情景才能转为草稿'],
  'SANDBOX.SNAPSHOT_NOT_READY': [503, '数据快照尚未就绪，请稍后再试'],
  'SANDBOX_SCENARIO.FORBIDDEN': [403, '无权操作该情景'],
  'SANDBOX_SCENARIO.NOT_FOUND': [404, '记录不存在或无权访问'],
});

/** A problem located in the request body: `pointer` is relative to the body, `errors` carry rule pointers. */
export interface ScenarioProblem {
  /** Where in the request (e.g. `/overrides/rule/1/path`, `/base/rule`). */
  at: string;
  errors: RuleError[];
}

export function invalid(code: string, message: string, at: string, errors: RuleError[]): DomainError {
  return new DomainError(code, message, { at, errors });
}
