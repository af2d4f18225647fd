import { DomainError, registerErrorStatus } from '@app/core';
import type { RuleError } from '@app/rules';

/** Codes of the sandbox (数据沙盘). Statuses follow the suffix rules of DomainError except these. */
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

registerErrorStatus(SandboxErrors.SnapshotNotReady, 503);
registerErrorStatus(SandboxErrors.BaseNotSupported, 422);

/** A problem located in the request body: `pointer` is relative to the body, `errors` carry rule pointers. */
export interface ScenarioProblem {
  /** Where in the request (e.g. `/overrides/rule/1/path`, `/base/rule`). */
  at: string;
  errors: RuleError[];
}

export function invalid(code: string, message: string, at: string, errors: RuleError[]): DomainError {
  return new DomainError(code, message, { at, errors });
}
