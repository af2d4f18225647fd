import { randomBytes } from 'node:crypto';
import type { TreasuryResult } from '../treasury.port';
import { SimPayment, SimStore, SimSummary } from './sim-store';

/** A payment order as the bank sees it: the account in clear (the adapter decrypted it). */
export interface BankOrder {
  instructionId: string;
  amountFen: number;
  payeeName: string;
  payeeAccount: string;
}

/** Switchable faults. Rates are 0..1; `next*` counters hit the next N calls exactly (deterministic tests). */
export interface TreasuryFaults {
  /** Added to every call. */
  latencyMs?: number;
  /** The call never reaches the bank (nothing booked) and the caller times out. */
  timeoutRate?: number;
  timeoutNextCalls?: number;
  /** The bank books the whole call but the answer is lost on the way back. */
  lostAnswerRate?: number;
  loseNextAnswers?: number;
  /** Every result is also pushed back through the callback, twice. */
  duplicateCallbacks?: boolean;
  /** Share of orders in a call the bank refuses (final, nothing debited): a partially failed batch. */
  partialFailureRate?: number;
  /** Accounts the payee bank returns (closed, 销户); any account ending in `closedAccountSuffix` too. */
  closedAccounts?: string[];
  closedAccountSuffix?: string;
}

export class SimulatedTimeout extends Error {
  constructor(readonly booked: boolean) {
    super(booked ? 'treasury answer lost (the call was booked)' : 'treasury call timed out (nothing booked)');
    this.name = 'SimulatedTimeout';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const toResult = (p: SimPayment): TreasuryResult => ({
  instructionId: p.instructionId,
  status: p.status,
  amountFen: p.amountFen,
  bankRef: p.bankRef,
  reason: p.reason,
  at: p.at,
});

/**
 * The simulated treasury + bank. Idempotent by instruction id: its store holds one booking per
 * instruction, so a second submission debits nothing and answers with the first outcome.
 */
export class SimulatedBank {
  private faults: TreasuryFaults = {};
  private callback?: (results: TreasuryResult[]) => Promise<void>;
  private readonly pendingCallbacks = new Set<Promise<void>>();
  private rnd: () => number = Math.random;

  constructor(readonly store: SimStore) {}

  setFaults(faults: TreasuryFaults): void {
    this.faults = { ...faults };
  }

  getFaults(): TreasuryFaults {
    return { ...this.faults };
  }

  /** Deterministic fault dice for tests. */
  setRandom(rnd: () => number): void {
    this.rnd = rnd;
  }

  onCallback(handler: (results: TreasuryResult[]) => Promise<void>): void {
    this.callback = handler;
  }

  private hit(rate: number | undefined, counter: 'timeoutNextCalls' | 'loseNextAnswers'): boolean {
    const n = this.faults[counter] ?? 0;
    if (n > 0) {
      this.faults[counter] = n - 1;
      return true;
    }
    return !!rate && this.rnd() < rate;
  }

  isClosed(account: string): boolean {
    const f = this.faults;
    const suffix = f.closedAccountSuffix ?? '0000';
    return (f.closedAccounts ?? []).includes(account) || (suffix !== '' && account.endsWith(suffix));
  }

  async submit(orders: BankOrder[]): Promise<TreasuryResult[]> {
    if (this.faults.latencyMs) await sleep(this.faults.latencyMs);
    if (this.hit(this.faults.timeoutRate, 'timeoutNextCalls')) throw new SimulatedTimeout(false);
    const at = new Date().toISOString();
    const payments: SimPayment[] = orders.map((o) => {
      let status: SimPayment['status'] = 'settled';
      let reason: string | null = null;
      if (this.faults.partialFailureRate && this.rnd() < this.faults.partialFailureRate) {
        status = 'failed';
        reason = '银行系统拒绝：批内部分失败';
      } else if (this.isClosed(o.payeeAccount)) {
        status = 'returned';
        reason = '收款账户已销户';
      }
      return {
        instructionId: o.instructionId,
        amountFen: o.amountFen,
        payeeName: o.payeeName,
        accountTail: o.payeeAccount.slice(-4),
        status,
        bankRef: `SIM${Date.now().toString(36).toUpperCase()}${randomBytes(4).toString('hex').toUpperCase()}`,
        reason,
        at,
      };
    });
    await this.store.book(payments);
    const held = await this.store.find(orders.map((o) => o.instructionId));
    const results = held.map(toResult);
    if (this.faults.duplicateCallbacks && this.callback) {
      const cb = this.callback;
      const p = (async () => {
        await sleep(1);
        await cb(results);
        await cb(results);
      })()
        .catch(() => undefined)
        .finally(() => this.pendingCallbacks.delete(p));
      this.pendingCallbacks.add(p);
    }
    if (this.hit(this.faults.lostAnswerRate, 'loseNextAnswers')) throw new SimulatedTimeout(true);
    return results;
  }

  async status(instructionIds: string[]): Promise<TreasuryResult[]> {
    if (this.faults.latencyMs) await sleep(this.faults.latencyMs);
    const held = new Map((await this.store.find(instructionIds)).map((p) => [p.instructionId, p]));
    return instructionIds.map((id) => {
      const p = held.get(id);
      return p ? toResult(p) : { instructionId: id, status: 'unknown', amountFen: null, bankRef: null, reason: null, at: new Date().toISOString() };
    });
  }

  /** Resolves once every callback fired so far was delivered (tests). */
  async callbacksDelivered(): Promise<void> {
    while (this.pendingCallbacks.size > 0) await Promise.all([...this.pendingCallbacks]);
  }

  summary(): Promise<SimSummary> {
    return this.store.summary();
  }
}
