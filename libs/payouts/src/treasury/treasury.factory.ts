import { DataSource } from 'typeorm';
import { AppConfig, FieldCipher, mutateReturning } from '@app/core';
import type { PayoutOptions } from '../payout.options';
import { FileTreasuryAdapter } from './file/file-treasury.adapter';
import { HttpTreasuryAdapter } from './http-treasury.adapter';
import { InProcessTreasuryAdapter } from './sim/in-process-treasury.adapter';
import { PgSimStore } from './sim/sim-store';
import { SimulatedBank } from './sim/simulated-bank';
import type { TreasuryPort } from './treasury.port';

/** The treasury adapter chosen by the options: the in-process simulator (its state in schema treasury_sim), HTTP or files. */
export function createTreasury(options: PayoutOptions, config: AppConfig, dataSource: DataSource): TreasuryPort {
  const cipher = new FieldCipher(config.keys);
  const t = options.treasury;
  if (t.kind === 'http') return new HttpTreasuryAdapter(t.url, cipher, t.timeoutMs);
  if (t.kind === 'file') return new FileTreasuryAdapter(t.dir ?? `${config.dataDir}/treasury`, cipher);
  const bank = new SimulatedBank(new PgSimStore((sql, params) => mutateReturning(dataSource, sql, params)));
  if (t.faults) bank.setFaults(t.faults);
  return new InProcessTreasuryAdapter(bank, cipher, config.keys.treasuryCallback.current);
}
