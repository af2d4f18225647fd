import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AppConfig, AuditService } from '@app/core';
import type { PayoutSender, RecordResultsOptions } from '../sending/payout-sender';
import type { RecordedCounts } from '../sending/result-recorder';
import type { CallbackNoncesRepository } from './callback-nonces.repository';
import { CALLBACK_MAX_SKEW_MS, signCallback } from './callback-signature';
import { TreasuryCallbackReceiver } from './treasury-callback.receiver';
import type { TreasuryPort, TreasuryResult } from './treasury.port';

/** The nonce store's contract, in memory. */
class MemoryNonces {
  readonly seen = new Map<string, { channel: string; sourceIp: string | null }>();
  async claim(_m: unknown, nonce: string, _at: number, channel: string, sourceIp: string | null) {
    if (this.seen.has(nonce)) return false;
    this.seen.set(nonce, { channel, sourceIp });
    return true;
  }
}

const ins = (n: number) => `01900000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const counts: RecordedCounts = { settled: 1, returned: 0, failed: 0, accepted: 0, ignored: 0, unconfirmedReturns: [] };

function setup() {
  const key = randomBytes(32);
  const nonces = new MemoryNonces();
  const recorded: Array<{ results: TreasuryResult[]; source: string }> = [];
  // Like PayoutSender: the caller's step runs first in the recording transaction; if it throws, nothing is recorded.
  const sender = {
    recordResults: jest.fn(async (results: TreasuryResult[], source: string, options: RecordResultsOptions = {}) => {
      await options.inTransaction?.({} as EntityManager);
      recorded.push({ results, source });
      return counts;
    }),
  };
  const audit = { record: jest.fn(async () => undefined) };
  const config = { keys: { treasuryCallback: { current: key, accepted: [key] } } } as unknown as AppConfig;
  const receiver = new TreasuryCallbackReceiver(sender as unknown as PayoutSender, nonces as unknown as CallbackNoncesRepository, audit as unknown as AuditService, {} as TreasuryPort, config);
  return { key, nonces, recorded, sender, audit, receiver };
}

const http = { sourceIp: '10.0.0.8', channel: 'http' as const };
const code = async (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code ?? String(e));
const ok = (id: string, status: string) => ({ instructionId: id, status, amountFen: 100, bankRef: 'B', reason: null, at: '2026-12-03T00:00:00Z' });

describe('TreasuryCallbackReceiver decisions (no database)', () => {
  it('records the well-formed results of a signed callback once, with its nonce and audit entry in the same transaction', async () => {
    const { key, nonces, recorded, audit, receiver } = setup();
    const d = signCallback(key, { results: [ok(ins(1), 'settled'), ok(ins(2), 'paid?'), { status: 'settled' }, ok(ins(3), 'returned')] });
    expect(await receiver.receive(d, http)).toEqual(counts);
    expect(recorded).toEqual([{ source: 'treasury.http_callback', results: [expect.objectContaining({ instructionId: ins(1) }), expect.objectContaining({ instructionId: ins(3) })] }]);
    expect(nonces.seen.get(d.nonce)).toEqual({ channel: 'http', sourceIp: '10.0.0.8' });
    expect(audit.record).toHaveBeenCalledWith(
      expect.objectContaining({ action: 'payout.callback.received', targetId: ins(1), details: expect.objectContaining({ nonce: d.nonce, instructionIds: [ins(1), ins(2), ins(3)] }) }),
      expect.anything(),
    );

    expect(await code(receiver.receive(d, http))).toBe('PAYOUT_CALLBACK.REPLAYED');
    expect(recorded).toHaveLength(1);
    expect(audit.record).toHaveBeenLastCalledWith(expect.objectContaining({ action: 'payout.callback.refused', outcome: 'denied', details: expect.objectContaining({ refusal: 'REPLAYED', sourceIp: '10.0.0.8' }) }));
  });

  it('refuses a forged or stale callback before anything is recorded, and audits the refusal', async () => {
    const { key, nonces, sender, audit, receiver } = setup();
    const forged = signCallback(randomBytes(32), { results: [ok(ins(1), 'settled')] });
    expect(await code(receiver.receive(forged, http))).toBe('PAYOUT_CALLBACK.SIGNATURE_INVALID');
    const stale = signCallback(key, { results: [ok(ins(1), 'settled')] }, Date.now() - CALLBACK_MAX_SKEW_MS - 60_000);
    expect(await code(receiver.receive(stale, { sourceIp: null, channel: 'in-process' }))).toBe('PAYOUT_CALLBACK.STALE');
    expect(await code(receiver.receive({ body: {} }, http))).toBe('PAYOUT_CALLBACK.SIGNATURE_INVALID');
    expect(sender.recordResults).not.toHaveBeenCalled();
    expect(nonces.seen.size).toBe(0);
    expect(audit.record).toHaveBeenCalledTimes(3);
    expect(audit.record).toHaveBeenCalledWith(expect.objectContaining({ action: 'payout.callback.refused', details: expect.objectContaining({ refusal: 'STALE', channel: 'in-process' }) }));
  });
});
