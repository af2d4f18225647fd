import { Logger } from '@nestjs/common';

/**
 * Sends one-time verification codes by SMS (in production): to a firm's registered contact (account
 * change) or to a phone number somebody gave (an objector proving the number is theirs).
 */
export interface VerificationSender {
  send(enterpriseId: string, code: string, purpose: string): Promise<void>;
  sendToPhone(phone: string, code: string, purpose: string): Promise<void>;
}

export const VERIFICATION_SENDER = Symbol('VERIFICATION_SENDER');

/** The fake: logs that a code was sent (never the code or the number) and keeps the last code per firm and per phone for tests and the demo. */
export class FakeVerificationSender implements VerificationSender {
  private readonly logger = new Logger('VerificationSms');
  readonly lastCode = new Map<string, string>();
  readonly lastCodeByPhone = new Map<string, string>();

  async send(enterpriseId: string, code: string, purpose: string): Promise<void> {
    this.lastCode.set(enterpriseId, code);
    this.logger.debug(`verification code sent to enterprise ${enterpriseId} for ${purpose}`);
  }

  async sendToPhone(phone: string, code: string, purpose: string): Promise<void> {
    this.lastCodeByPhone.set(phone, code);
    this.logger.debug(`verification code sent to ${phone.slice(0, 3)}****${phone.slice(-4)} for ${purpose}`);
  }
}
