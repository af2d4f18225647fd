import { DataSource } from 'typeorm';
import { AppConfig, FieldCipher, mutateReturning } from '@app/core';
import type { PayoutOptions } from '../payout.options';
import { FileTreasuryAdapter } from './file/file-treasury.adapter';
import { HttpTreasuryAdapter } from './http-treasury.adapter';
import { InProcessTreasuryAdapter } from './sim/in-process-treasury.adapter';
import { PgSimStore } from './sim/sim-store';
import { SimulatedBank } from './sim/simulated-bank';
import type { TreasuryPort } from './treasury.port';

/** The adapter TREASURY_MODE asks for, in the options' terms. */
export function treasuryFromConfig(t: AppConfig['treasury']): NonNullable<PayoutOptions['treasury']> {
  if (t.mode === 'http') return { kind: 'http', url: t.url, timeoutMs: t.timeoutMs };
  if (t.mode === 'file') return { kind: 'file', dir: t.dir };
  return { kind: 'simulated' };
}

/**
 * The treasury adapter: the one the options name (tests, benches), else the one TREASURY_MODE chooses —
 * the in-process simulator (its state in schema treasury_sim), the treasury's HTTP API, or payment files.
 */
export function createTreasury(options: PayoutOptions, config: AppConfig, dataSource: DataSource): TreasuryPort {
  const cipher = new FieldCipher(config.keys);
  const t = options.treasury ?? treasuryFromConfig(config.treasury);
  if (t.kind === 'http') return new HttpTreasuryAdapter(t.url, cipher, t.timeoutMs);
  if (t.kind === 'file') return new FileTreasuryAdapter(t.dir ?? `${config.dataDir}/treasury`, cipher);
  const bank = new SimulatedBank(new PgSimStore((sql, params) => mutateReturning(dataSource, sql, params)));
  if (t.faults) bank.setFaults(t.faults);
  return new InProcessTreasuryAdapter(bank, cipher, config.keys.treasuryCallback.current);
}
