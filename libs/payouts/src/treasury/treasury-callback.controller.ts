import { Body, Controller, Headers, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@app/core';
import { CALLBACK_HEADERS } from './callback-signature';
import { TreasuryCallbackReceiver } from './treasury-callback.receiver';

/** Results pushed by the treasury/bank (回调): signed with timestamp and nonce; may arrive twice — recording is idempotent. */
@ApiExcludeController()
@Controller('payouts/treasury')
export class TreasuryCallbackController {
  constructor(private readonly receiver: TreasuryCallbackReceiver) {}

  @Post('callbacks')
  @Public()
  @HttpCode(200)
  callback(
    @Headers(CALLBACK_HEADERS.timestamp) timestamp: string | undefined,
    @Headers(CALLBACK_HEADERS.nonce) nonce: string | undefined,
    @Headers(CALLBACK_HEADERS.signature) signature: string | undefined,
    @Ip() ip: string,
    @Body() body: unknown,
  ) {
    return this.receiver.receive({ timestamp, nonce, signature, body }, { sourceIp: ip ?? null, channel: 'http' });
  }
}
