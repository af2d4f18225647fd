import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * The SQL of treasury callback nonces (payout.callback_nonces): a nonce is claimed under its primary
 * key in the caller's transaction. Whether a callback is accepted is TreasuryCallbackReceiver's.
 */
@Injectable()
export class CallbackNoncesRepository {
  /**
   * Stores the nonce; false when it was stored before (a replay). Also drops nonces older than an
   * hour: their timestamps are stale, so they can never be replayed successfully.
   */
  async claim(m: EntityManager, nonce: string, signedAtMs: number, channel: string, sourceIp: string | null): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO payout.callback_nonces (nonce, signed_at, channel, source_ip) VALUES ($1, to_timestamp($2::double precision / 1000), $3, $4)
       ON CONFLICT ON CONSTRAINT "PK_callback_nonces" DO NOTHING RETURNING nonce`,
      [nonce, signedAtMs, channel, sourceIp],
    );
    if (rows.length === 0) return false;
    await m.query(`DELETE FROM payout.callback_nonces WHERE received_at < now() - interval '1 hour'`);
    return true;
  }
}
