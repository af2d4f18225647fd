import { FieldCipher } from '@app/core';
import type { PaymentOrder, TreasuryPort, TreasuryResult } from './treasury.port';
import { TreasuryUnavailableError } from './treasury.port';

/**
 * Client of the treasury simulator run as its own HTTP service (treasury-sim.server.ts). A
 * timeout or a dropped connection means "outcome unknown": the sender asks for status on retry.
 */
export class HttpTreasuryAdapter implements TreasuryPort {
  readonly kind = 'http' as const;

  constructor(
    private readonly baseUrl: string,
    private readonly cipher: FieldCipher,
    private readonly timeoutMs = 10_000,
  ) {}

  async submit(orders: PaymentOrder[], context: { batchId: string; chunkId: string }): Promise<TreasuryResult[]> {
    const body = {
      batchId: context.batchId,
      chunkId: context.chunkId,
      orders: orders.map((o) => ({
        instructionId: o.instructionId,
        amountFen: o.amountFen,
        payeeName: o.payeeName,
        payeeAccount: this.cipher.decrypt(o.payeeAccountEncrypted),
      })),
    };
    return (await this.call<{ results: TreasuryResult[] }>('/payments', body)).results;
  }

  async status(instructionIds: string[]): Promise<TreasuryResult[]> {
    return (await this.call<{ results: TreasuryResult[] }>('/payments/status', { instructionIds })).results;
  }

  private async call<T>(path: string, body: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(new URL(path, this.baseUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new TreasuryUnavailableError(`treasury ${path}: ${(err as Error).message}`);
    }
    if (res.status >= 500 || res.status === 408) throw new TreasuryUnavailableError(`treasury ${path}: HTTP ${res.status}`);
    if (!res.ok) throw new Error(`treasury ${path} refused the request: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
}
