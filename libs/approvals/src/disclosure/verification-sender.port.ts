import { Logger } from '@nestjs/common';

/** Sends an account-change verification code to the firm's registered contact (SMS in production). */
export interface VerificationSender {
  send(enterpriseId: string, code: string, purpose: string): Promise<void>;
}

export const VERIFICATION_SENDER = Symbol('VERIFICATION_SENDER');

/** The fake: logs that a code was sent (never the code) and keeps the last code per firm for tests and the demo. */
export class FakeVerificationSender implements VerificationSender {
  private readonly logger = new Logger('VerificationSms');
  readonly lastCode = new Map<string, string>();

  async send(enterpriseId: string, code: string, purpose: string): Promise<void> {
    this.lastCode.set(enterpriseId, code);
    this.logger.debug(`verification code sent to enterprise ${enterpriseId} for ${purpose}`);
  }
}
