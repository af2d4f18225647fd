import { Body, Controller, HttpCode, Inject, Post, Headers } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, AppConfig, Public } from '@app/core';
import { PayoutErrors, payoutError } from '../payout.errors';
import { PayoutSender } from '../sending/payout-sender';
import type { TreasuryResult } from './treasury.port';

/** The key the treasury signs its callbacks with, derived from the platform key. */
export const callbackKey = (encryptionKey: Buffer) => createHash('sha256').update(encryptionKey).update('treasury-callback').digest();

export const signCallback = (key: Buffer, results: TreasuryResult[]) => createHmac('sha256', key).update(JSON.stringify(results)).digest('hex');

/** Results pushed by the treasury/bank (回调). Signed; may arrive twice — recording is idempotent. */
@ApiExcludeController()
@Controller('payouts/treasury')
export class TreasuryCallbackController {
  private readonly key: Buffer;

  constructor(
    private readonly sender: PayoutSender,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.key = callbackKey(config.encryptionKey);
  }

  @Post('callbacks')
  @Public()
  @HttpCode(200)
  async callback(@Headers('x-treasury-signature') signature: string | undefined, @Body() body: { results?: TreasuryResult[] }) {
    const results = Array.isArray(body?.results) ? body.results : [];
    const expected = Buffer.from(signCallback(this.key, results), 'hex');
    const given = Buffer.from(signature ?? '', 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw payoutError(PayoutErrors.CallbackSignatureInvalid, '回调签名无效');
    }
    const valid = results.filter((r) => typeof r.instructionId === 'string' && ['settled', 'returned', 'failed', 'accepted'].includes(r.status));
    return this.sender.recordResults(valid, 'treasury.http_callback');
  }
}
