import type { SignedCallback } from './callback-signature';

/**
 * The one port to the treasury system (预算管理一体化) and the bank behind it. Every adapter is
 * idempotent by instruction id: submitting an instruction it already holds books nothing new and
 * answers with what it holds.
 */
export interface PaymentOrder {
  instructionId: string;
  batchId: string;
  amountFen: number;
  payeeName: string;
  /** Encrypted with the platform FieldCipher; only an adapter decrypts it, to hand it to the bank. */
  payeeAccountEncrypted: string;
  payeeBankName: string | null;
  budgetSubject: string;
  fundPoolId: string;
}

/**
 * settled: debited and credited to the payee; returned: debited, refused by the payee's bank and
 * credited back; failed: refused, nothing debited; accepted: taken, result comes later (file, async
 * bank); unknown: the treasury has never seen the instruction.
 */
export type TreasuryOutcome = 'settled' | 'returned' | 'failed' | 'accepted' | 'unknown';

export interface TreasuryResult {
  instructionId: string;
  status: TreasuryOutcome;
  amountFen: number | null;
  bankRef: string | null;
  reason: string | null;
  at: string;
}

export interface TreasuryPort {
  readonly kind: 'simulated' | 'http' | 'file';
  /** Sends a chunk of orders in one call (the treasury API takes a batch). */
  submit(orders: PaymentOrder[], context: { batchId: string; chunkId: string }): Promise<TreasuryResult[]>;
  /** What the treasury knows of these instructions; never books anything. */
  status(instructionIds: string[]): Promise<TreasuryResult[]>;
  /**
   * Results pushed back by the treasury (callbacks), each delivery signed as over HTTP (body
   * `{ results }`); may deliver the same result more than once.
   */
  onCallback?(handler: (delivery: SignedCallback) => Promise<void>): void;
}

export const TREASURY_PORT = Symbol('TREASURY_PORT');

/** The call's outcome is unknown (timeout, connection lost, answer lost): ask for status before re-sending. */
export class TreasuryUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TreasuryUnavailableError';
  }
}
