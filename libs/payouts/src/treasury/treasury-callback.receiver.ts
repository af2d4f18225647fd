import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig, AuditService, DomainError } from '@app/core';
import { PayoutErrors, payoutError } from '../payout.errors';
import { PayoutSender } from '../sending/payout-sender';
import { RecordedCounts } from '../sending/result-recorder';
import { CallbackNoncesRepository } from './callback-nonces.repository';
import { CallbackRefusal, checkCallback, SignedCallback } from './callback-signature';
import { TREASURY_PORT, TreasuryPort, TreasuryResult } from './treasury.port';

export interface CallbackContext {
  /** The caller's address (HTTP); null for the in-process simulator. */
  sourceIp: string | null;
  channel: 'http' | 'in-process';
}

const STATUSES: ReadonlySet<string> = new Set(['settled', 'returned', 'failed', 'accepted']);
const REFUSAL_CODES: Record<CallbackRefusal | 'REPLAYED', string> = {
  SIGNATURE_INVALID: PayoutErrors.CallbackSignatureInvalid,
  STALE: PayoutErrors.CallbackStale,
  REPLAYED: PayoutErrors.CallbackReplayed,
};

function resultsOf(body: unknown): TreasuryResult[] {
  const results = (body as { results?: unknown } | null)?.results;
  return Array.isArray(results) ? (results as TreasuryResult[]) : [];
}

/**
 * Every treasury callback, over HTTP or from the in-process simulator, passes here: signature over
 * (timestamp, nonce, body) with the callback key, a timestamp within five minutes, a nonce never seen
 * (stored under a primary key in the same transaction as the results it carries). Refusals are
 * audited with the caller's address and the instructions named; accepted deliveries too. The nonce's
 * SQL is in CallbackNoncesRepository.
 */
@Injectable()
export class TreasuryCallbackReceiver implements OnApplicationBootstrap {
  constructor(
    private readonly sender: PayoutSender,
    private readonly nonces: CallbackNoncesRepository,
    private readonly audit: AuditService,
    @Inject(TREASURY_PORT) private readonly treasury: TreasuryPort,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.treasury.onCallback?.((d) => this.receive(d, { sourceIp: null, channel: 'in-process' }).then(() => undefined));
  }

  async receive(d: Partial<SignedCallback>, ctx: CallbackContext): Promise<RecordedCounts> {
    const results = resultsOf(d.body);
    const named = [...new Set(results.map((r) => r?.instructionId).filter((id): id is string => typeof id === 'string'))].slice(0, 100);
    const check = checkCallback(this.config.keys.treasuryCallback.accepted, d);
    if (!check.ok) return this.refuse(check.refusal, check.reason, ctx, named, d);
    const valid = results.filter((r) => typeof r?.instructionId === 'string' && STATUSES.has(r.status));
    try {
      return await this.sender.recordResults(valid, `treasury.${ctx.channel === 'http' ? 'http_callback' : 'callback'}`, {
        inTransaction: (m) => this.claimNonce(m, check.nonce, check.timestamp, ctx, named),
      });
    } catch (err) {
      if (err instanceof DomainError && err.code === PayoutErrors.CallbackReplayed) return this.refuse('REPLAYED', err.message, ctx, named, d);
      throw err;
    }
  }

  /** The nonce under its primary key, with the callback's audit entry: both commit with the results, or neither. */
  private async claimNonce(m: EntityManager, nonce: string, timestamp: number, ctx: CallbackContext, named: string[]): Promise<void> {
    if (!(await this.nonces.claim(m, nonce, timestamp, ctx.channel, ctx.sourceIp))) {
      throw payoutError(PayoutErrors.CallbackReplayed, '该回调已处理过（随机数重复），拒绝重放', { nonce });
    }
    await this.audit.record(
      { actor: null, action: 'payout.callback.received', targetType: 'payout_instruction', targetId: named[0],
        details: { channel: ctx.channel, sourceIp: ctx.sourceIp, nonce, instructionIds: named } },
      m,
    );
  }

  private async refuse(refusal: CallbackRefusal | 'REPLAYED', reason: string, ctx: CallbackContext, named: string[], d: Partial<SignedCallback>): Promise<never> {
    await this.audit.record({
      actor: null, action: 'payout.callback.refused', outcome: 'denied', targetType: 'payout_instruction', targetId: named[0],
      details: { refusal, reason, channel: ctx.channel, sourceIp: ctx.sourceIp, instructionIds: named, nonce: d.nonce ?? null, timestamp: d.timestamp ?? null },
    });
    throw payoutError(REFUSAL_CODES[refusal], `回调被拒绝：${reason}`);
  }
}
