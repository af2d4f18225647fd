import { mkdtempSync, rmSync } from 'node:fs';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTreasurySimServer, FileSimStore, SimPayment, SimulatedBank, TreasuryFaults } from '@app/payouts';

/**
 * The simulated treasury/bank as a service of its own (HTTP, state in files): outside the
 * platform's database, so it lives on when that database is restarted or restored from a backup —
 * as the real bank does. The platform reaches it with `treasury: { kind: 'http', url }`.
 */
export interface ExternalBank {
  url: string;
  bank: SimulatedBank;
  /** Every payment the bank booked (one per instruction id, whatever was asked twice). */
  payments(): Promise<SimPayment[]>;
  close(): Promise<void>;
}

export async function startExternalBank(faults: TreasuryFaults = {}): Promise<ExternalBank> {
  const dir = mkdtempSync(join(tmpdir(), 'qq-bank-'));
  const store = new FileSimStore(dir);
  await store.init();
  const bank = new SimulatedBank(store);
  bank.setFaults({ closedAccountSuffix: '', ...faults });
  const server: Server = createTreasurySimServer(bank);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bank,
    payments: () => store.all(),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
