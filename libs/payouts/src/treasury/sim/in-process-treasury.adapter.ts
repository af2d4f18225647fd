import { FieldCipher } from '@app/core';
import { SignedCallback, signCallback } from '../callback-signature';
import { PaymentOrder, TreasuryPort, TreasuryResult, TreasuryUnavailableError } from '../treasury.port';
import { SimulatedBank, SimulatedTimeout } from './simulated-bank';

/** The simulated treasury in the platform's own process (embedded mode, tests, bench). */
export class InProcessTreasuryAdapter implements TreasuryPort {
  readonly kind = 'simulated' as const;

  constructor(
    readonly bank: SimulatedBank,
    private readonly cipher: FieldCipher,
    /** The callback key the simulated treasury signs with (as the real one would). */
    private readonly callbackKey: Buffer,
  ) {}

  async submit(orders: PaymentOrder[]): Promise<TreasuryResult[]> {
    try {
      return await this.bank.submit(
        orders.map((o) => ({
          instructionId: o.instructionId,
          amountFen: o.amountFen,
          payeeName: o.payeeName,
          payeeAccount: this.cipher.decrypt(o.payeeAccountEncrypted),
        })),
      );
    } catch (err) {
      if (err instanceof SimulatedTimeout) throw new TreasuryUnavailableError(err.message);
      throw err;
    }
  }

  async status(instructionIds: string[]): Promise<TreasuryResult[]> {
    try {
      return await this.bank.status(instructionIds);
    } catch (err) {
      if (err instanceof SimulatedTimeout) throw new TreasuryUnavailableError(err.message);
      throw err;
    }
  }

  onCallback(handler: (delivery: SignedCallback) => Promise<void>): void {
    this.bank.onCallback((results: TreasuryResult[]) => handler(signCallback(this.callbackKey, { results })));
  }
}
