/** One problem in a rule or formula: where (JSON pointer), what (code) and a Chinese message. */
export interface RuleError {
  pointer: string;
  code: string;
  message: string;
}

/** Thrown by the `assert*` helpers; carries every problem found, not just the first. */
export class RuleValidationError extends Error {
  readonly code = 'RULE.INVALID';
  constructor(readonly errors: RuleError[]) {
    super(errors.map((e) => `${e.pointer || '/'}: ${e.message}`).join('; '));
    this.name = 'RuleValidationError';
  }
}
